package io.energymon.aggregator.config;

import io.energymon.configclient.ConfigFeed;
import io.energymon.domain.config.EnterpriseConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows {@code energymon.aggregator.config-topic} ({@code config.v1}) with a {@link ConfigFeed} and rebuilds the
 * {@link ItemCatalog} on every change, within one poll of the feed: no restart. The whole topic is read from its
 * beginning at every start (no consumer group, no disk cache: the aggregator cannot work without Kafka anyway).
 * Starts before the Kafka listener containers; readings are consumed only once the configuration has been read to the
 * end ({@link ConfigLoadedEvent}), so that a restart never stores readings without deriving their items.
 */
@Component
public class ConfigFeedLifecycle implements SmartLifecycle {
    /** Before the listener containers ({@code Integer.MAX_VALUE - 100}), so they stop after the feed. */
    static final int PHASE = Integer.MAX_VALUE - 200;

    private final ItemCatalog catalog;
    private final AggregatorProperties props;
    private final KafkaProperties kafka;
    private final ApplicationEventPublisher events;
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile ConfigFeed feed;

    public ConfigFeedLifecycle(ItemCatalog catalog, AggregatorProperties props, KafkaProperties kafka,
                               ApplicationEventPublisher events, MeterRegistry registry) {
        this.catalog = catalog;
        this.props = props;
        this.kafka = kafka;
        this.events = events;
        FunctionCounter.builder("aggregator_malformed_events_total", this,
                        l -> l.feed == null ? 0 : l.feed.malformedCount())
                .tag("topic", props.configTopic()).register(registry);
    }

    @Override
    public synchronized void start() {
        if (feed != null) {
            return;
        }
        List<String> servers = kafka.getConsumer().getBootstrapServers() != null
                ? kafka.getConsumer().getBootstrapServers() : kafka.getBootstrapServers();
        ConfigFeed f = new ConfigFeed(new ConfigFeed.Options(String.join(",", servers), props.configTopic(), null,
                null, null, "aggregator-config-" + UUID.randomUUID(), kafka.buildConsumerProperties()), this::onChange);
        feed = f;
        f.start();
    }

    private void onChange(Map<String, EnterpriseConfig> all, Set<String> changed) {
        ConfigFeed f = feed;
        boolean caughtUp = f != null && f.caughtUp();
        catalog.update(all, changed, caughtUp);
        if (caughtUp && announced.compareAndSet(false, true)) {
            ItemCatalog.Snapshot s = catalog.snapshot();
            events.publishEvent(new ConfigLoadedEvent(s.enterprises().size(), s.itemCount()));
        }
    }

    /** The running feed, or null before start / after stop. */
    public ConfigFeed feed() {
        return feed;
    }

    public String topic() {
        return props.configTopic();
    }

    @Override
    public synchronized void stop() {
        ConfigFeed f = feed;
        feed = null;
        if (f != null) {
            f.close();
        }
    }

    @Override
    public boolean isRunning() {
        return feed != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
