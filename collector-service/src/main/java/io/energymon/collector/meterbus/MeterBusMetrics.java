package io.energymon.collector.meterbus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the requests sent to meters on buses (behind serial-to-TCP gateways or on serial ports), by protocol and
 * outcome: {@code collector_meter_bus_requests_total{protocol="dlt645|cjt188", outcome="ok|timeout|io|unreachable|
 * frame|checksum|address|error_reply|unexpected|value|internal"}} (a reply spread over several frames is one request),
 * and the frozen values read back to fill gaps: {@code collector_meter_bus_backfilled_readings_total{protocol}}.
 */
public final class MeterBusMetrics {
    public static final String REQUESTS = "collector_meter_bus_requests_total";
    public static final String BACKFILLED = "collector_meter_bus_backfilled_readings_total";

    private final MeterRegistry registry;

    public MeterBusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String protocol, String outcome) {
        Counter.builder(REQUESTS).description("requests to meters on buses, by outcome")
                .tag("protocol", protocol).tag("outcome", outcome).register(registry).increment();
    }

    /** Counts readings back-filled from values the meters froze. */
    public void backfilled(String protocol, int readings) {
        Counter.builder(BACKFILLED).description("readings back-filled from the meters' frozen daily values")
                .tag("protocol", protocol).register(registry).increment(readings);
    }
}
