package io.energymon.collector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link ModbusSource} on its own: configuration errors, values that are no measurement, silent and absent devices. */
class ModbusSourceTest {
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant AT = Instant.parse("2026-11-24T05:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ModbusMetrics metrics = new ModbusMetrics(registry);

    private static DeviceConfig device(Protocol protocol, Integer port, Integer unitId, String serialPort,
                                       String serialFormat, Integer maxSpan, Integer maxGap, Duration timeout) {
        return new DeviceConfig("d", "c", protocol, protocol.usesHostAndPort() ? "127.0.0.1" : null, port, unitId,
                null, null, null, timeout, serialPort, serialFormat, null, maxSpan, maxGap, null, null, null);
    }

    private static PointConfig point(String id, Integer register, String type) {
        return new PointConfig(id, id, "d", null, new PointAddress(register, null, type, null, null, null, null, null,
                null), PointKind.INSTANTANEOUS, "1", null, null, null, null);
    }

    private Map<String, Reading> read(DeviceConfig d, List<PointConfig> points) {
        Map<String, Reading> byId = new HashMap<>();
        try (ModbusSource s = new ModbusSource(d, points, metrics)) {
            s.read(AT, SLOT).forEach(r -> byId.put(r.pointId(), r));
        }
        assertThat(byId).hasSize(points.size());
        return byId;
    }

    private static String error(Map<String, Reading> readings, String id) {
        Reading r = readings.get(id);
        assertThat(r.quality()).isEqualTo(Quality.BAD);
        assertThat(r.value()).isNull();
        return r.error();
    }

    @Test
    void aMisconfiguredDeviceMakesEveryPointBadWithTheReason() {
        List<PointConfig> points = List.of(point("p", 0, "UINT16"));
        assertThat(error(read(device(Protocol.MODBUS_RTU, null, 1, null, null, null, null, null), points), "p"))
                .contains("设备 d 配置错误", "device d misconfigured", "no serialPort");
        assertThat(error(read(device(Protocol.MODBUS_RTU, null, 1, "/dev/ttyUSB0", "9600-9X1", null, null, null),
                points), "p")).contains("串口参数", "9600-9X1", "9600-8N1");
        assertThat(error(read(device(Protocol.MODBUS_RTU_OVER_TCP, 4196, 0, null, null, null, null, null), points),
                "p")).contains("unit id 0 is not 1..247");
        assertThat(error(read(device(Protocol.MODBUS_TCP, 502, 1, null, null, 126, null, null), points), "p"))
                .contains("maxSpan 126 is not 1..125");
        assertThat(error(read(device(Protocol.MODBUS_TCP, 502, 1, null, null, null, -1, null), points), "p"))
                .contains("maxGap -1");
        assertThat(error(read(device(Protocol.MODBUS_TCP, 70000, 1, null, null, null, null, null), points), "p"))
                .contains("port 70000");
        assertThat(registry.find(ModbusMetrics.REQUESTS).counters()).isEmpty();
        assertThatThrownBy(() -> new ModbusSource(device(Protocol.DLT645_TCP, 1, 1, null, null, null, null, null),
                points, metrics)).hasMessageContaining("not Modbus");
    }

    @Test
    void aPointThatCannotBeReadIsBadWhileTheOthersAreRead() {
        try (ModbusMeterSimulator plant = ModbusMeterSimulator.start("127.0.0.1", 0)) {
            // 0..1 FLOAT32 NaN, 2 UINT16 = 7, 3..4 FLOAT32 -Infinity; one request 0..4
            plant.addRegisters(1).holding(0, 0x7FC0, 0x0000, 7, 0xFF80, 0x0000);
            Map<String, Reading> r = read(device(Protocol.MODBUS_TCP, plant.port(), 1, null, null, 2, null, null),
                    List.of(point("nan", 0, "FLOAT32"), point("seven", 2, "UINT16"), point("inf", 3, "FLOAT32"),
                            point("wide", 4, "FLOAT64"), point("beyond", 65535, "UINT32"),
                            point("no-register", null, "UINT16"), point("bad-type", 0, "DOUBLE")));
            assertThat(error(r, "nan")).contains("浮点值无效", "FLOAT32 value is NaN (0x7FC00000)", "register 0");
            assertThat(error(r, "inf")).contains("-Infinity");
            assertThat(r.get("seven").quality()).isEqualTo(Quality.GOOD);
            assertThat(r.get("seven").value()).isEqualByComparingTo("7");
            assertThat(error(r, "wide")).contains("point wide misconfigured", "FLOAT64 takes 4 registers",
                    "maxSpan 2");
            assertThat(error(r, "beyond")).contains("register 65535 is outside 0..65534");
            assertThat(error(r, "no-register")).contains("no Modbus register");
            assertThat(error(r, "bad-type")).contains("dataType", "DOUBLE");
            // maxSpan 2: 0..1, 2..3, 4 -> three requests
            assertThat(plantRequests(registry)).isEqualTo(3);
        }
    }

    private static double plantRequests(SimpleMeterRegistry registry) {
        return registry.get(ModbusMetrics.REQUESTS).tag("device", "d").counter().count();
    }

    @Test
    void aSilentDeviceTimesOutRequestByRequestAndAnAbsentOneOnceAPoll() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // reads nothing, answers nothing
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            Map<String, Reading> r = read(device(Protocol.MODBUS_RTU_OVER_TCP, silent.getLocalPort(), 3, null, null,
                    null, null, Duration.ofMillis(300)), List.of(point("a", 0, "UINT16"), point("b", 100, "UINT16")));
            assertThat(error(r, "a")).contains("HOLDING 0..0", "无应答", "within PT0.3S");
            assertThat(error(r, "b")).contains("HOLDING 100..100", "无应答");
            assertThat(registry.get(ModbusMetrics.ERRORS).tag("outcome", "timeout").counter().count()).isEqualTo(2);
            assertThat(registry.get(ModbusMetrics.REQUESTS).tag("protocol", "modbus_rtu_over_tcp").counter().count())
                    .isEqualTo(2);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
        int dead = FreePorts.pick();
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        try (ModbusSource s = new ModbusSource(device(Protocol.MODBUS_TCP, dead, 1, null, null, null, null,
                Duration.ofMillis(300)), List.of(point("a", 0, "UINT16"), point("b", 100, "UINT16")),
                new ModbusMetrics(other))) {
            List<Reading> r = s.read(AT, SLOT);
            assertThat(r).hasSize(2).allSatisfy(x -> assertThat(x.error()).contains("设备不可达", "unreachable",
                    "127.0.0.1:" + dead));
        }
        assertThat(other.get(ModbusMetrics.ERRORS).tag("outcome", "unreachable").counter().count()).isEqualTo(1);
    }

    @Test
    void aGarbledRtuReplyIsBadAndTheNextRequestOnTheSameConnectionIsRead() throws Exception {
        // a gateway answering every 8-byte request for unit 7 with registers 0x0102; the first reply's CRC is
        // garbled (B0 16 instead of B0 15, CRC-16/MODBUS computed outside this code)
        try (ServerSocket gateway = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = gateway.accept()) {
                    for (String reply : List.of("0703020102b016", "0703020102b015")) {
                        s.getInputStream().readNBytes(8);
                        s.getOutputStream().write(java.util.HexFormat.of().parseHex(reply));
                    }
                    s.getInputStream().read(); // until the source closes
                } catch (Exception e) {
                    // test over
                }
            });
            Map<String, Reading> r = read(device(Protocol.MODBUS_RTU_OVER_TCP, gateway.getLocalPort(), 7, null, null,
                    null, null, null), List.of(point("a", 0, "UINT16"), point("b", 100, "UINT16")));
            assertThat(error(r, "a")).contains("CRC 校验错误 / CRC error", "B0 16", "CRC is B0 15");
            assertThat(r.get("b").quality()).isEqualTo(Quality.GOOD);
            assertThat(r.get("b").value()).isEqualByComparingTo("258");
            assertThat(registry.get(ModbusMetrics.ERRORS).tag("outcome", "invalid").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void scaleAndOffsetAreExact() {
        try (ModbusMeterSimulator plant = ModbusMeterSimulator.start("127.0.0.1", 0)) {
            plant.addRegisters(2).holding(0, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF); // UINT64 2^64 - 1
            PointConfig p = new PointConfig("p", "p", "d", null, PointAddress.modbus(0, "03", "UINT64", null),
                    PointKind.CUMULATIVE, "kWh", new BigDecimal("0.001"), null, null, null,
                    new BigDecimal("-0.0005"), null);
            Map<String, Reading> r = read(device(Protocol.MODBUS_TCP, plant.port(), 2, null, null, null, null, null),
                    List.of(p));
            // 18446744073709551615 × 0.001 - 0.0005, no double rounding anywhere
            assertThat(r.get("p").value()).isEqualByComparingTo("18446744073709551.6145");
        }
    }
}
