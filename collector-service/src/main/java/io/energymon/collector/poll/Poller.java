package io.energymon.collector.poll;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.poll.PollPlan.DevicePlan;
import io.energymon.collector.poll.PollPlan.EnterprisePlan;
import io.energymon.collector.publish.ReadingSink;
import io.energymon.collector.publish.ReadingPublisher.PublishException;
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
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls the points of the {@link PollPlan} on their slot grids and hands the readings over for publication: in
 * production to the disk buffer ({@code publish.ReadingBuffer}, forced to disk before the tick goes on), from which
 * {@code publish.ReadingForwarder} publishes them, so the poll thread never waits for Kafka.
 *
 * <p>Each point is polled on its own slot grid (slot starts are multiples of the slot length since the epoch, so
 * PT15M points are read at :00, :15, ...; PT1M points every minute), at slot start + {@code slot-offset}. The poller
 * wakes at the next slot start of any slot length in the plan; at that tick it reads, per enterprise, every slot
 * length whose grid contains the tick and publishes one {@link ReadingBatch} per (enterprise, slot length), stamped
 * with the slot start, {@code slotLength} = that length (a batch of more than {@value #MAX_READINGS_PER_BATCH}
 * readings is split, to stay under the broker's record size limit).
 *
 * <p>Everything runs on one thread: ticks, the closing of the sources a configuration change retired, and the
 * rescheduling after a change, so a change never races a poll (the plan itself is read once per tick through an
 * atomic reference). Each tick schedules the next from the wall clock, so a slow poll never shifts the grid and an
 * exception never stops the loop. With a sink that publishes directly (tests), a publication that fails because the
 * broker is unreachable skips the rest of the tick's batches (they would each wait for the broker as long again).
 */
@Component
public class Poller implements SmartLifecycle, PollPlanner.Listener {
    /** Largest batch published; a larger poll of one enterprise and slot length is split. */
    public static final int MAX_READINGS_PER_BATCH = 2_000;
    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final CollectorProperties props;
    private final PollPlanner planner;
    private final ReadingSink sink;
    private final Clock clock;
    private final Timer pollTimer;
    private final Counter badReadings;
    private final Counter goodReadings;
    private final Counter publishFailures;
    private final AtomicReference<Instant> lastSlotPublished = new AtomicReference<>();
    private final Object lifecycle = new Object();
    private volatile ScheduledExecutorService executor;

    // confined to the poll thread
    private Instant lastTick;
    private Instant pendingTick;
    private ScheduledFuture<?> pending;

    public Poller(CollectorProperties props, PollPlanner planner, ReadingSink sink, MeterRegistry registry) {
        this.props = props;
        this.planner = planner;
        this.sink = sink;
        this.clock = Clock.systemUTC();
        this.pollTimer = Timer.builder("collector_poll_duration").description("time to poll and publish one tick")
                .register(registry);
        this.goodReadings = Counter.builder("collector_readings_total").tag("quality", "good").register(registry);
        this.badReadings = Counter.builder("collector_readings_total").tag("quality", "bad").register(registry);
        this.publishFailures = Counter.builder("collector_handoff_failures_total")
                .description("batches the poller could not hand over (buffer not writable, or a direct publish failed)")
                .register(registry);
        planner.setListener(this);
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (executor != null) {
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().name("poller").daemon().unstarted(r));
            executor.execute(this::reschedule);
        }
        PollPlan plan = planner.plan();
        log.info("collector {} polling {} point(s) of {} enterprise(s) on slots {}", props.collectorId(),
                plan.pointCount(), plan.enterprises().size(), plan.slotLengths());
    }

    /** Called by the planner (on the feed's thread): hands the retired sources and the rescheduling to the poll thread. */
    @Override
    public void planChanged(PollPlan plan, List<PointSource> retired) {
        synchronized (lifecycle) {
            ScheduledExecutorService e = executor;
            if (e != null && !e.isShutdown()) {
                try {
                    e.execute(() -> {
                        retired.forEach(PollPlanner::closeQuietly);
                        reschedule();
                    });
                    return;
                } catch (RejectedExecutionException ex) {
                    // shutting down: nothing polls any more
                }
            }
        }
        retired.forEach(PollPlanner::closeQuietly);
    }

    /** On the poll thread: makes sure the earliest due tick of the current plan is scheduled. */
    private void reschedule() {
        Instant next = nextTick();
        if (next == null) {
            return; // nothing to poll; a pending tick (if any) runs and finds nothing, a plan change wakes us again
        }
        if (pending != null && !pending.isDone()) {
            if (!pendingTick.isAfter(next)) {
                return; // the pending tick comes first; after it the next one is computed from the new plan
            }
            pending.cancel(false);
        }
        schedule(next);
    }

    /** The first slot start of any slot length of the plan after the last tick and after now - offset; null if none. */
    private Instant nextTick() {
        PollPlan plan = planner.plan();
        if (plan.slotLengths().isEmpty()) {
            return null;
        }
        Instant from = clock.instant().minus(props.slotOffset());
        if (lastTick != null && lastTick.isAfter(from)) {
            from = lastTick;
        }
        Instant next = null;
        for (Duration length : plan.slotLengths()) {
            Instant candidate = new SlotClock(length).nextSlotAfter(from);
            if (next == null || candidate.isBefore(next)) {
                next = candidate;
            }
        }
        return next;
    }

    private void schedule(Instant tick) {
        ScheduledExecutorService e = executor;
        if (e == null) {
            return;
        }
        long delay = Duration.between(clock.instant(), tick.plus(props.slotOffset())).toMillis();
        try {
            pending = e.schedule(() -> runTick(tick), Math.max(0, delay), TimeUnit.MILLISECONDS);
            pendingTick = tick;
        } catch (RejectedExecutionException ex) {
            pending = null; // stopping
        }
    }

    private void runTick(Instant tick) {
        try {
            pollTimer.record(() -> poll(tick));
        } catch (Throwable t) {
            log.error("poll of slot {} failed", tick, t);
        } finally {
            lastTick = tick;
            pending = null;
            ScheduledExecutorService e = executor;
            if (e != null && !e.isShutdown()) {
                Instant next = nextTick();
                if (next != null) {
                    schedule(next);
                }
            }
        }
    }

    /**
     * Polls, for every enterprise of the current plan, each slot length whose grid contains {@code tick}, and
     * publishes one batch per (enterprise, slot length). Package-visible for tests (call it on one thread only).
     */
    void poll(Instant tick) {
        PollPlan plan = planner.plan();
        List<ReadingBatch> batches = new ArrayList<>();
        for (EnterprisePlan e : plan.enterprises().values()) {
            MDC.put("tenantId", e.tenantId());
            MDC.put("enterpriseCode", e.enterpriseCode());
            try {
                for (Duration length : e.slotLengths()) {
                    if (!new SlotClock(length).slotOf(tick).equals(tick)) {
                        continue;
                    }
                    List<Reading> readings = new ArrayList<>();
                    for (DevicePlan d : e.devices()) {
                        readings.addAll(read(d.source(), tick, length));
                    }
                    if (readings.isEmpty()) {
                        continue;
                    }
                    long bad = readings.stream().filter(r -> r.quality() == Quality.BAD).count();
                    goodReadings.increment(readings.size() - bad);
                    badReadings.increment(bad);
                    for (int from = 0; from < readings.size(); from += MAX_READINGS_PER_BATCH) {
                        batches.add(new ReadingBatch(UUID.randomUUID(), e.tenantId(), e.enterpriseCode(),
                                props.collectorId(), tick, length,
                                readings.subList(from, Math.min(readings.size(), from + MAX_READINGS_PER_BATCH))));
                    }
                }
            } finally {
                MDC.remove("tenantId");
                MDC.remove("enterpriseCode");
            }
        }
        publish(batches, tick);
    }

    private static List<Reading> read(PointSource source, Instant tick, Duration length) {
        try {
            return source.read(tick, length);
        } catch (RuntimeException ex) { // a source must not throw; if one does, its points are missing this slot
            log.error("device {} failed to read slot {}", source.deviceId(), tick, ex);
            return List.of();
        }
    }

    private void publish(List<ReadingBatch> batches, Instant tick) {
        for (int i = 0; i < batches.size(); i++) {
            ReadingBatch batch = batches.get(i);
            MDC.put("tenantId", batch.tenantId());
            MDC.put("enterpriseCode", batch.enterpriseCode());
            try {
                sink.accept(batch);
                lastSlotPublished.set(tick);
                log.debug("published {} readings of slot {} ({})", batch.readings().size(), tick, batch.slotLength());
            } catch (RuntimeException ex) {
                publishFailures.increment();
                log.error("slot {} ({}) not published: {}", tick, batch.slotLength(), rootCause(ex));
                if (ex instanceof PublishException pe && pe.brokerUnreachable() && i + 1 < batches.size()) {
                    int skipped = batches.size() - i - 1;
                    publishFailures.increment(skipped);
                    log.error("broker unreachable: the other {} batch(es) of slot {} are not published", skipped, tick);
                    return;
                }
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

    /** The last slot of which a batch was handed over (to the disk buffer in production), or null. */
    public Instant lastSlotHandedOver() {
        return lastSlotPublished.get();
    }

    @Override
    public void stop() {
        ScheduledExecutorService e;
        synchronized (lifecycle) {
            e = executor;
            if (e == null) {
                return;
            }
            e.shutdownNow();
        }
        try {
            if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("poll thread still busy after 10 s; closing the sources anyway");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            executor = null;
        }
        planner.plan().sources().forEach(PollPlanner::closeQuietly);
    }

    @Override
    public boolean isRunning() {
        ScheduledExecutorService e = executor;
        return e != null && !e.isShutdown();
    }

    /** Starts after the configuration feed (so the plan from the disk cache is there) and stops before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
