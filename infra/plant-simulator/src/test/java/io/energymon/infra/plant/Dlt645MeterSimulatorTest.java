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

    @Test
    void aLongReplyIsSplitIntoFollowUpFramesWithTheirFrameNumber() throws Exception {
        sim.addMeter2007("000102030425").counter().setEnergyKwh(new BigDecimal("1206.42"));
        sim.setMaxDataPerFrame(16);
        // read 0001FF00 (00 FF 01 00 +33 -> 33 32 34 33): CS = FF + 11 + 04 + CC = 1E0 -> E0
        // block: total 1206.42 and tariff 1 the same (75 39 45 33 each), tariffs 2..4 zero (33 x 12) = 20 bytes;
        // first frame B1 with DI + 16 bytes (L = 14): CS = FF + B1 + 14 + CC + 2 x 126 + 8 x 33 = 674 -> 74
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 33 32 34 33 E0 16", 300)).isEqualTo(
                "68 25 04 03 02 01 00 68 B1 14 33 32 34 33 75 39 45 33 75 39 45 33 33 33 33 33 33 33 33 33 74 16");
        // follow-up 12, DI + SEQ 01 (34): CS = FF + 12 + 05 + CC + 34 = 216 -> 16
        // last frame 92, DI + 4 bytes + SEQ (L = 9): CS = FF + 92 + 09 + CC + CC + 34 = 366 -> 66
        assertThat(client.send("68 25 04 03 02 01 00 68 12 05 33 32 34 33 34 16 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 92 09 33 32 34 33 33 33 33 33 34 66 16");
        // nothing more pending: error reply D2, error byte 01 (34): CS = FF + D2 + 01 + 34 = 206 -> 06
        assertThat(client.send("68 25 04 03 02 01 00 68 12 05 33 32 34 33 34 16 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 D2 01 34 06 16");
    }

    @Test
    void dailyFrozenTimesAreKeptMostRecentFirst() throws Exception {
        SimulatedBusMeter m = sim.addMeter2007("000102030425");
        m.freezeDaily(java.time.LocalDateTime.parse("2026-11-24T00:00"));
        // 05060001 (01 00 06 05 -> 34 33 39 38): CS = FF + 11 + 04 + D8 = 1EC -> EC
        // reply 91, DI + YYMMDDhhmm minute first (00 00 24 11 26 -> 33 33 57 44 59): CS = 199 + D8 + 15A = 3CB -> CB
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 34 33 39 38 EC 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 91 09 34 33 39 38 33 33 57 44 59 CB 16");
        // the day before was not frozen: 05060002 (35 33 39 38, CS ED) gets "no requested data" (D1 02 -> 35, CS 06)
        assertThat(client.send("68 25 04 03 02 01 00 68 11 04 35 33 39 38 ED 16", 300))
                .isEqualTo("68 25 04 03 02 01 00 68 D1 01 35 06 16");
    }
}
