package io.energymon.collector.poll;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.enterprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.modbus.ModbusMetrics;
import io.energymon.collector.modbus.RegisterImage;
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
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.plant.SimulatedRegisterDevice;
import io.energymon.infra.plant.SimulatedRegisterDevice.Request;
import io.energymon.infra.plant.VirtualSerialPair;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.springframework.util.unit.DataSize;

/**
 * A Modbus device with a point of every data type in every byte layout, read through the production planner and
 * poller into a real Kafka broker, over Modbus TCP and over RTU frames through a simulated serial-to-TCP gateway (the
 * j2mod slave of the plant simulator): the values equal what the test put into the simulator's registers (encoded by
 * the test's own {@link RegisterImage}); the points are merged into three requests, as the simulator's request log
 * shows; the request answered with an exception leaves the other requests' points GOOD; the requests are counted per
 * device.
 */
class ModbusIntegrationTest {
    private static final String[] LAYOUTS = {"ABCD", "CDAB", "BADC", "DCBA"};
    /** Per data type, the value of each layout (ABCD, CDAB, BADC, DCBA): extremes and everyday values. */
    private static final Map<String, List<String>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("UINT16", List.of("65535", "4660", "0", "258"));
        VALUES.put("INT16", List.of("-32768", "32767", "-2", "-258"));
        VALUES.put("UINT32", List.of("4294967295", "120642", "16909060", "2147483648"));
        VALUES.put("INT32", List.of("-2147483648", "2147483647", "-120642", "-1"));
        VALUES.put("UINT64", List.of("18446744073709551615", "72623859790382856", "9223372036854775808", "1"));
        VALUES.put("INT64", List.of("-9223372036854775808", "9223372036854775807", "-72623859790382856", "-1"));
        VALUES.put("FLOAT32", List.of("1206.42", "-0.15625", "3.4028235E38", "1.0E-7"));
        VALUES.put("FLOAT64", List.of("123456.789", "0.1", "-2.5", "1.7976931348623157E308"));
    }

    private ModbusMeterSimulator tcpPlant;
    private ModbusMeterSimulator rtuGateway;
    private KafkaTemplate<String, byte[]> kafka;
    private SimpleMeterRegistry registry;
    private String collectorId;
    private PollPlanner planner;
    private Poller poller;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void start() {
        tcpPlant = ModbusMeterSimulator.start("127.0.0.1", 0);
        rtuGateway = ModbusMeterSimulator.startRtuOverTcp("127.0.0.1", 0);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
        collectorId = "c-modbus-" + UUID.randomUUID();
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", null,
                DataSize.ofMegabytes(1));
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
        tcpPlant.close();
        rtuGateway.close();
    }

    private static DeviceConfig device(String id, String collector, Protocol protocol, int port, int unitId,
                                       Integer maxGap) {
        return new DeviceConfig(id, collector, protocol, "127.0.0.1", port, unitId, null, null, null,
                Duration.ofSeconds(2), null, null, null, null, maxGap, null, null, null);
    }

    private static PointConfig point(String id, String deviceId, int register, String function, String type,
                                     String layout, String scale, String offset) {
        var address = new PointAddress(register, function, type, RegisterImage.wordOrder(layout), null, null, null,
                null, null, RegisterImage.byteOrder(layout), null);
        return new PointConfig(id, id, deviceId, null, address, PointKind.INSTANTANEOUS, "1",
                scale == null ? null : new BigDecimal(scale), null, null, null,
                offset == null ? null : new BigDecimal(offset), null);
    }

    /**
     * Puts a point of every type and layout into the device's holding registers from 0, back to back, plus two input
     * register points (one scaled and offset) with one register between them that no point reads, and a point on a
     * register the device does not have; returns the points and fills {@code expected} with the values the readings must carry.
     */
    private static List<PointConfig> plantPoints(SimulatedRegisterDevice device, String deviceId,
                                                 Map<String, BigDecimal> expected) {
        List<PointConfig> points = new ArrayList<>();
        int register = 0;
        for (Map.Entry<String, List<String>> e : VALUES.entrySet()) {
            for (int i = 0; i < LAYOUTS.length; i++) {
                String id = deviceId + "." + e.getKey() + "." + LAYOUTS[i];
                BigDecimal value = new BigDecimal(e.getValue().get(i));
                int[] words = RegisterImage.words(e.getKey(), value, LAYOUTS[i]);
                device.holding(register, words);
                points.add(point(id, deviceId, register, i % 2 == 0 ? "HOLDING" : "03", e.getKey(), LAYOUTS[i],
                        null, null));
                expected.put(id, value);
                register += words.length;
            }
        }
        // input registers 1000..1001 (UINT32, 0.01 kWh) and 1003 (INT16 temperature: raw × 0.1 - 40 °C); 1002 exists
        // but is no point's
        device.input(1000, RegisterImage.words("UINT32", new BigDecimal("12345678"), "CDAB"));
        device.input(1002, 0xFFFF);
        device.input(1003, RegisterImage.words("INT16", new BigDecimal("-123"), "ABCD"));
        points.add(point(deviceId + ".energy", deviceId, 1000, "INPUT", "UINT32", "CDAB", "0.01", null));
        points.add(point(deviceId + ".temperature", deviceId, 1003, "04", "INT16", "ABCD", "0.1", "-40"));
        expected.put(deviceId + ".energy", new BigDecimal("123456.78"));
        expected.put(deviceId + ".temperature", new BigDecimal("-52.3"));
        // not on the device: its request gets exception 02
        points.add(point(deviceId + ".missing", deviceId, 5000, "HOLDING", "FLOAT32", "ABCD", null, null));
        return points;
    }

    @Test
    void readsEveryTypeAndLayoutInThreeRequestsOverTcpAndRtuOverTcp() {
        Map<String, BigDecimal> expected = new HashMap<>();
        SimulatedRegisterDevice rtu = rtuGateway.addRegisters(17);
        SimulatedRegisterDevice tcp = tcpPlant.addRegisters(1);
        List<PointConfig> points = new ArrayList<>(plantPoints(rtu, "rtu", expected));
        points.addAll(plantPoints(tcp, "tcp", expected));
        EnterpriseConfig config = enterprise("tenant-a", A, 1, List.of(
                device("rtu", collectorId, Protocol.MODBUS_RTU_OVER_TCP, rtuGateway.port(), 17, 1),
                device("tcp", collectorId, Protocol.MODBUS_TCP, tcpPlant.port(), 1, 1)), points);
        planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
        Instant slot = Instant.parse("2026-11-24T04:15:00Z");

        poller.poll(slot);

        List<Reading> readings = awaitReadings(points.size());
        Map<String, Reading> byId = new HashMap<>();
        readings.forEach(r -> byId.put(r.pointId(), r));
        assertThat(byId).hasSize(points.size());
        for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
            Reading r = byId.get(e.getKey());
            assertThat(r.quality()).as(e.getKey() + ": " + r.error()).isEqualTo(Quality.GOOD);
            assertThat(r.value()).as(e.getKey()).isEqualByComparingTo(e.getValue());
            assertThat(r.ts()).isEqualTo(slot);
        }
        for (String d : List.of("rtu", "tcp")) {
            Reading missing = byId.get(d + ".missing");
            assertThat(missing.quality()).isEqualTo(Quality.BAD);
            assertThat(missing.value()).isNull();
            assertThat(missing.error()).contains("设备 " + d, "HOLDING 5000..5001", "异常码 02 非法数据地址",
                    "exception 02 illegal data address");
        }
        // 32 holding points in 80 registers: one request; the two input points bridged over 1002: one request;
        // the missing point: one request
        List<Request> planned = List.of(new Request(true, 0, 80), new Request(false, 1000, 4),
                new Request(true, 5000, 2));
        assertThat(rtu.requests()).containsExactlyInAnyOrderElementsOf(planned);
        assertThat(tcp.requests()).containsExactlyInAnyOrderElementsOf(planned);
        for (String[] d : new String[][] {{"rtu", "modbus_rtu_over_tcp"}, {"tcp", "modbus_tcp"}}) {
            assertThat(registry.get(ModbusMetrics.REQUESTS).tag("device", d[0]).tag("protocol", d[1]).counter()
                    .count()).isEqualTo(3);
            assertThat(registry.get(ModbusMetrics.ERRORS).tag("device", d[0]).tag("outcome", "exception").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get(ModbusMetrics.DURATION).tag("device", d[0]).timer().count()).isEqualTo(3);
        }
    }

    /**
     * A steam heat point derived by the poller from the flow, pressure and temperature it reads, published with them.
     * Expected from IAPWS-IF97's published figures, not from our code: steam at 3 MPa and 575.373370 K is a check point
     * of the release's Table 24 (h = 3000 kJ/kg, within 10 mK: ±0.026 kJ/kg); water at 3 MPa and 300 K is Table 5
     * (h = 115.331273 kJ/kg). 10 t/h × (3000 − 115.331273) kJ/kg = 28.846687 GJ/h.
     */
    @Test
    void aSteamHeatPointIsDerivedFromThePolledFlowPressureAndTemperature() {
        SimulatedRegisterDevice dcs = tcpPlant.addRegisters(3)
                .holding(0, RegisterImage.words("FLOAT32", new BigDecimal("10"), "ABCD"))
                .holding(2, RegisterImage.words("FLOAT32", new BigDecimal("3"), "ABCD"))
                .holding(4, RegisterImage.words("FLOAT64", new BigDecimal("302.22337"), "ABCD"));
        PointConfig flow = unitPoint("flow", 0, "FLOAT32", "t/h");
        PointConfig pressure = unitPoint("pressure", 2, "FLOAT32", "MPa");
        PointConfig temperature = unitPoint("temperature", 4, "FLOAT64", "°C");
        PointConfig heat = new PointConfig("heat", "steam heat", null, null, null, PointKind.INSTANTANEOUS, "GJ/h",
                null, null, null, 3, null, new io.energymon.domain.config.SteamHeat("flow", "pressure", "temperature",
                new BigDecimal("26.85"), false));
        EnterpriseConfig config = enterprise("tenant-a", A, 1,
                List.of(device("dcs", collectorId, Protocol.MODBUS_TCP, tcpPlant.port(), 3, 0)),
                List.of(flow, pressure, temperature, heat));
        planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
        Instant slot = Instant.parse("2026-11-24T05:00:00Z");

        poller.poll(slot);

        Map<String, Reading> byId = new HashMap<>();
        awaitReadings(4).forEach(r -> byId.put(r.pointId(), r));
        Reading derived = byId.get("heat");
        assertThat(derived.quality()).as(derived.error()).isEqualTo(Quality.GOOD);
        assertThat(derived.ts()).isEqualTo(slot);
        assertThat(derived.value()).isCloseTo(new BigDecimal("28.846687"), within(new BigDecimal("0.0003")));
        assertThat(dcs.requests()).hasSize(1); // the three inputs in one request; nothing read for the derived point
    }

    /** Modbus RTU on a serial port (a pty relayed to the RTU-over-TCP simulator) through the poller into Kafka. */
    @Test
    void readsModbusRtuOnASerialPortIntoKafka() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VirtualSerialPair.unavailableReason().isEmpty(),
                () -> "Modbus RTU on a serial port not tested: " + VirtualSerialPair.unavailableReason().orElseThrow());
        rtuGateway.addRegisters(9).holding(40, RegisterImage.words("FLOAT32", new BigDecimal("1206.42"), "CDAB"));
        try (VirtualSerialPair pair = VirtualSerialPair.toTcp("127.0.0.1", rtuGateway.port())) {
            DeviceConfig serial = new DeviceConfig("rs485", collectorId, Protocol.MODBUS_RTU, null, null, 9, null, null,
                    null, Duration.ofSeconds(2), pair.portName(), "19200-8E1", null, null, null, null, null, null);
            EnterpriseConfig config = enterprise("tenant-a", A, 1, List.of(serial),
                    List.of(point("kwh", "rs485", 40, "HOLDING", "FLOAT32", "CDAB", null, null)));
            planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
            Instant slot = Instant.parse("2026-11-24T05:15:00Z");

            poller.poll(slot);

            Reading r = awaitReadings(1).getFirst();
            assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
            assertThat(r.value()).isEqualByComparingTo("1206.42");
            assertThat(r.ts()).isEqualTo(slot);
        }
    }

    private static PointConfig unitPoint(String id, int register, String type, String unit) {
        return new PointConfig(id, id, "dcs", null, new PointAddress(register, "HOLDING", type, "BIG", null, null,
                null, null, null, "BIG", null), PointKind.INSTANTANEOUS, unit, null, null, null, 3, null, null);
    }

    @Test
    void aHoleInsideAMergedRangeFailsOnlyThatRequestAndMaxGapZeroKeepsNeighboursApart() {
        SimulatedRegisterDevice rtu = rtuGateway.addRegisters(5)
                .holding(0, RegisterImage.words("FLOAT32", new BigDecimal("50.5"), "ABCD"))
                .holding(3, 7)       // register 2 is missing
                .holding(10, 42);
        List<PointConfig> points = List.of(
                point("f", "gw", 0, "HOLDING", "FLOAT32", "ABCD", null, null),
                point("u", "gw", 3, "HOLDING", "UINT16", "ABCD", null, null),
                point("v", "gw", 10, "HOLDING", "UINT16", "ABCD", "0.5", "1"));
        // maxGap 1 bridges register 2 (missing: exception 02 for f and u); register 10 is 6 away: its own request
        EnterpriseConfig config = enterprise("tenant-a", A, 1,
                List.of(device("gw", collectorId, Protocol.MODBUS_RTU_OVER_TCP, rtuGateway.port(), 5, 1)), points);
        planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
        Instant slot = Instant.parse("2026-11-24T04:30:00Z");

        poller.poll(slot);

        Map<String, Reading> byId = new HashMap<>();
        awaitReadings(3).forEach(r -> byId.put(r.pointId(), r));
        assertThat(byId.get("f").quality()).isEqualTo(Quality.BAD);
        assertThat(byId.get("u").quality()).isEqualTo(Quality.BAD);
        assertThat(byId.get("f").error()).contains("HOLDING 0..3", "exception 02");
        assertThat(byId.get("v").quality()).isEqualTo(Quality.GOOD);
        assertThat(byId.get("v").value()).isEqualByComparingTo("22");
        assertThat(rtu.requests()).containsExactly(new Request(true, 0, 4), new Request(true, 10, 1));
    }

    private List<Reading> awaitReadings(int count) {
        List<ReadingBatch> batches = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestConfigs.drain(consumer, collectorId, batches::add);
            assertThat(batches.stream().mapToInt(b -> b.readings().size()).sum()).isGreaterThanOrEqualTo(count);
        });
        return batches.stream().flatMap(b -> b.readings().stream()).toList();
    }
}
