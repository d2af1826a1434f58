package io.energymon.collector.poll;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.enterprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.plant.Cjt188MeterSimulator;
import io.energymon.infra.plant.Dlt645MeterSimulator;
import io.energymon.infra.plant.VirtualSerialPair;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * DLT645_SERIAL and CJT188_SERIAL: meters on a serial port of the collector's machine, here virtual serial ports
 * (pseudo-terminals, opened by jSerialComm with the configured 2400-8E1) relayed to the bus simulators, read through
 * the production planner and poller into real Kafka; a multi-frame reply travels the serial line too, and a
 * misconfigured or missing port is a BAD reading with its reason. Skipped where the OS offers no virtual serial
 * port ({@link VirtualSerialPair#unavailableReason()}).
 */
class SerialMeterBusIntegrationTest {
    private Dlt645MeterSimulator dlt;
    private Cjt188MeterSimulator cjt;
    private VirtualSerialPair dltPort;
    private VirtualSerialPair cjtPort;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(VirtualSerialPair.unavailableReason().isEmpty(),
                () -> "serial meter-bus test skipped: " + VirtualSerialPair.unavailableReason().orElseThrow());
        dlt = Dlt645MeterSimulator.start("127.0.0.1", 0);
        cjt = Cjt188MeterSimulator.start("127.0.0.1", 0);
        dltPort = VirtualSerialPair.toTcp("127.0.0.1", dlt.port());
        cjtPort = VirtualSerialPair.toTcp("127.0.0.1", cjt.port());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {dltPort, cjtPort, dlt, cjt}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    private static DeviceConfig serial(String id, String collectorId, Protocol protocol, String port, String format) {
        return new DeviceConfig(id, collectorId, protocol, null, null, null, null, null, null,
                Duration.ofMillis(800), port, format, Duration.ofMillis(20), null, null, null, null, null);
    }

    private static PointConfig point(String id, String device, PointAddress address, String unit) {
        return new PointConfig(id, id, device, null, address, PointKind.CUMULATIVE, unit, null, null, null, null);
    }

    @Test
    void metersOnSerialPortsAreReadIntoKafka() {
        dlt.addMeter2007("000000000001").counter().setEnergyKwh(new BigDecimal("1206.42"));
        dlt.addMeter1997("000000000002").counter().setEnergyKwh(new BigDecimal("88.80"));
        dlt.setMaxDataPerFrame(12); // the block DI comes in two frames
        cjt.addWaterMeter("00000000000010").counter().setEnergyKwh(new BigDecimal("1234.56"));

        String collectorId = "c-serial-" + UUID.randomUUID();
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", null,
                DataSize.ofMegabytes(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
        PollPlanner planner = new PollPlanner(props, registry);
        Poller poller = new Poller(props, planner, new ReadingPublisher(kafka)::publish, registry);
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(Topics.READINGS)) {
            EnterpriseConfig cfg = enterprise("tenant-a", A, 1, List.of(
                            serial("dlt", collectorId, Protocol.DLT645_SERIAL, dltPort.portName(), null),
                            serial("cjt", collectorId, Protocol.CJT188_SERIAL, cjtPort.portName(), "2400-8E1"),
                            serial("typo", collectorId, Protocol.DLT645_SERIAL, dltPort.portName(), "2400-8X1"),
                            serial("nowhere", collectorId, Protocol.DLT645_SERIAL, "/dev/energymon-no-such-port",
                                    null)),
                    List.of(point("e2007", "dlt", dlt645("000000000001", "00010000"), "kWh"),
                            point("block", "dlt", dlt645("000000000001", "0001FF00"), "kWh"),
                            point("e1997", "dlt", dlt645("000000000002", "9010"), "kWh"),
                            point("water", "cjt", new PointAddress(null, null, null, null, "00000000000010", "901F",
                                    "10", null, null), "m3"),
                            new PointConfig("water-offset", "water-offset", "cjt", null, new PointAddress(null, null,
                                    null, null, "00000000000010", "901F", "10", null, null), PointKind.CUMULATIVE, "L",
                                    new BigDecimal("0.5"), null, null, null, new BigDecimal("-17280"), null),
                            point("typo", "typo", dlt645("000000000001", "00010000"), "kWh"),
                            point("nowhere", "nowhere", dlt645("000000000001", "00010000"), "kWh")));
            planner.onChange(Map.of(cfg.key(), cfg), Set.of(cfg.key()));

            Instant slot = Instant.parse("2026-11-23T04:15:00Z");
            poller.poll(slot);
            Map<String, Reading> r = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestConfigs.drain(consumer, collectorId, (ReadingBatch b) -> b.readings()
                        .forEach(x -> r.put(x.pointId(), x)));
                assertThat(r).hasSize(7);
            });
            good(r.get("e2007"), "1206.42");
            good(r.get("block"), "1206.42");
            good(r.get("e1997"), "88.80");
            good(r.get("water"), "1234.56");
            good(r.get("water-offset"), "600000"); // 1 234 560 L × 0.5 − 17 280, CJ/T 188 applies the offset too
            assertThat(r.get("typo").quality()).isEqualTo(Quality.BAD);
            assertThat(r.get("typo").error()).contains("设备 typo 配置错误 / device typo misconfigured",
                    "serial format '2400-8X1' must look like 9600-8N1");
            assertThat(r.get("nowhere").quality()).isEqualTo(Quality.BAD);
            assertThat(r.get("nowhere").error()).contains("串口不可用 / serial port of device nowhere "
                    + "(/dev/energymon-no-such-port 2400-8E1) unreachable");
            var ok = registry.find(MeterBusMetrics.REQUESTS).tags("protocol", "dlt645", "outcome", "ok").counter();
            assertThat(ok).isNotNull();
            assertThat(ok.count()).isEqualTo(3);
        } finally {
            poller.stop();
            planner.plan().sources().forEach(PollPlanner::closeQuietly);
            kafka.destroy();
        }
    }

    private static PointAddress dlt645(String meter, String di) {
        return new PointAddress(null, null, null, null, meter, di, null, null, null);
    }

    private static void good(Reading r, String value) {
        assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
        assertThat(r.value()).isEqualByComparingTo(value);
    }
}
