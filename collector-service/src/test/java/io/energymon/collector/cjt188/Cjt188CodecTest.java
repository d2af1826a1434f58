package io.energymon.collector.cjt188;

import static io.energymon.collector.meterbus.Hex.bytes;
import static io.energymon.collector.meterbus.Hex.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.collector.cjt188.Cjt188Messages.Request;
import io.energymon.collector.meterbus.Hex;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.util.Arrays;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * CJ/T 188 against the vector of PROTOCOL.md §4 and replies built by hand (their checksums summed by the test's own
 * {@link Hex#frame}, or in the comments).
 */
class Cjt188CodecTest {
    /** The vector's address: A0..A6 = 44 33 22 11 00 33 78, i.e. A6..A0 = 78 33 00 11 22 33 44. */
    private static final Cjt188Address METER = Cjt188Address.parse("78330011223344");
    private static final Request READ = new Request(Cjt188MeterType.COLD_WATER, METER, 0x901F, false, 0);
    /**
     * Water 901F reply: current 1234.56 m³ (56 34 12 00 2C), settlement 1200.00 m³ (00 00 12 00 2C), time, status.
     * CS = sum 4D3 -> D3.
     */
    private static final String WATER_REPLY = "68 10 44 33 22 11 00 33 78 81 16 1F 90 00 56 34 12 00 2C 00 00 12 00 2C "
            + "00 30 10 23 11 26 20 00 00 D3 16";

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(ThrowingCallable call, Kind kind) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(Cjt188Exception.class,
                e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void readRequestIsTheProtocolVector() {
        // CS = 68+10+44+33+22+11+00+33+78 (=1CD) +01+03 (=1D1) +1F+90+00 (=280) -> 80
        assertThat(Hex.of(Cjt188Messages.readRequest(READ))).isEqualTo("68 10 44 33 22 11 00 33 78 01 03 1F 90 00 80 16");
        // the other byte order of some makers: same sum
        assertThat(Hex.of(Cjt188Messages.readRequest(new Request(Cjt188MeterType.COLD_WATER, METER, 0x901F, true, 0))))
                .isEqualTo("68 10 44 33 22 11 00 33 78 01 03 90 1F 00 80 16");
    }

    @Test
    void waterReplyDecodesItsFlowsWithUnits() throws Exception {
        assertThat(Hex.sumFrom68(Arrays.copyOf(bytes(WATER_REPLY), 33))).isEqualTo(0xD3);
        Cjt188Readout r = Cjt188Messages.readReply(bytes("FE FE FE " + WATER_REPLY), READ);
        assertThat(r.values().get(Cjt188Field.CURRENT_FLOW)).satisfies(q -> {
            assertThat(q.value()).isEqualByComparingTo("1234.56");
            assertThat(q.unit()).isEqualTo(Cjt188Unit.M3);
        });
        assertThat(r.values().get(Cjt188Field.SETTLEMENT_FLOW).value()).isEqualByComparingTo("1200.00");
        assertThat(r.meterTime()).isEqualTo("00 30 10 23 11 26 20");
        assertThat(r.status()).isZero();
        assertThat(Cjt188FrameCodec.frameEnd(bytes("FE FE " + WATER_REPLY), 37)).isEqualTo(37);
        assertThat(Cjt188FrameCodec.frameEnd(bytes("FE FE " + WATER_REPLY), 36)).isEqualTo(-1);
    }

    @Test
    void heatReplyDecodesEveryField() throws Exception {
        Request read = new Request(Cjt188MeterType.HEAT, METER, 0x901F, false, 7);
        byte[] reply = frame("68 20 44 33 22 11 00 33 78 81 2E 1F 90 07"
                + " 00 00 01 00 05"   // settlement heat 100.00 kWh
                + " 67 45 23 01 08"   // current heat 12345.67 MWh
                + " 34 12 00 00 17"   // heat power 12.34 kW
                + " 45 23 01 00 35"   // flow rate 1.2345 m³/h
                + " 89 67 05 00 2C"   // cumulative flow 567.89 m³
                + " 50 75 00"         // supply 75.50 °C
                + " 25 45 00"         // return 45.25 °C
                + " 34 12 00"         // 1234 h
                + " 00 30 10 23 11 26 20 01 00");
        Cjt188Readout r = Cjt188Messages.readReply(reply, read);
        assertThat(r.values().get(Cjt188Field.SETTLEMENT_HEAT)).isEqualTo(q("100.00", Cjt188Unit.KWH));
        assertThat(r.values().get(Cjt188Field.CURRENT_HEAT)).isEqualTo(q("12345.67", Cjt188Unit.MWH));
        assertThat(r.values().get(Cjt188Field.HEAT_POWER)).isEqualTo(q("12.34", Cjt188Unit.KW));
        assertThat(r.values().get(Cjt188Field.FLOW_RATE)).isEqualTo(q("1.2345", Cjt188Unit.M3_H));
        assertThat(r.values().get(Cjt188Field.CUMULATIVE_FLOW)).isEqualTo(q("567.89", Cjt188Unit.M3));
        assertThat(r.values().get(Cjt188Field.SUPPLY_TEMPERATURE)).isEqualTo(q("75.50", Cjt188Unit.CELSIUS));
        assertThat(r.values().get(Cjt188Field.RETURN_TEMPERATURE)).isEqualTo(q("45.25", Cjt188Unit.CELSIUS));
        assertThat(r.values().get(Cjt188Field.WORKING_HOURS)).isEqualTo(q("1234", Cjt188Unit.HOUR));
        assertThat(r.status()).isEqualTo(1);
    }

    private static Cjt188Quantity q(String value, Cjt188Unit unit) {
        return new Cjt188Quantity(new java.math.BigDecimal(value), unit);
    }

    @Test
    void rejectsBrokenFramesAndRepliesOfOtherMeters() {
        byte[] badSum = bytes(WATER_REPLY);
        badSum[33] = (byte) 0xD4;
        rejects(() -> Cjt188Messages.readReply(badSum, READ), Kind.CHECKSUM)
                .hasMessage("校验和错误 / checksum is D4, the bytes sum to D3");
        byte[] badEnd = bytes(WATER_REPLY);
        badEnd[34] = 0x00;
        rejects(() -> Cjt188Messages.readReply(badEnd, READ), Kind.FRAME).hasMessageContaining("end byte is 00");
        rejects(() -> Cjt188Messages.readReply(Arrays.copyOf(bytes(WATER_REPLY), 30), READ), Kind.FRAME)
                .hasMessageContaining("帧不完整 / truncated frame: data length 22 needs 35 bytes, 30 received");
        rejects(() -> Cjt188Messages.readReply(bytes("FE FE FE"), READ), Kind.FRAME)
                .hasMessageStartingWith("无 CJ/T 188 帧 / no CJ/T 188 frame");
        Request other = new Request(Cjt188MeterType.COLD_WATER, Cjt188Address.parse("78330011223345"), 0x901F, false, 0);
        rejects(() -> Cjt188Messages.readReply(bytes(WATER_REPLY), other), Kind.ADDRESS)
                .hasMessage("应答来自表 78330011223344，不是表 78330011223345 / reply from meter 78330011223344, not "
                        + "78330011223345");
        Request gas = new Request(Cjt188MeterType.GAS, METER, 0x901F, false, 0);
        rejects(() -> Cjt188Messages.readReply(bytes(WATER_REPLY), gas), Kind.ADDRESS)
                .hasMessageContaining("type 10, not 30");
    }

    @Test
    void errorRepliesAndRepliesToOtherRequestsAreRefused() {
        rejects(() -> Cjt188Messages.readReply(frame("68 10 44 33 22 11 00 33 78 C1 03 1F 90 00"), READ),
                Kind.ERROR_REPLY).hasMessage("表计异常应答 / meter error reply, data 1F 90 00");
        Request ser5 = new Request(Cjt188MeterType.COLD_WATER, METER, 0x901F, false, 5);
        rejects(() -> Cjt188Messages.readReply(bytes(WATER_REPLY), ser5), Kind.UNEXPECTED)
                .hasMessageContaining("SER 00, the request 05");
        Request swapped = new Request(Cjt188MeterType.COLD_WATER, METER, 0x901F, true, 0);
        rejects(() -> Cjt188Messages.readReply(bytes(WATER_REPLY), swapped), Kind.UNEXPECTED)
                .hasMessageContaining("not for DI 901F (sent 90 1F)");
        rejects(() -> Cjt188Messages.readReply(frame("68 10 44 33 22 11 00 33 78 83 03 1F 90 00"), READ),
                Kind.UNEXPECTED).hasMessageContaining("control code 83");
    }

    @Test
    void valuesThatAreNoNumbersOrHaveUnknownUnitsAreRefused() {
        // 0A in the current flow
        rejects(() -> Cjt188Messages.readReply(frame("68 10 44 33 22 11 00 33 78 81 16 1F 90 00 56 34 0A 00 2C"
                + " 00 00 12 00 2C 00 30 10 23 11 26 20 00 00"), READ), Kind.VALUE)
                .hasMessage("数值不是 BCD 码 / CURRENT_FLOW is not BCD: 56 34 0A 00");
        // unit code 99
        rejects(() -> Cjt188Messages.readReply(frame("68 10 44 33 22 11 00 33 78 81 16 1F 90 00 56 34 12 00 99"
                + " 00 00 12 00 2C 00 30 10 23 11 26 20 00 00"), READ), Kind.VALUE)
                .hasMessage("未知单位代号 / unknown unit code 99 after CURRENT_FLOW");
        // one byte short
        rejects(() -> Cjt188Messages.readReply(frame("68 10 44 33 22 11 00 33 78 81 15 1F 90 00 56 34 12 00 2C"
                + " 00 00 12 00 2C 00 30 10 23 11 26 20 00"), READ), Kind.VALUE)
                .hasMessageContaining("has 18 byte(s) after DI and SER, expected 19");
    }

    @Test
    void convertsIntoThePointsUnitWithinADimension() throws Exception {
        assertThat(q("12.34", Cjt188Unit.MWH).in(Cjt188Unit.ofSymbol("kWh"), "kWh"))
                .isEqualByComparingTo("12340");
        assertThat(q("3.6", Cjt188Unit.GJ).in(Cjt188Unit.ofSymbol("kwh"), "kwh"))
                .isEqualByComparingTo("1000");
        assertThat(q("1000", Cjt188Unit.KWH).in(Cjt188Unit.ofSymbol("GJ"), "GJ"))
                .isEqualByComparingTo("3.6");
        assertThat(q("1.5", Cjt188Unit.M3).in(Cjt188Unit.ofSymbol("L"), "L"))
                .isEqualByComparingTo("1500");
        assertThat(q("1.5", Cjt188Unit.M3).in(Cjt188Unit.ofSymbol("m³"), "m³"))
                .isEqualByComparingTo("1.5");
        assertThat(q("7", Cjt188Unit.M3).in(Cjt188Unit.ofSymbol("t"), "t"))
                .isEqualByComparingTo("7");
        assertThat(Cjt188Unit.ofSymbol("m3/h")).contains(Cjt188Unit.M3_H);
        assertThat(Cjt188Unit.ofSymbol("℃")).contains(Cjt188Unit.CELSIUS);
        assertThatThrownBy(() -> q("7", Cjt188Unit.M3).in(Optional.of(Cjt188Unit.KWH), "kWh"))
                .isInstanceOf(Cjt188Exception.class)
                .hasMessage("单位不符：表计发送 m³，点位单位为 kWh / unit mismatch: the meter sends m³ (VOLUME), the "
                        + "point's unit is kWh (ENERGY)");
    }

    @Test
    void configuredValuesAreChecked() {
        assertThat(Hex.of(METER.wire())).isEqualTo("44 33 22 11 00 33 78");
        assertThat(Cjt188MeterType.parse("20")).isEqualTo(Cjt188MeterType.HEAT);
        assertThatThrownBy(() -> Cjt188MeterType.parse("50")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meterType");
        assertThatThrownBy(() -> Cjt188Address.parse("7833001122334")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("14 digits");
        assertThat(Cjt188Field.parse("current-heat")).isEqualTo(Cjt188Field.CURRENT_HEAT);
        assertThatThrownBy(() -> Cjt188Field.parse("VOLUME")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cjt188DataIds.supports(0x901F, Cjt188MeterType.Family.ELECTRICITY)).isFalse();
        assertThat(Cjt188DataIds.defaultField(0x901F, Cjt188MeterType.Family.GAS)).contains(Cjt188Field.CURRENT_FLOW);
        assertThat(Cjt188DataIds.defaultField(0x901F, Cjt188MeterType.Family.HEAT)).contains(Cjt188Field.CURRENT_HEAT);
    }
}
