package io.energymon.uploader.directory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code configFeed}: UP once {@code config.v1} was read to its end (the uploader knows every enterprise and
 * its targets), DOWN before. Item values arriving meanwhile are parked, not lost.
 */
@Component("configFeedHealthIndicator")
public class ConfigFeedHealthIndicator implements HealthIndicator {
    private final EnterpriseConfigFeed feed;
    private final EnterpriseDirectory directory;

    public ConfigFeedHealthIndicator(EnterpriseConfigFeed feed, EnterpriseDirectory directory) {
        this.feed = feed;
        this.directory = directory;
    }

    @Override
    public Health health() {
        Health.Builder b = feed.caughtUp() ? Health.up() : Health.down().withDetail("reason",
                "正在读取主数据 / reading " + feed.topic() + " to its end");
        b.withDetail("topic", feed.topic()).withDetail("enterprises", directory.size())
                .withDetail("unknownPlatformTargets", feed.unknownPlatformTargets());
        if (feed.lastChange() != null) {
            b.withDetail("lastChange", feed.lastChange().toString());
        }
        return b.build();
    }
}
