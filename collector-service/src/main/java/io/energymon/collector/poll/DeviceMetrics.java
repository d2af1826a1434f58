package io.energymon.collector.poll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;

/**
 * The meters of one device, tagged {@code enterprise}, {@code device}, {@code protocol} (one series per device of
 * the plan, removed when the device leaves it):
 * <ul>
 *   <li>{@code collector_device_reads_total}: slot reads sent to the device (one per device and slot length due);</li>
 *   <li>{@code collector_device_read_errors_total}: failed slot reads (every point BAD for a reason other than its
 *       configuration, or no answer within the read budget);</li>
 *   <li>{@code collector_device_read_duration_seconds}: time of a slot read, answered or not;</li>
 *   <li>{@code collector_device_last_success_seconds}: slot of the last answered read, seconds since the epoch (NaN
 *       before the first);</li>
 *   <li>{@code collector_device_state}: 0 ONLINE, 1 RETRYING, 2 DEFECTIVE.</li>
 * </ul>
 */
final class DeviceMetrics {
    private final MeterRegistry registry;
    private final Counter reads;
    private final Counter errors;
    private final Timer duration;
    private final List<Meter> meters;

    DeviceMetrics(MeterRegistry registry, String enterpriseCode, String deviceId, String protocol,
                  DeviceSupervision supervision) {
        this.registry = registry;
        Tags tags = Tags.of("enterprise", enterpriseCode, "device", deviceId, "protocol", protocol);
        this.reads = Counter.builder("collector_device_reads_total").tags(tags)
                .description("slot reads sent to the device").register(registry);
        this.errors = Counter.builder("collector_device_read_errors_total").tags(tags)
                .description("failed slot reads (device failure or no answer within the read budget)")
                .register(registry);
        this.duration = Timer.builder("collector_device_read_duration").tags(tags)
                .description("time of a slot read of the device").register(registry);
        Gauge lastSuccess = Gauge.builder("collector_device_last_success_seconds", supervision,
                        s -> epochSeconds(s.snapshot().lastSuccess())).tags(tags)
                .description("slot of the last answered read, seconds since the epoch").register(registry);
        Gauge state = Gauge.builder("collector_device_state", supervision, s -> s.state().gaugeValue()).tags(tags)
                .description("supervision state: 0 ONLINE, 1 RETRYING, 2 DEFECTIVE").register(registry);
        this.meters = List.of(reads, errors, duration, lastSuccess, state);
    }

    private static double epochSeconds(Instant t) {
        return t == null ? Double.NaN : t.toEpochMilli() / 1000.0;
    }

    void read(long nanos) {
        reads.increment();
        duration.record(java.time.Duration.ofNanos(nanos));
    }

    void error() {
        errors.increment();
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}
