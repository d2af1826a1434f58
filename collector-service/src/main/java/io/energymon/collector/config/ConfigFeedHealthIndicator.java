package io.energymon.collector.config;

import io.energymon.collector.poll.PollPlanner;
import io.energymon.configclient.ConfigFeed;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code configFeed} (part of the readiness group): UP once the collector has a configuration,
 * from Kafka or from its disk cache, so a collector restarted while Kafka is unreachable is ready as soon as its
 * cache is loaded; DOWN while it has neither. Details: where the configuration came from, whether the topic has been
 * read to its end, enterprises and points in the poll plan, malformed records.
 */
@Component("configFeedHealthIndicator")
public class ConfigFeedHealthIndicator implements HealthIndicator {
    private final ConfigFeedLifecycle lifecycle;
    private final PollPlanner planner;

    public ConfigFeedHealthIndicator(ConfigFeedLifecycle lifecycle, PollPlanner planner) {
        this.lifecycle = lifecycle;
        this.planner = planner;
    }

    @Override
    public Health health() {
        ConfigFeed feed = lifecycle.feed();
        CollectorProperties props = lifecycle.properties();
        Health.Builder b = feed.origin() == ConfigFeed.Origin.NONE ? Health.down() : Health.up();
        b.withDetail("topic", props.configTopic())
                .withDetail("origin", feed.origin().name())
                .withDetail("caughtUp", feed.caughtUp())
                .withDetail("enterprises", planner.plan().enterprises().size())
                .withDetail("points", planner.plan().pointCount())
                .withDetail("malformed", feed.malformedCount());
        if (feed.origin() == ConfigFeed.Origin.NONE) {
            b.withDetail("reason", "no configuration yet: " + props.configTopic() + " not read and no usable cache");
        }
        return b.build();
    }
}
