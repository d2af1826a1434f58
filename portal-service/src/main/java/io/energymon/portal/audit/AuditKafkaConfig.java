package io.energymon.portal.audit;

import io.energymon.portal.config.PortalProperties;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The audit topic and its dead-letter topic (created at start when missing), and the consumer's retry policy. */
@Configuration
class AuditKafkaConfig {

    @Bean
    NewTopic auditTopic(PortalProperties props) {
        return new NewTopic(props.auditTopic(), Optional.of(4), Optional.empty());
    }

    @Bean
    NewTopic auditDeadLetterTopic(PortalProperties props) {
        return TopicBuilder.name(AuditDeadLetters.topicOf(props.auditTopic())).partitions(1).build();
    }

    /**
     * A poll that fails for an outage (database down...) is retried whole, with back-off up to 30 s, for ever:
     * skipping it would lose audit events. Records that can never be stored do not reach here: the listener
     * dead-letters them itself.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
