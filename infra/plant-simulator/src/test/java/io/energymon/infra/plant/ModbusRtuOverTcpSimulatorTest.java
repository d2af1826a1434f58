package io.energymon.infra.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RTU-over-TCP listener against hand-made frames: CRCs computed with the Modbus serial line algorithm outside this
 * code (the textbook request 01 03 00 00 00 01 ends 84 0A).
 */
class ModbusRtuOverTcpSimulatorTest {
    private static final HexFormat HEX = HexFormat.of();

    private ModbusMeterSimulator simulator;

    @BeforeEach
    void start() {
        simulator = ModbusMeterSimulator.startRtuOverTcp("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** Sends one frame and reads exactly {@code replyLength} bytes. */
    private byte[] exchange(Socket s, String request, int replyLength) throws Exception {
        s.getOutputStream().write(HEX.parseHex(request));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] reply = in.readNBytes(replyLength);
        assertThat(reply).hasSize(replyLength);
        return reply;
    }

    @Test
    void answersRtuFramesWithCrcAndExceptionRepliesAndLogsEveryRequest() throws Exception {
        SimulatedRegisterDevice device = simulator.addRegisters(7).holding(100, 0x0102).input(5, 0xABCD, 0x0001);
        try (Socket s = new Socket("127.0.0.1", simulator.port())) {
            s.setSoTimeout(5000);
            // 07 03 0064 0001 -> 07 03 02 0102 + CRC B0 15
            assertThat(HEX.formatHex(exchange(s, "070300640001c5b3", 7))).isEqualTo("0703020102b015");
            // 07 03 00C8 0001 (register 200 not present) -> 07 83 02 + CRC 20 F0
            assertThat(HEX.formatHex(exchange(s, "070300c800010592", 5))).isEqualTo("07830220f0");
        }
        assertThat(device.requests()).containsExactly(new SimulatedRegisterDevice.Request(true, 100, 1),
                new SimulatedRegisterDevice.Request(true, 200, 1));
    }

    @Test
    void registerMapsHaveOnlyTheRegistersSet() {
        SimulatedRegisterDevice device = simulator.addRegisters(3).holding(10, 1, 2, 3).input(10, 4);
        assertThat(device.read(10, 3, true)).containsExactly(1, 2, 3);
        assertThat(device.read(10, 1, false)).containsExactly(4);
        assertThatThrownBy(() -> device.read(10, 4, true)).hasMessageContaining("10..13 are not all present");
        assertThatThrownBy(() -> device.read(11, 1, false)).hasMessageContaining("input");
        assertThatThrownBy(() -> device.holding(65535, 1, 2)).hasMessageContaining("outside 0..65535");
        assertThatThrownBy(() -> device.holding(0, 65536)).hasMessageContaining("0..65535");
        assertThat(device.requests()).hasSize(4);
        assertThatThrownBy(() -> simulator.addRegisters(3)).hasMessageContaining("already used");
    }
}
