package io.energymon.collector.poll;

import io.energymon.collector.config.PollingProperties;
import io.energymon.collector.poll.PollPlan.DevicePlan;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.collector.source.SlotRead;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.Reading;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads one device of the plan (identified by enterprise and device id) on its own worker thread, one slot read at
 * a time, under its {@link DeviceSupervision}. {@link #start} never blocks: it returns, per slot length, a future
 * that completes with the readings of the slot, or with BAD readings when the device is skipped (busy with an earlier
 * slot, or backing off), or when it has not answered within the read budget; whichever comes first wins, a late
 * answer is discarded. The device's {@link PointSource} is never used by two threads at once: a source retired while
 * its read runs is closed when the read ends.
 */
final class DeviceWorker {
    private static final Logger log = LoggerFactory.getLogger(DeviceWorker.class);

    private final String tenantId;
    private final String enterpriseCode;
    private final String deviceId;
    private final String protocol;
    private final PollingProperties policy;
    private final DeviceSupervision supervision;
    private final DeviceMetrics metrics;
    private final Executor readers;

    private final Object lock = new Object();
    /** Held while a slot's result is decided (answer or budget expiry), so exactly one of them counts. */
    private final Object settling = new Object();
    // guarded by lock
    private PointSource source;
    private PointSource running;
    private Instant runningSlot;
    private final Set<PointSource> closeWhenIdle = Collections.newSetFromMap(new IdentityHashMap<>());

    DeviceWorker(String tenantId, String enterpriseCode, DevicePlan device, PollingProperties policy,
                 MeterRegistry registry, Executor readers) {
        this.tenantId = tenantId;
        this.enterpriseCode = enterpriseCode;
        this.deviceId = device.device().id();
        this.protocol = device.device().protocol() == null ? "NONE" : device.device().protocol().name();
        this.policy = policy;
        this.supervision = new DeviceSupervision(deviceId, policy);
        this.metrics = new DeviceMetrics(registry, enterpriseCode, deviceId, protocol, supervision);
        this.readers = readers;
        this.source = device.source();
    }

    String tenantId() {
        return tenantId;
    }

    String enterpriseCode() {
        return enterpriseCode;
    }

    String deviceId() {
        return deviceId;
    }

    String protocol() {
        return protocol;
    }

    DeviceSupervision supervision() {
        return supervision;
    }

    /**
     * Starts reading slot {@code slot} of each of {@code lengths} (ascending; each must have points on the device)
     * with the plan's source, and returns the future readings per length. Never blocks, never throws.
     */
    Map<Duration, CompletableFuture<List<Reading>>> start(DevicePlan device, Instant slot, List<Duration> lengths) {
        Map<Duration, CompletableFuture<List<Reading>>> out = new LinkedHashMap<>();
        String skip;
        synchronized (lock) {
            if (device.source() != source) { // a new configuration of the device: its state starts afresh
                source = device.source();
                supervision.reset(slot);
            }
            skip = running != null ? busyReason() : supervision.admit(slot);
            if (skip == null) {
                running = source;
                runningSlot = slot;
            }
        }
        for (Duration length : lengths) {
            out.put(length, skip == null ? new CompletableFuture<>()
                    : CompletableFuture.completedFuture(missing(device, slot, length, skip)));
        }
        if (skip != null) {
            return out;
        }
        PointSource s = device.source();
        try {
            readers.execute(() -> read(s, device, slot, out));
        } catch (RejectedExecutionException e) {
            idle(s);
            out.forEach((length, f) -> f.complete(missing(device, slot, length,
                    "采集器停止中 / collector stopping: device " + deviceId + " not read")));
            return out;
        }
        for (Map.Entry<Duration, CompletableFuture<List<Reading>>> e : out.entrySet()) {
            Duration budget = policy.readBudget(e.getKey());
            CompletableFuture<List<Reading>> f = e.getValue();
            CompletableFuture.delayedExecutor(budget.toMillis(), TimeUnit.MILLISECONDS, readers).execute(() -> {
                String reason = "设备 " + deviceId + " 未在 " + budget + " 内应答 / device " + deviceId
                        + " did not answer slot " + slot + " (" + e.getKey() + ") within its read budget " + budget;
                synchronized (settling) {
                    if (!f.isDone()) {
                        metrics.error();
                        supervision.failed(slot, reason);
                        log(reason);
                        f.complete(missing(device, slot, e.getKey(), reason));
                    }
                }
            });
        }
        return out;
    }

    private String busyReason() {
        String r = "设备 " + deviceId + " 仍在读取时段 " + runningSlot + " / device " + deviceId
                + " still busy reading slot " + runningSlot;
        DeviceSupervision.Snapshot s = supervision.snapshot();
        return s.state() == DeviceState.ONLINE ? r : r + " (" + s.state() + ": " + s.lastError() + ")";
    }

    /**
     * On a reader thread: the reads of one tick, in ascending slot length. The worker is marked idle before the last
     * result is published, so whoever waits for the tick's readings finds the device free for the next slot.
     */
    private void read(PointSource s, DevicePlan device, Instant slot, Map<Duration, CompletableFuture<List<Reading>>> out) {
        MDC.put("tenantId", tenantId);
        MDC.put("enterpriseCode", enterpriseCode);
        boolean idle = false;
        try {
            var it = out.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Duration, CompletableFuture<List<Reading>>> e = it.next();
                long start = System.nanoTime();
                SlotRead r;
                try {
                    r = s.readSlot(slot, e.getKey());
                } catch (RuntimeException ex) { // a source must not throw; if one does, its points are BAD this slot
                    log.error("device {} failed to read slot {}", deviceId, slot, ex);
                    String reason = "内部错误 / internal error reading device " + deviceId + ": " + ex;
                    r = new SlotRead(missing(device, slot, e.getKey(), reason), SlotRead.Outcome.FAILED, reason);
                }
                metrics.read(System.nanoTime() - start);
                if (!it.hasNext()) {
                    idle = true;
                    idle(s);
                }
                settle(e.getKey(), e.getValue(), slot, r);
            }
        } finally {
            MDC.remove("tenantId");
            MDC.remove("enterpriseCode");
            if (!idle) {
                idle(s);
            }
        }
    }

    /**
     * Publishes a read's result unless the budget ran out first, and then tells the supervision how the device did;
     * a late result is discarded whole (the slot already counted as failed).
     */
    private void settle(Duration length, CompletableFuture<List<Reading>> f, Instant slot, SlotRead r) {
        synchronized (settling) { // the supervision knows the outcome before anyone sees the readings
            if (f.isDone()) {
                log.debug("device {}: late answer for slot {} ({}) discarded", deviceId, slot, length);
                return;
            }
            switch (r.outcome()) {
                case ANSWERED -> supervision.answered(slot);
                case FAILED -> {
                    metrics.error();
                    supervision.failed(slot, r.failure());
                    log(r.failure());
                }
                case NOT_ASKED -> {
                    // only misconfigured points: says nothing about the device
                }
            }
            f.complete(r.readings());
        }
    }

    private void log(String reason) {
        DeviceSupervision.Snapshot s = supervision.snapshot();
        if (s.state() == DeviceState.DEFECTIVE && s.consecutiveFailures() == policy.defectiveAfter()) {
            log.warn("device {} is DEFECTIVE after {} failed slots, probed every {}: {}", deviceId,
                    s.consecutiveFailures(), policy.backoffMax(), reason);
        } else {
            log.debug("device {} {} ({} failed slot(s)), next attempt at {}: {}", deviceId, s.state(),
                    s.consecutiveFailures(), s.nextAttempt(), reason);
        }
    }

    private void idle(PointSource s) {
        boolean close;
        synchronized (lock) {
            running = null;
            runningSlot = null;
            close = closeWhenIdle.remove(s);
        }
        if (close) {
            PollPlanner.closeQuietly(s);
        }
    }

    /** Whether {@code s} is (or was last) this worker's source. */
    boolean uses(PointSource s) {
        synchronized (lock) {
            return source == s || running == s;
        }
    }

    /** Closes {@code s} now if no read of it runs, else when its read ends. */
    void retire(PointSource s) {
        synchronized (lock) {
            if (running == s) {
                closeWhenIdle.add(s);
                return;
            }
        }
        PollPlanner.closeQuietly(s);
    }

    /** The device left the plan: its meters go. */
    void remove() {
        metrics.remove();
    }

    /**
     * BAD readings with {@code reason} for every point of the device on {@code length}, stamped as the source stamps
     * its readings of {@code slot} ({@link PointSource#readingTime}).
     */
    static List<Reading> missing(DevicePlan device, Instant slot, Duration length, String reason) {
        Instant ts = device.source().readingTime(slot, length);
        List<Reading> out = new ArrayList<>();
        for (PointConfig p : device.points()) {
            if (PointChecks.effectiveSlot(p).equals(length)) {
                out.add(Reading.bad(p.id(), ts, PointChecks.effectiveSource(p), reason));
            }
        }
        return out;
    }
}
