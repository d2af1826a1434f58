package io.energymon.collector.meterbus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the requests sent to meters behind serial-to-TCP gateways, by protocol and outcome:
 * {@code collector_meter_bus_requests_total{protocol="dlt645|cjt188", outcome="ok|timeout|io|unreachable|frame|
 * checksum|address|error_reply|unexpected|value|internal"}}.
 */
public final class MeterBusMetrics {
    public static final String REQUESTS = "collector_meter_bus_requests_total";

    private final MeterRegistry registry;

    public MeterBusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String protocol, String outcome) {
        Counter.builder(REQUESTS).description("requests to meters behind serial-to-TCP gateways, by outcome")
                .tag("protocol", protocol).tag("outcome", outcome).register(registry).increment();
    }
}
