package io.energymon.collector.poll;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.config.CollectorProperties.EnterpriseConfig;
import io.energymon.collector.modbus.ModbusTcpSource;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls every configured device once per slot, at slot start + offset, and publishes one batch per enterprise
 * stamped with the slot start. Each run schedules the next one from the wall clock, so a slow poll never shifts the
 * grid and an exception never stops the loop.
 */
@Component
public class Poller implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final CollectorProperties props;
    private final ReadingPublisher publisher;
    private final Clock clock;
    private final SlotClock slots;
    private final List<EnterpriseSources> enterprises;
    private final Timer pollTimer;
    private final Counter badReadings;
    private final Counter goodReadings;
    private final Counter publishFailures;
    private final AtomicReference<Instant> lastSlotPublished = new AtomicReference<>();
    private ScheduledExecutorService executor;

    private record EnterpriseSources(EnterpriseConfig config, List<PointSource> sources) {
    }

    public Poller(CollectorProperties props, ReadingPublisher publisher, MeterRegistry registry) {
        this.props = props;
        this.publisher = publisher;
        this.clock = Clock.systemUTC();
        this.slots = new SlotClock(props.slot());
        this.enterprises = props.enterprises().stream()
                .map(e -> new EnterpriseSources(e, e.devices().stream().map(Poller::source).toList()))
                .toList();
        this.pollTimer = Timer.builder("collector_poll_duration").description("time to poll all devices of one slot")
                .register(registry);
        this.goodReadings = Counter.builder("collector_readings_total").tag("quality", "good").register(registry);
        this.badReadings = Counter.builder("collector_readings_total").tag("quality", "bad").register(registry);
        this.publishFailures = Counter.builder("collector_publish_failures_total").register(registry);
    }

    private static PointSource source(CollectorProperties.DeviceConfig d) {
        return switch (d.protocol().toLowerCase(Locale.ROOT)) {
            case "modbus-tcp" -> new ModbusTcpSource(d);
            default -> throw new IllegalArgumentException("device " + d.id() + ": unsupported protocol '" + d.protocol()
                    + "' (supported: modbus-tcp)");
        };
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("poller").daemon().unstarted(r));
        scheduleNext();
        log.info("collector {} polling {} enterprise(s) every {}", props.collectorId(), enterprises.size(), props.slot());
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        Instant slot = slots.nextSlotAfter(now.minus(props.slotOffset()));
        long delay = Duration.between(now, slot.plus(props.slotOffset())).toMillis();
        executor.schedule(() -> runSlot(slot), Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    private void runSlot(Instant slot) {
        try {
            pollTimer.record(() -> pollAll(slot));
        } catch (Throwable t) {
            log.error("poll of slot {} failed", slot, t);
        } finally {
            if (!executor.isShutdown()) {
                scheduleNext();
            }
        }
    }

    /** Polls every enterprise for one slot. Package-visible for tests. */
    void pollAll(Instant slot) {
        for (EnterpriseSources e : enterprises) {
            MDC.put("tenantId", e.config().tenantId());
            MDC.put("enterpriseCode", e.config().enterpriseCode());
            try {
                List<Reading> readings = new ArrayList<>();
                for (PointSource s : e.sources()) {
                    readings.addAll(s.read(slot));
                }
                long bad = readings.stream().filter(r -> r.quality() == Quality.BAD).count();
                goodReadings.increment(readings.size() - bad);
                badReadings.increment(bad);
                var batch = new ReadingBatch(UUID.randomUUID(), e.config().tenantId(), e.config().enterpriseCode(),
                        props.collectorId(), slot, props.slot(), readings);
                publisher.publish(batch);
                lastSlotPublished.set(slot);
                log.debug("published {} readings ({} bad) for slot {}", readings.size(), bad, slot);
            } catch (RuntimeException ex) {
                publishFailures.increment();
                log.error("slot {} not published: {}", slot, rootCause(ex));
            } finally {
                MDC.remove("tenantId");
                MDC.remove("enterpriseCode");
            }
        }
    }

    private static String rootCause(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            t = c;
        }
        return sb.toString();
    }

    /** The last slot whose batch the broker acknowledged, or null. */
    public Instant lastSlotPublished() {
        return lastSlotPublished.get();
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        enterprises.forEach(e -> e.sources().forEach(PointSource::close));
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
