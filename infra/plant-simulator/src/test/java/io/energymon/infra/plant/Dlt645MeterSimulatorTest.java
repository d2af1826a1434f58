package io.energymon.infra.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DL/T 645 bus simulator answers the frames of PROTOCOL.md §4 byte for byte (expected bytes written by hand). */
class Dlt645MeterSimulatorTest {
    private Dlt645MeterSimulator sim;
    private BusClient client;

    @BeforeEach
    void start() throws Exception {
        sim = Dlt645MeterSimulator.start("127.0.0.1", 0);
        client = new BusClient(sim.port());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        sim.close();
    }

    @Test
    void answersTheProtocolVectorWith120642KilowattHours() throws Exception {
        sim.addMeter2007("000102030425").counter().setEnergyKwh(new BigDecimal("1206.42"));
        sim.addMeter2007("000102030426");
        assertThat(client.send("FE FE FE FE 68 25 04 03 02 01 00 68 11 04 33 33 34 33 E1 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 91 08 33 33 34 33 75 39 45 33 8B 16");
        // read address (wildcard) of a 2007 meter
        Dlt645MeterSimulator single = Dlt645MeterSimulator.start("127.0.0.1", 0);
        try (single; BusClient c = new BusClient(single.port())) {
            single.addMeter2007("000102030425");
            // 25 04 03 02 01 00 +33 -> 58 37 36 35 34 33; CS = FF + 93 + 06 + 58+37+36+35+34+33 = 2F9 -> F9
            assertThat(c.send("68 AA AA AA AA AA AA 68 13 00 DF 16", 300))
                    .isEqualTo("68 25 04 03 02 01 00 68 93 06 58 37 36 35 34 33 F9 16");
        }
    }

    @Test
    void unknownIdentifiersGetAnErrorReplyAndOtherMetersSilence() throws Exception {
        sim.addMeter2007("000102030425");
        sim.setWakeUpBytes(2);
        // DI 04000401 (01 04 00 04 +33 -> 34 37 33 37): CS = FF + 11 + 04 + 34 + 37 + 33 + 37 = 1E9 -> E9
        // error reply D1 01 35: CS = FF + D1 + 01 + 35 = 206 -> 06
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 34 37 33 37 E9 16", 300))
                .isEqualTo("FE FE 68 25 04 03 02 01 00 68 D1 01 35 06 16");
        // meter 000102030427 is not on the bus (CS of its request = E1 + 2 = E3)
        assertThat(client.send("68 27 04 03 02 01 00 68 11 04 33 33 34 33 E3 16", 300)).isEmpty();
        // a broken checksum is ignored like a real meter does
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 33 33 34 33 E2 16", 300)).isEmpty();
    }

    @Test
    void meterOf1997AnswersItsOwnEditionAndFaultsAreInjected() throws Exception {
        SimulatedBusMeter old = sim.addMeter1997("000102030425");
        old.counter().setEnergyKwh(new BigDecimal("1206.42"));
        // 9010: CS = FF + 01 + 02 + 43 + C3 = 208 -> 08; reply 81 06 43 C3 75 39 45 33, CS B2
        assertThat(client.send("68 25 04 03 02 01 00 68 01 02 43 C3 08 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 81 06 43 C3 75 39 45 33 B2 16");
        // a 2007 request gets no answer from a 1997 meter
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 33 33 34 33 E1 16", 300)).isEmpty();
        old.setFault(SimulatedBusMeter.Fault.BAD_CHECKSUM);
        assertThat(client.send("68 25 04 03 02 01 00 68 01 02 43 C3 08 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 81 06 43 C3 75 39 45 33 B3 16");
        old.setFault(SimulatedBusMeter.Fault.SILENT);
        assertThat(client.send("68 25 04 03 02 01 00 68 01 02 43 C3 08 16", 300)).isEmpty();
    }

    @Test
    void signedCurrentAndAddressChecks() throws Exception {
        sim.addMeter2007("000102030425").setInstantaneous(new BigDecimal("220.5"), new BigDecimal("-1.234"),
                new BigDecimal("12.3456"));
        // 02020100 -> 33 34 35 35; CS = FF + 11 + 04 + 33 + 34 + 35 + 35 = 1E5 -> E5
        // -1.234 A -> 34 12 80 +33 -> 67 45 B3; CS C7 (see the collector's codec test)
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 33 34 35 35 E5 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 91 07 33 34 35 35 67 45 B3 C7 16");
        assertThatThrownBy(() -> sim.addMeter2007("1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.addMeter1997("000102030425")).isInstanceOf(IllegalArgumentException.class);
    }
}
