package io.energymon.collector.poll;

import org.springframework.util.unit.DataSize;
import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.enterprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.dlt645.Dlt645Source;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSettings;
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
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.plant.Cjt188MeterSimulator;
import io.energymon.infra.plant.Dlt645MeterSimulator;
import io.energymon.infra.plant.SimulatedBusMeter;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * DL/T 645 (2007 and 1997) and CJ/T 188 meters read from the bus simulators (real frames over TCP, built by the
 * simulators' own code) through the production planner and poller into a real Kafka broker: values decoded and
 * converted, a dead meter and a garbled reply on a live bus are BAD while the other meters are read, an error reply
 * and a misconfigured address are BAD with their reason, an unreachable gateway is BAD, and every failure is counted.
 */
class MeterBusIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private Dlt645MeterSimulator dlt;
    private Cjt188MeterSimulator cjt;
    private KafkaTemplate<String, byte[]> kafka;
    private SimpleMeterRegistry registry;
    private String collectorId;
    private PollPlanner planner;
    private Poller poller;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void start() {
        dlt = Dlt645MeterSimulator.start("127.0.0.1", 0);
        cjt = Cjt188MeterSimulator.start("127.0.0.1", 0);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
        collectorId = "c-meterbus-" + UUID.randomUUID();
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", null, DataSize.ofMegabytes(1));
        registry = new SimpleMeterRegistry();
        planner = new PollPlanner(props, registry);
        poller = new Poller(props, planner, new ReadingPublisher(kafka)::publish, registry);
        consumer = SharedInfra.newConsumer(Topics.READINGS);
    }

    @AfterEach
    void stop() {
        consumer.close();
        poller.stop();
        planner.plan().sources().forEach(PollPlanner::closeQuietly);
        kafka.destroy();
        dlt.close();
        cjt.close();
    }

    private static DeviceConfig gateway(String id, String collectorId, Protocol protocol, int port) {
        return new DeviceConfig(id, collectorId, protocol, "127.0.0.1", port, null, null, null, null, TIMEOUT);
    }

    private static PointConfig dltPoint(String id, String device, String meter, String di, String unit) {
        return new PointConfig(id, id, device, null, new PointAddress(null, null, null, null, meter, di, null, null,
                null), PointKind.CUMULATIVE, unit, null, null, null, null);
    }

    private static PointConfig cjtPoint(String id, String device, String type, String meter, String order,
                                        String field, String unit) {
        return new PointConfig(id, id, device, null, new PointAddress(null, null, field, order, meter, "901F", type,
                null, null), PointKind.CUMULATIVE, unit, null, null, null, null);
    }

    private void configure(EnterpriseConfig c) {
        planner.onChange(Map.of(c.key(), c), Set.of(c.key()));
    }

    private Map<String, Reading> pollOnce(Instant slot, int readings) {
        poller.poll(slot);
        List<ReadingBatch> batches = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestConfigs.drain(consumer, collectorId, batches::add);
            assertThat(batches.stream().mapToInt(b -> b.readings().size()).sum()).isGreaterThanOrEqualTo(readings);
        });
        Map<String, Reading> byPoint = new HashMap<>();
        for (ReadingBatch b : batches) {
            assertThat(b.slot()).isEqualTo(slot);
            b.readings().forEach(r -> assertThat(byPoint.put(r.pointId(), r)).isNull());
        }
        assertThat(byPoint).hasSize(readings);
        return byPoint;
    }

    private double requests(String protocol, String outcome) {
        var c = registry.find(MeterBusMetrics.REQUESTS).tags("protocol", protocol, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static void good(Map<String, Reading> r, String point, String value) {
        assertThat(r.get(point)).as(point).satisfies(x -> {
            assertThat(x.quality()).as(x.error()).isEqualTo(Quality.GOOD);
            assertThat(x.value()).isEqualByComparingTo(value);
            assertThat(x.source()).isEqualTo(4);
        });
    }

    private static void bad(Map<String, Reading> r, String point, String... reason) {
        assertThat(r.get(point)).as(point).satisfies(x -> {
            assertThat(x.quality()).isEqualTo(Quality.BAD);
            assertThat(x.value()).isNull();
            assertThat(x.error()).contains(reason);
        });
    }

    @Test
    void readsEveryMeterOfBothBusesAndReportsDeadGarbledAndMisconfiguredMetersAsBad() {
        dlt.setWakeUpBytes(2);
        SimulatedBusMeter m2007 = dlt.addMeter2007("000000000001");
        m2007.counter().setEnergyKwh(new BigDecimal("1206.42"));
        m2007.setInstantaneous(new BigDecimal("220.5"), new BigDecimal("-1.234"), new BigDecimal("12.3456"));
        dlt.addMeter1997("000000000002").counter().setEnergyKwh(new BigDecimal("88.80"));
        SimulatedBusMeter garbled = dlt.addMeter2007("000000000003");
        garbled.counter().setEnergyKwh(new BigDecimal("5.00"));
        garbled.setFault(SimulatedBusMeter.Fault.BAD_CHECKSUM);
        cjt.setWakeUpBytes(4);
        cjt.addWaterMeter("00000000000010").counter().setEnergyKwh(new BigDecimal("1234.56"));
        SimulatedBusMeter heat = cjt.addMeter(0x20, "00000000000020", 0x08, false); // counts MWh
        heat.counter().setEnergyKwh(new BigDecimal("12.34"));
        heat.setInstantaneous(BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("56.78"));
        cjt.addMeter(0x30, "00000000000030", 0x2C, true).counter().setEnergyKwh(new BigDecimal("77.70"));
        cjt.addWaterMeter("00000000000011").setFault(SimulatedBusMeter.Fault.SILENT);
        int deadPort = FreePorts.pick(); // nothing listens there

        configure(enterprise("tenant-a", A, 1, List.of(
                        gateway("dlt", collectorId, Protocol.DLT645_TCP, dlt.port()),
                        gateway("cjt", collectorId, Protocol.CJT188_TCP, cjt.port()),
                        gateway("gone", collectorId, Protocol.DLT645_TCP, deadPort)),
                List.of(dltPoint("e2007", "dlt", "000000000001", "00010000", "kWh"),
                        dltPoint("volts", "dlt", "000000000001", "02010100", "V"),
                        dltPoint("amps", "dlt", "000000000001", "02020100", "A"),
                        dltPoint("power", "dlt", "000000000001", "02030000", "kW"),
                        dltPoint("e1997", "dlt", "000000000002", "9010", "kWh"),
                        dltPoint("garbled", "dlt", "000000000003", "00010000", "kWh"),
                        dltPoint("dead", "dlt", "000000000009", "00010000", "kWh"),
                        dltPoint("phase-b", "dlt", "000000000001", "02010200", "V"),
                        dltPoint("bad-address", "dlt", "12345", "00010000", "kWh"),
                        dltPoint("unknown-di", "dlt", "000000000001", "04000401", "kWh"),
                        dltPoint("unreachable", "gone", "000000000001", "00010000", "kWh"),
                        cjtPoint("water", "cjt", "10", "00000000000010", null, null, "m3"),
                        cjtPoint("water-litres", "cjt", "10", "00000000000010", null, null, "L"),
                        cjtPoint("heat", "cjt", "20", "00000000000020", null, null, "kWh"),
                        cjtPoint("heat-power", "cjt", "20", "00000000000020", null, "HEAT_POWER", "kW"),
                        cjtPoint("gas", "cjt", "30", "00000000000030", "BIG", null, "m³"),
                        cjtPoint("gas-standard-order", "cjt", "30", "00000000000030", null, null, "m3"),
                        cjtPoint("silent", "cjt", "10", "00000000000011", null, null, "m3"),
                        cjtPoint("wrong-unit", "cjt", "10", "00000000000010", null, null, "kWh"),
                        cjtPoint("no-field", "cjt", "10", "00000000000010", null, "HEAT_POWER", "kW"))));
        Instant slot = Instant.parse("2026-11-23T04:15:00Z");

        Map<String, Reading> r = pollOnce(slot, 20);

        good(r, "e2007", "1206.42");
        good(r, "volts", "220.5");
        good(r, "amps", "-1.234");
        good(r, "power", "12.3456");
        good(r, "e1997", "88.80");
        bad(r, "garbled", "设备 dlt (127.0.0.1:" + dlt.port() + ") 表 000000000003 DI 00010000",
                "校验和错误 / checksum is");
        bad(r, "dead", "表 000000000009", "无应答 / no complete reply within PT0.5S (nothing received)");
        bad(r, "phase-b", "表计异常应答 02：无请求数据 / meter error reply 02: no requested data");
        bad(r, "bad-address", "点位 bad-address 配置错误 / point bad-address misconfigured",
                "DL/T 645 meter address must be 12 digits, got 12345");
        bad(r, "unknown-di", "DI 04000401 is not decoded by this collector");
        bad(r, "unreachable", "网关不可达 / gateway of device gone (127.0.0.1:" + deadPort + ") unreachable");
        good(r, "water", "1234.56");
        good(r, "water-litres", "1234560");
        good(r, "heat", "12340");
        good(r, "heat-power", "56.78");
        good(r, "gas", "77.70");
        bad(r, "gas-standard-order", "表计异常应答 / meter error reply, data 1F 90");
        bad(r, "silent", "表 00000000000011", "无应答 / no complete reply");
        bad(r, "wrong-unit", "unit mismatch: the meter sends m³ (VOLUME), the point's unit is kWh (ENERGY)");
        bad(r, "no-field", "has no HEAT_POWER");

        // one request per meter and DI per poll, counted by outcome
        assertThat(requests("dlt645", "ok")).isEqualTo(5);
        assertThat(requests("dlt645", "checksum")).isEqualTo(1);
        assertThat(requests("dlt645", "timeout")).isEqualTo(1);
        assertThat(requests("dlt645", "error_reply")).isEqualTo(1);
        assertThat(requests("dlt645", "unreachable")).isEqualTo(1);
        assertThat(requests("cjt188", "ok")).isEqualTo(3); // water (3 points), heat (2 points), gas
        assertThat(requests("cjt188", "error_reply")).isEqualTo(1);
        assertThat(requests("cjt188", "timeout")).isEqualTo(1);
        assertThat(requests("cjt188", "value")).isEqualTo(1); // the unit mismatch

        // the garbled meter recovers and the dead one comes alive: the same connections read them next slot
        garbled.setFault(SimulatedBusMeter.Fault.NONE);
        dlt.addMeter2007("000000000009").counter().setEnergyKwh(new BigDecimal("9.99"));
        Map<String, Reading> next = pollOnce(slot.plus(Duration.ofMinutes(15)), 20);
        good(next, "garbled", "5.00");
        good(next, "dead", "9.99");
        bad(next, "bad-address", "DL/T 645 meter address must be 12 digits");
        assertThat(next.values()).filteredOn(x -> x.quality() == Quality.GOOD).hasSize(12);
    }

    @Test
    void reconnectsAfterTheGatewayWentAway() {
        int port = dlt.port();
        dlt.addMeter2007("000000000001").counter().setEnergyKwh(new BigDecimal("1.00"));
        DeviceConfig d = gateway("dlt", collectorId, Protocol.DLT645_TCP, port);
        PointConfig p = dltPoint("e", "dlt", "000000000001", "00010000", "kWh");
        Duration min15 = Duration.ofMinutes(15);
        Instant slot = Instant.parse("2026-11-23T04:15:00Z");
        try (Dlt645Source source = new Dlt645Source(d, List.of(p), new MeterBusMetrics(registry), MeterBusSettings.DEFAULT)) {
            assertThat(source.read(slot, min15)).singleElement().satisfies(x -> assertThat(x.value())
                    .isEqualByComparingTo("1.00"));

            dlt.close();
            assertThat(source.read(slot.plus(min15), min15)).singleElement().satisfies(x -> {
                assertThat(x.quality()).isEqualTo(Quality.BAD);
                assertThat(x.error()).containsAnyOf("连接中断 / connection failed", "网关不可达 / gateway");
            });

            dlt = Dlt645MeterSimulator.start("127.0.0.1", port);
            dlt.addMeter2007("000000000001").counter().setEnergyKwh(new BigDecimal("2.00"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(source.read(slot, min15))
                    .singleElement().satisfies(x -> assertThat(x.value()).isEqualByComparingTo("2.00")));
        }
    }
}
