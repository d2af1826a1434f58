package io.energymon.collector.modbus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Modbus requests per device, named like {@code collector_meter_bus_requests_total} of the meter buses:
 * <ul>
 *   <li>{@code collector_modbus_requests_total{device, protocol}}: read requests sent, and connection attempts that
 *       failed (a request that could not be sent);</li>
 *   <li>{@code collector_modbus_request_errors_total{device, protocol, outcome}}: the ones without a usable reply,
 *       {@code outcome} = {@code exception} (exception reply), {@code timeout}, {@code io} (connection or frame
 *       failure), {@code unreachable} (could not connect or open the port), {@code invalid} (reply of the wrong
 *       length);</li>
 *   <li>{@code collector_modbus_request_duration_seconds{device, protocol}}: time from sending a request to its reply
 *       or failure (of the connection attempt, for {@code unreachable}).</li>
 * </ul>
 * {@code protocol} is {@code modbus_tcp}, {@code modbus_rtu_over_tcp} or {@code modbus_rtu}. The device id is unique
 * within an enterprise; a collector serves few enterprises, so the tag stays small.
 */
public final class ModbusMetrics {
    public static final String REQUESTS = "collector_modbus_requests_total";
    public static final String ERRORS = "collector_modbus_request_errors_total";
    public static final String DURATION = "collector_modbus_request_duration_seconds";

    private final MeterRegistry registry;

    public ModbusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one request and its duration; {@code outcome} null when it got a usable reply. */
    public void request(String device, String protocol, Duration took, String outcome) {
        Counter.builder(REQUESTS).description("Modbus read requests per device").tag("device", device)
                .tag("protocol", protocol).register(registry).increment();
        if (took != null) {
            Timer.builder(DURATION).description("Modbus request round trip per device").tag("device", device)
                    .tag("protocol", protocol).register(registry).record(took);
        }
        if (outcome != null) {
            Counter.builder(ERRORS).description("Modbus read requests without a usable reply, by outcome")
                    .tag("device", device).tag("protocol", protocol).tag("outcome", outcome).register(registry)
                    .increment();
        }
    }
}
