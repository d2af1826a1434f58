package io.energymon.collector.poll;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.config.PollingProperties;
import io.energymon.collector.poll.PollPlan.DevicePlan;
import io.energymon.collector.poll.PollPlan.EnterprisePlan;
import io.energymon.collector.publish.ReadingSink;
import io.energymon.collector.publish.ReadingPublisher.PublishException;
import io.energymon.collector.source.PointChecks;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
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
 * <p>Devices are read concurrently, each on its own {@link DeviceWorker} (one reader thread per device read in
 * progress; a source is never read by two threads at once), under a {@link DeviceSupervision} state machine (ONLINE,
 * RETRYING with exponential back-off, DEFECTIVE probed once per {@code backoff-max}; see {@link PollingProperties}).
 * The poll thread only dispatches: at a tick it starts the reads and moves on. Each (enterprise, slot length) is
 * assembled once all its devices have answered or their read budget (a share of the slot length) has passed: a
 * device that has not answered by then, is still busy with an earlier slot, or is backing off contributes BAD
 * readings with the reason, never an old value, and its late answer is discarded; so a slow or dead device never
 * delays the others. Hand-overs are serialized.
 *
 * <p>The poll thread also runs the closing of the sources a configuration change retired (each once no read of it
 * runs) and the rescheduling after a change, so a change never races a dispatch (the plan itself is read once per
 * tick through an atomic reference). Each tick schedules the next from the wall clock, so a slow poll never shifts
 * the grid and an exception never stops the loop. With a sink that publishes directly (tests), a publication that
 * fails because the broker is unreachable skips the rest of that part's batches.
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
    private final PollingProperties polling;
    private final MeterRegistry registry;
    /** Reader threads (one per device read in progress), also used for assembly and hand-over. */
    private final ExecutorService readers;
    /** By enterprise key + "/" + device id. */
    private final Map<String, DeviceWorker> workers = new ConcurrentHashMap<>();
    private final Object handOverLock = new Object();
    /** Ticks dispatched by the poll thread and not handed over yet. */
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile ScheduledExecutorService executor;

    // confined to the poll thread
    private Instant lastTick;
    private Instant pendingTick;
    private ScheduledFuture<?> pending;

    /** With the default {@link PollingProperties}. */
    public Poller(CollectorProperties props, PollPlanner planner, ReadingSink sink, MeterRegistry registry) {
        this(props, PollingProperties.DEFAULTS, planner, sink, registry);
    }

    @Autowired
    public Poller(CollectorProperties props, PollingProperties polling, PollPlanner planner, ReadingSink sink,
                  MeterRegistry registry) {
        this.props = props;
        this.polling = polling;
        this.registry = registry;
        AtomicInteger threads = new AtomicInteger();
        // Platform threads, not virtual ones: the sources block in synchronized code (j2mod) on Java 21, which would
        // pin the few carrier threads; a thread per device read in progress is cheap at a collector's device count.
        this.readers = Executors.newCachedThreadPool(
                r -> Thread.ofPlatform().name("device-reader-" + threads.incrementAndGet()).daemon().unstarted(r));
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
                        retire(plan, retired);
                        reschedule();
                    });
                    return;
                } catch (RejectedExecutionException ex) {
                    // shutting down: nothing polls any more
                }
            }
        }
        retire(plan, retired);
    }

    /**
     * Closes the retired sources (each when no read of it runs any more) and drops the workers (and meters) of the
     * devices that left the plan.
     */
    private void retire(PollPlan plan, List<PointSource> retired) {
        retired.forEach(this::retire);
        Set<String> keys = new HashSet<>();
        plan.enterprises().forEach((key, e) -> e.devices().forEach(d -> keys.add(key + "/" + d.device().id())));
        workers.entrySet().removeIf(w -> {
            if (keys.contains(w.getKey())) {
                return false;
            }
            w.getValue().remove();
            return true;
        });
    }

    private void retire(PointSource s) {
        for (DeviceWorker w : workers.values()) {
            if (w.uses(s)) {
                w.retire(s);
                return;
            }
        }
        PollPlanner.closeQuietly(s);
    }

    /**
     * The supervision state of every device of the plan (in plan order), for the {@code devices} actuator endpoint.
     */
    public List<DeviceStatus> devices() {
        List<DeviceStatus> out = new ArrayList<>();
        planner.plan().enterprises().forEach((key, e) -> e.devices().forEach(d -> {
            DeviceWorker w = worker(key, e, d);
            DeviceSupervision.Snapshot s = w.supervision().snapshot();
            out.add(new DeviceStatus(e.tenantId(), e.enterpriseCode(), w.deviceId(), w.protocol(), d.points().size(),
                    s.state(), s.stateSince(), s.consecutiveFailures(), s.nextAttempt(), s.lastSuccess(),
                    s.lastFailure(), s.lastError()));
        }));
        return out;
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
        Timer.Sample sample = Timer.start();
        try {
            CompletableFuture<Void> f = dispatch(tick);
            inFlight.add(f);
            f.whenComplete((v, t) -> {
                inFlight.remove(f);
                sample.stop(pollTimer);
                if (t != null) {
                    log.error("poll of slot {} failed", tick, t);
                }
            });
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
     * Polls, for every enterprise of the current plan, each slot length whose grid contains {@code tick}, and hands
     * over one batch per (enterprise, slot length); returns once they are handed over (at most the longest read
     * budget of the tick). For tests; the poll thread uses {@link #dispatch}.
     */
    void poll(Instant tick) {
        dispatch(tick).join();
    }

    /**
     * Starts the reads of {@code tick} on every device's worker and returns at once; each (enterprise, slot length)
     * is assembled when all its devices have answered or their read budget has passed, then handed over. The future
     * completes when every part of the tick has been handed over (or failed to be).
     */
    CompletableFuture<Void> dispatch(Instant tick) {
        PollPlan plan = planner.plan();
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (Map.Entry<String, EnterprisePlan> entry : plan.enterprises().entrySet()) {
            EnterprisePlan e = entry.getValue();
            List<Duration> due = e.slotLengths().stream().filter(l -> new SlotClock(l).slotOf(tick).equals(tick))
                    .toList();
            if (due.isEmpty()) {
                continue;
            }
            MDC.put("tenantId", e.tenantId());
            MDC.put("enterpriseCode", e.enterpriseCode());
            try {
                Map<Duration, List<CompletableFuture<List<Reading>>>> byLength = new LinkedHashMap<>();
                for (DevicePlan d : e.devices()) {
                    Set<Duration> own = d.slotLengths();
                    List<Duration> lengths = due.stream().filter(own::contains).toList();
                    if (!lengths.isEmpty()) {
                        worker(entry.getKey(), e, d).start(d, tick, lengths)
                                .forEach((l, f) -> byLength.computeIfAbsent(l, k -> new ArrayList<>()).add(f));
                    }
                }
                deriveSteamHeat(e, tick, due, byLength);
                byLength.forEach((length, futures) -> parts.add(
                        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                                .thenRunAsync(() -> handOver(e, tick, length, futures), readers)));
            } finally {
                MDC.remove("tenantId");
                MDC.remove("enterpriseCode");
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }

    /**
     * Steam heat points ({@code EnterprisePlan.steam}) due at this tick: derived once every device read of the
     * enterprise's tick has ended, from all of them, and handed over with the readings of the derived point's slot
     * length.
     */
    private static void deriveSteamHeat(EnterprisePlan e, Instant tick, List<Duration> due,
                                        Map<Duration, List<CompletableFuture<List<Reading>>>> byLength) {
        Map<String, Duration> derivedSlots = new HashMap<>();
        e.steam().points().forEach(p -> derivedSlots.put(p.id(), PointChecks.effectiveSlot(p)));
        Set<Duration> lengths = new HashSet<>(derivedSlots.values());
        lengths.retainAll(due);
        if (lengths.isEmpty()) {
            return;
        }
        List<CompletableFuture<List<Reading>>> inputs = byLength.values().stream().flatMap(List::stream).toList();
        CompletableFuture<List<Reading>> derived = CompletableFuture.allOf(inputs.toArray(CompletableFuture[]::new))
                .thenApply(v -> e.steam().derive(tick, inputs.stream().flatMap(f -> f.join().stream()).toList()));
        for (Duration length : lengths) {
            byLength.computeIfAbsent(length, k -> new ArrayList<>()).add(derived.thenApply(list -> list.stream()
                    .filter(r -> length.equals(derivedSlots.get(r.pointId()))).toList()));
        }
    }

    private DeviceWorker worker(String enterpriseKey, EnterprisePlan e, DevicePlan d) {
        return workers.computeIfAbsent(enterpriseKey + "/" + d.device().id(),
                k -> new DeviceWorker(e.tenantId(), e.enterpriseCode(), d, polling, registry, readers));
    }

    /** The readings of one (enterprise, slot length) of a tick, in plan order, split into batches and handed over. */
    private void handOver(EnterprisePlan e, Instant tick, Duration length,
                          List<CompletableFuture<List<Reading>>> futures) {
        List<Reading> readings = new ArrayList<>();
        futures.forEach(f -> readings.addAll(f.join()));
        if (readings.isEmpty()) {
            return;
        }
        long bad = readings.stream().filter(r -> r.quality() == Quality.BAD).count();
        goodReadings.increment(readings.size() - bad);
        badReadings.increment(bad);
        List<ReadingBatch> batches = new ArrayList<>();
        for (int from = 0; from < readings.size(); from += MAX_READINGS_PER_BATCH) {
            batches.add(new ReadingBatch(UUID.randomUUID(), e.tenantId(), e.enterpriseCode(), props.collectorId(),
                    tick, length, readings.subList(from, Math.min(readings.size(), from + MAX_READINGS_PER_BATCH))));
        }
        synchronized (handOverLock) {
            publish(batches, tick);
        }
    }

    private void publish(List<ReadingBatch> batches, Instant tick) {
        for (int i = 0; i < batches.size(); i++) {
            ReadingBatch batch = batches.get(i);
            MDC.put("tenantId", batch.tenantId());
            MDC.put("enterpriseCode", batch.enterpriseCode());
            try {
                sink.accept(batch);
                lastSlotPublished.accumulateAndGet(tick, (a, b) -> a == null || b.isAfter(a) ? b : a);
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

    public String collectorId() {
        return props.collectorId();
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
        try { // the reads under way end within their budget: let their slots be handed over
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException ex) {
            log.warn("slots still being read after 10 s are not handed over");
        } catch (ExecutionException ex) {
            log.error("hand-over of a slot failed", ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            executor = null;
        }
        planner.plan().sources().forEach(this::retire);
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
