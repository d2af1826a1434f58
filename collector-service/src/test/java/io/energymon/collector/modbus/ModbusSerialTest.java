package io.energymon.collector.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.plant.SimulatedRegisterDevice;
import io.energymon.infra.plant.VirtualSerialPair;
import io.energymon.infra.plant.SimulatedRegisterDevice.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Modbus RTU on a serial port: j2mod's serial master (jSerialComm) opens the serial side of a pseudo-terminal pair
 * ({@code /dev/pts/N}) whose other side {@link VirtualSerialPair} relays to the RTU-over-TCP simulator, so the
 * frames (with CRC, which the serial master checks) cross a real tty. Skipped, with the reason, where the OS offers
 * no virtual serial port.
 */
class ModbusSerialTest {
    private static final Duration SLOT = Duration.ofMinutes(15);

    private static PointConfig point(String id, int register, String type, String wordOrder, String byteOrder,
                                     String scale) {
        return new PointConfig(id, id, "rs485", null, new PointAddress(register, "HOLDING", type, wordOrder, null,
                null, null, null, null, byteOrder, null), PointKind.INSTANTANEOUS, "1",
                scale == null ? null : new BigDecimal(scale), null, null, null);
    }

    @Test
    void readsRtuFramesOnAVirtualSerialPort() throws Exception {
        Assumptions.assumeTrue(VirtualSerialPair.unavailableReason().isEmpty(),
                () -> "Modbus RTU on a serial port not tested: " + VirtualSerialPair.unavailableReason().orElseThrow());
        try (ModbusMeterSimulator gateway = ModbusMeterSimulator.startRtuOverTcp("127.0.0.1", 0)) {
            SimulatedRegisterDevice device = gateway.addRegisters(9)
                    .holding(40, RegisterImage.words("FLOAT64", new BigDecimal("-273.15"), "DCBA"))
                    .holding(44, RegisterImage.words("INT32", new BigDecimal("-70000"), "CDAB"))
                    .holding(46, RegisterImage.words("UINT16", new BigDecimal("2300"), "ABCD"));
            try (VirtualSerialPair pair = VirtualSerialPair.toTcp("127.0.0.1", gateway.port())) {
                String tty = pair.portName();
                var registry = new SimpleMeterRegistry();
                DeviceConfig d = new DeviceConfig("rs485", "c", Protocol.MODBUS_RTU, null, null, 9, null, null, null,
                        Duration.ofSeconds(2), tty, "19200-8E1", null, null, null, null, null, null);
                List<PointConfig> points = List.of(point("t", 40, "FLOAT64", "LITTLE", "LITTLE", null),
                        point("i", 44, "INT32", "LITTLE", null, "0.001"), point("v", 46, "UINT16", null, null, "0.1"),
                        point("missing", 100, "UINT16", null, null, null));
                try (ModbusSource source = new ModbusSource(d, points, new ModbusMetrics(registry))) {
                    Instant slot = Instant.parse("2026-11-24T05:00:00Z");
                    Map<String, Reading> byId = new HashMap<>();
                    source.read(slot, SLOT).forEach(r -> byId.put(r.pointId(), r));

                    assertThat(byId.get("t").value()).as(byId.get("t").error()).isEqualByComparingTo("-273.15");
                    assertThat(byId.get("i").value()).isEqualByComparingTo("-70");
                    assertThat(byId.get("v").value()).isEqualByComparingTo("230");
                    assertThat(byId.get("missing").quality()).isEqualTo(Quality.BAD);
                    assertThat(byId.get("missing").error()).contains(tty, "19200-8E1", "unit 9", "exception 02");
                    // the three adjacent points in one request, the missing one in its own
                    assertThat(device.requests()).containsExactly(new Request(true, 40, 7), new Request(true, 100, 1));
                    assertThat(registry.get(ModbusMetrics.REQUESTS).tag("protocol", "modbus_rtu").counter().count())
                            .isEqualTo(2);
                }
            }
        }
    }
}
