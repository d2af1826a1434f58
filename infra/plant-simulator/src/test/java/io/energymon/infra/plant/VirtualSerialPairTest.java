package io.energymon.infra.plant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A virtual serial port opened by jSerialComm (as the collector and j2mod open real ports, with 2400-8E1) carries a
 * request to the DL/T 645 simulator's gateway and its reply back, byte for byte, again and again. Skipped where the OS
 * offers no virtual serial port.
 */
class VirtualSerialPairTest {
    private static final String REQUEST = "FEFEFEFE6825040302010068110433333433E116";
    private static final String REPLY = "6825040302010068910833333433753945338B16";

    @Test
    void jSerialCommTalksToTheSimulatorThroughThePseudoTerminal() throws Exception {
        Assumptions.assumeTrue(VirtualSerialPair.unavailableReason().isEmpty(),
                () -> "skipped: " + VirtualSerialPair.unavailableReason().orElseThrow());
        Dlt645MeterSimulator sim = Dlt645MeterSimulator.start("127.0.0.1", 0);
        sim.addMeter2007("000102030425").counter().setEnergyKwh(new BigDecimal("1206.42"));
        try (sim; VirtualSerialPair pair = VirtualSerialPair.toTcp("127.0.0.1", sim.port())) {
            assertThat(pair.portName()).startsWith("/dev/");
            SerialPort port = SerialPort.getCommPort(pair.portName());
            port.setComPortParameters(2400, 8, SerialPort.ONE_STOP_BIT, SerialPort.EVEN_PARITY);
            assertThat(port.openPort()).as("jSerialComm opens " + pair.portName()).isTrue();
            try {
                assertThat(exchange(port, REQUEST)).isEqualTo(REPLY);
                assertThat(exchange(port, REQUEST)).isEqualTo(REPLY);
            } finally {
                port.closePort();
            }
        }
    }

    private static String exchange(SerialPort port, String hex) {
        byte[] request = HexFormat.of().parseHex(hex);
        assertThat(port.writeBytes(request, request.length)).isEqualTo(request.length);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 5000, 0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        while (got.size() < REPLY.length() / 2) {
            int n = port.readBytes(buf, buf.length);
            if (n <= 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return HexFormat.of().withUpperCase().formatHex(got.toByteArray());
    }
}
