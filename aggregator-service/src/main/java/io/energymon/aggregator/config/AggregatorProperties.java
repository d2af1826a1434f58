package io.energymon.aggregator.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.aggregator.*}. Master data (enterprises, points, data items and their formulas) is not
 * configured here: it arrives over {@code config.v1} (see {@link ConfigFeedLifecycle}).
 *
 * @param outboxPollInterval how often the outbox relay looks for unpublished rows
 * @param outboxBatchSize    rows relayed per round
 * @param configTopic        the compacted topic carrying one configuration snapshot per enterprise
 */
@ConfigurationProperties("energymon.aggregator")
public record AggregatorProperties(@DefaultValue("PT0.2S") Duration outboxPollInterval,
                                   @DefaultValue("500") int outboxBatchSize,
                                   @DefaultValue("config.v1") String configTopic) {
}
