package io.energymon.collector.config;

import io.energymon.collector.poll.PollPlanner;
import io.energymon.configclient.ConfigFeed;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Owns the {@link ConfigFeed} of this collector: it keeps the enterprises that have at least one device of this
 * collector, feeds every change to the {@link PollPlanner}, and keeps the last configuration in
 * {@code energymon.collector.config-cache}. Started before the poller (the configuration from the cache is in the plan
 * when the first tick is scheduled), closed after it on shutdown.
 *
 * <p>The feed connects to {@code spring.kafka.consumer.bootstrap-servers}, else {@code spring.kafka.bootstrap-servers}.
 */
@Component
public class ConfigFeedLifecycle implements SmartLifecycle {
    /** Before the poller ({@link SmartLifecycle#DEFAULT_PHASE}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1000;
    private static final Logger log = LoggerFactory.getLogger(ConfigFeedLifecycle.class);

    private final CollectorProperties props;
    private final ConfigFeed feed;
    private volatile boolean running;

    public ConfigFeedLifecycle(CollectorProperties props, KafkaProperties kafka, PollPlanner planner,
                               MeterRegistry registry) {
        this.props = props;
        List<String> servers = kafka.getConsumer().getBootstrapServers() != null
                ? kafka.getConsumer().getBootstrapServers() : kafka.getBootstrapServers();
        String collectorId = props.collectorId();
        this.feed = new ConfigFeed(new ConfigFeed.Options(String.join(",", servers), props.configTopic(),
                props.configCacheFile(), c -> PollPlanner.hasDevicesOf(c, collectorId), null,
                "collector-" + collectorId + "-config", kafka.buildConsumerProperties()), planner);
        FunctionCounter.builder("collector_malformed_events_total", feed, ConfigFeed::malformedCount)
                .tag("topic", props.configTopic()).description("config records that could not be decoded")
                .register(registry);
        Gauge.builder("collector_config_cache_in_use", feed, f -> f.origin() == ConfigFeed.Origin.CACHE ? 1 : 0)
                .description("1 while the configuration in use comes from the disk cache (Kafka not read yet)")
                .register(registry);
    }

    public ConfigFeed feed() {
        return feed;
    }

    public CollectorProperties properties() {
        return props;
    }

    @Override
    public void start() {
        log.info("collector {} reads its configuration from {} (cache {})", props.collectorId(), props.configTopic(),
                props.configCacheFile() == null ? "none" : props.configCacheFile().toAbsolutePath());
        feed.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        feed.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
