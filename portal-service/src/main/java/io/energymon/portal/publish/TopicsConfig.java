package io.energymon.portal.publish;

import io.energymon.portal.config.PortalProperties;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topics portal-service produces, created at start when missing: {@code config.v1} compacted and allowing
 * snapshots of large plants (8 MB per record, compressed by the producer), {@code meter-events.v1} plain.
 */
@Configuration
class TopicsConfig {
    static final String MAX_SNAPSHOT_BYTES = "8388608";

    @Bean
    NewTopic configTopic(PortalProperties props) {
        return new NewTopic(props.configTopic(), Optional.of(4), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", MAX_SNAPSHOT_BYTES));
    }

    @Bean
    NewTopic meterEventsTopic(PortalProperties props) {
        return new NewTopic(props.meterEventsTopic(), Optional.of(4), Optional.empty());
    }
}
