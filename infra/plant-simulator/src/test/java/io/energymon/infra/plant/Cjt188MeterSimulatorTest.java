package io.energymon.infra.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CJ/T 188 bus simulator answers the vector request of PROTOCOL.md §4 (expected bytes written by hand). */
class Cjt188MeterSimulatorTest {
    private static final String VECTOR = "68 10 44 33 22 11 00 33 78 01 03 1F 90 00 80 16";
    private Cjt188MeterSimulator sim;
    private BusClient client;

    @BeforeEach
    void start() throws Exception {
        sim = Cjt188MeterSimulator.start("127.0.0.1", 0);
        client = new BusClient(sim.port());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        sim.close();
    }

    private static int sum(String hex, int count) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        int s = 0;
        for (int i = 0; i < count; i++) {
            s += b[i] & 0xFF;
        }
        return s & 0xFF;
    }

    @Test
    void waterMeterAnswersTheVectorRequest() throws Exception {
        sim.addWaterMeter("78330011223344").counter().setEnergyKwh(new BigDecimal("1234.56"));
        sim.setWakeUpBytes(1);
        String reply = client.send(VECTOR, 300);
        // FE, then 68 10 A0..A6 81 16 1F 90 00, 1234.56 -> 56 34 12 00 2C, settlement 0 -> 00 00 00 00 2C
        assertThat(reply).startsWith("FE 68 10 44 33 22 11 00 33 78 81 16 1F 90 00 56 34 12 00 2C 00 00 00 00 2C");
        assertThat(reply).hasSize(3 * 36 - 1).endsWith("00 00 " + String.format("%02X", sum(reply.substring(3), 33))
                + " 16");
    }

    @Test
    void heatMeterGasMeterByteOrderAndFaults() throws Exception {
        sim.addHeatMeter("00000000000020").counter().setEnergyKwh(new BigDecimal("12345.67"));
        // 68 20 20 00 00 00 00 00 00 01 03 1F 90 05: CS = 68+20+20+01+03+1F+90+05 = 160 -> 60
        String heat = client.send("68 20 20 00 00 00 00 00 00 01 03 1F 90 05 60 16", 300);
        assertThat(heat).startsWith("68 20 20 00 00 00 00 00 00 81 2E 1F 90 05 00 00 00 00 05 67 45 23 01 05");
        assertThat(heat).hasSize(3 * 59 - 1);

        // a maker's meter expecting 90 1F answers 1F 90 with an error reply C1 (DI0 DI1 SER echoed)
        sim.addMeter(0x30, "00000000000030", 0x2C, true);
        // CS = 68+30+30+01+03+1F+90+00 = 17B -> 7B; error: 68 30 30 0.. C1 03 1F 90 00, CS = 17B - 01 + C1 = 23B -> 3B
        assertThat(client.send("68 30 30 00 00 00 00 00 00 01 03 1F 90 00 7B 16", 300))
                .isEqualTo("68 30 30 00 00 00 00 00 00 C1 03 1F 90 00 3B 16");
        assertThat(client.send("68 30 30 00 00 00 00 00 00 01 03 90 1F 00 7B 16", 300))
                .startsWith("68 30 30 00 00 00 00 00 00 81 16 90 1F 00");

        SimulatedBusMeter water = sim.addWaterMeter("78330011223344");
        water.setFault(SimulatedBusMeter.Fault.SILENT);
        assertThat(client.send(VECTOR, 300)).isEmpty();
        // the wrong type T gets no answer
        water.setFault(SimulatedBusMeter.Fault.NONE);
        assertThat(client.send("68 11 44 33 22 11 00 33 78 01 03 1F 90 00 81 16", 300)).isEmpty();
        water.setFault(SimulatedBusMeter.Fault.BAD_CHECKSUM);
        String garbled = client.send(VECTOR, 300);
        assertThat(garbled).hasSize(3 * 35 - 1);
        assertThat(Integer.parseInt(garbled.substring(3 * 33, 3 * 33 + 2), 16))
                .isEqualTo((sum(garbled, 33) + 1) & 0xFF);
    }
}
