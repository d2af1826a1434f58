package io.energymon.collector.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSettings;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.infra.plant.Dlt645MeterSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The device's pacing on the wire: four meters on one DL/T 645 gateway (the plant simulator over TCP), read by the
 * production source with a pacing of 150 ms; each request arrives at the gateway at least the pacing after the
 * previous one (the previous request ended after it arrived, and the next one is sent a pacing after that end).
 */
class Dlt645PacingTest {
    private static final Duration PACING = Duration.ofMillis(150);

    @Test
    void requestsOnOneBusKeepTheDevicesPacing() {
        try (Dlt645MeterSimulator gateway = Dlt645MeterSimulator.start("127.0.0.1", 0)) {
            List<PointConfig> points = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String address = "00000000000" + i;
                gateway.addMeter2007(address).counter().setEnergyKwh(new BigDecimal(10 * i));
                points.add(new PointConfig("e" + i, "e" + i, "bus", null, new PointAddress(null, null, null, null,
                        address, "00010000", null, null, null), PointKind.CUMULATIVE, "kWh", null, null, null, null));
            }
            DeviceConfig bus = new DeviceConfig("bus", "c", Protocol.DLT645_TCP, "127.0.0.1", gateway.port(), null,
                    null, null, null, Duration.ofSeconds(2), null, null, PACING, null, null, null, null, null);
            try (Dlt645Source source = new Dlt645Source(bus, points, new MeterBusMetrics(new SimpleMeterRegistry()),
                    MeterBusSettings.DEFAULT)) {
                List<Reading> readings = source.read(Instant.parse("2026-11-24T04:15:00Z"), Duration.ofMinutes(15));

                assertThat(readings).extracting(Reading::quality).containsOnly(Quality.GOOD).hasSize(4);
                List<Long> arrivals = gateway.requestArrivals();
                assertThat(arrivals).hasSize(4);
                for (int i = 1; i < arrivals.size(); i++) {
                    assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before request %d", i + 1)
                            .isGreaterThanOrEqualTo(PACING.toNanos());
                }
            }
        }
    }
}
