package io.energymon.collector.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How this collector runs. Bound from {@code energymon.collector.*}. What it polls (enterprises, devices, points) is
 * not configured here: it comes from {@code config.v1} (the devices whose {@code collectorId} is this collector's
 * id) and is kept on disk in {@code config-cache}.
 *
 * <p>There is no global slot any more: every point carries its own {@code slot} (PointConfig, default 15 minutes,
 * dividing a day), and the poller wakes up at the next slot start of any point in its plan (plus the offset), so a
 * PT1M point is polled every minute and a PT15M point at quarter hours. The former property
 * {@code energymon.collector.slot} is ignored if still set.
 *
 * @param collectorId name of this collector instance: it polls the devices whose {@code collectorId} is this value,
 *                    and it is carried in every batch (default {@code collector-1})
 * @param slotOffset  how long after a slot start the poll runs, so that meters have updated (default 1 s); it should
 *                    be shorter than the shortest point slot (a point whose slot is not longer is logged at WARN)
 * @param configTopic the topic the configuration is read from (default {@code config.v1})
 * @param configCache file in which the last configuration read from Kafka is kept, and from which the collector
 *                    starts while Kafka is unreachable (default {@code data/collector-config.json}, relative to the
 *                    working directory; blank = no cache)
 * @param bufferDir   directory of the store-and-forward buffer: every batch is written there (forced to disk) before
 *                    it is published, and deleted once the broker acknowledged it (default {@code data/collector-buffer})
 * @param bufferMaxSize how much the buffer may hold while the broker is unreachable; beyond it the oldest batches are
 *                    dropped first (default 1GB: at 2 000 points on 1-minute slots, about a week)
 */
@ConfigurationProperties("energymon.collector")
public record CollectorProperties(@DefaultValue("collector-1") String collectorId,
                                  @DefaultValue("PT1S") Duration slotOffset,
                                  @DefaultValue("config.v1") String configTopic,
                                  @DefaultValue("data/collector-config.json") String configCache,
                                  @DefaultValue("data/collector-buffer") Path bufferDir,
                                  @DefaultValue("1GB") DataSize bufferMaxSize) {

    public CollectorProperties {
        if (collectorId == null || collectorId.isBlank()) {
            throw new IllegalArgumentException("energymon.collector.collector-id must not be blank");
        }
        if (slotOffset == null || slotOffset.isNegative() || slotOffset.compareTo(Duration.ofDays(1)) >= 0) {
            throw new IllegalArgumentException("energymon.collector.slot-offset must be >= 0 and shorter than a day, got "
                    + slotOffset);
        }
        if (bufferMaxSize.toBytes() <= 0) {
            throw new IllegalArgumentException("energymon.collector.buffer-max-size must be positive");
        }
        if (configTopic == null || configTopic.isBlank()) {
            throw new IllegalArgumentException("energymon.collector.config-topic must not be blank");
        }
    }

    /** The cache file, or null when none is configured. */
    public Path configCacheFile() {
        return configCache == null || configCache.isBlank() ? null : Path.of(configCache.strip());
    }
}
