package io.energymon.aggregator.config;

import io.energymon.configclient.ConfigFeed;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code configFeed}: UP once {@code config.v1} has been read to the end (the items in use are the configured
 * ones), DOWN before (readings wait in Kafka until then). Also part of the readiness group.
 */
@Component("configFeedHealthIndicator")
public class ConfigFeedHealthIndicator implements HealthIndicator {
    private final ConfigFeedLifecycle lifecycle;
    private final ItemCatalog catalog;

    public ConfigFeedHealthIndicator(ConfigFeedLifecycle lifecycle, ItemCatalog catalog) {
        this.lifecycle = lifecycle;
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        ConfigFeed feed = lifecycle.feed();
        ItemCatalog.Snapshot s = catalog.snapshot();
        Health.Builder b = feed != null && feed.caughtUp() && s.loaded() ? Health.up() : Health.down();
        return b.withDetail("topic", lifecycle.topic())
                .withDetail("loaded", s.loaded())
                .withDetail("enterprises", s.enterprises().size())
                .withDetail("items", s.itemCount())
                .withDetail("itemsSkipped", s.skippedCount())
                .withDetail("malformedRecords", feed == null ? 0 : feed.malformedCount())
                .build();
    }
}
