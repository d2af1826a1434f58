package io.energymon.collector.meterbus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BcdTest {

    @Test
    void decodesLowByteFirstAndRefusesDigitsAboveNine() {
        // 42 06 12 00 low byte first -> 00 12 06 42 -> 120642
        assertThat(Bcd.lowFirst(Hex.bytes("42 06 12 00"), 0, 4)).isEqualTo(120642L);
        assertThat(Bcd.lowFirst(Hex.bytes("99 99"), 0, 2)).isEqualTo(9999L);
        assertThat(Bcd.lowFirst(Hex.bytes("0A 00"), 0, 2)).isEqualTo(-1L);
        assertThat(Bcd.lowFirst(Hex.bytes("00 A0"), 0, 2)).isEqualTo(-1L);
        assertThat(Bcd.lowFirst(Hex.bytes("FF 12 34"), 1, 2)).isEqualTo(3412L);
    }

    @Test
    void encodesDigitsLowByteFirstAndPrintsThemBack() {
        assertThat(Hex.of(Bcd.toLowFirst("000102030425"))).isEqualTo("25 04 03 02 01 00");
        assertThat(Bcd.hexHighFirst(Hex.bytes("44 33 22 11 00 33 78"))).isEqualTo("78330011223344");
        assertThat(Bcd.hex(Hex.bytes("68 aa 16"))).isEqualTo("68 AA 16");
    }
}
