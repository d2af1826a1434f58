package io.energymon.collector.dlt645;

import static io.energymon.collector.meterbus.Hex.bytes;
import static io.energymon.collector.meterbus.Hex.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.collector.meterbus.Hex;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * DL/T 645 against the vectors of PROTOCOL.md §4 and frames built by hand. Checksums are summed here in the comments
 * (hex), not by the codec.
 */
class Dlt645CodecTest {
    private static final Dlt645Address METER = Dlt645Address.parse("000102030425");
    private static final Dlt645DataId FORWARD = Dlt645DataId.parse("00010000");
    /**
     * PROTOCOL.md reply, completed with the address of the request vector. CS = 68+25+04+03+02+01+00+68 (=FF)
     * +91+08 (=198) +33+33+34+33 (=265) +75+39+45+33 (=38B) -> 8B.
     */
    private static final String REPLY = "68 25 04 03 02 01 00 68 91 08 33 33 34 33 75 39 45 33 8B 16";

    /** Asserts that the call throws a Dlt645Exception of that kind (and only that type). */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(ThrowingCallable call, Kind kind) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(Dlt645Exception.class,
                e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void readRequestIsTheProtocolVector() {
        // meter 000102030425 -> 25 04 03 02 01 00; DI 00010000 DI0 first 00 00 01 00, +33 -> 33 33 34 33;
        // CS = FF + 11 + 04 + 33 + 33 + 34 + 33 = 1E1 -> E1
        assertThat(Hex.of(Dlt645Messages.readRequest(METER, FORWARD)))
                .isEqualTo("68 25 04 03 02 01 00 68 11 04 33 33 34 33 E1 16");
    }

    @Test
    void replyVectorDecodesTo120642KilowattHours() throws Exception {
        assertThat(Hex.sumFrom68(Arrays.copyOf(bytes(REPLY), 18))).isEqualTo(0x8B);
        Dlt645Value v = Dlt645Messages.readReply(bytes(REPLY), METER, FORWARD);
        assertThat(v.value()).isEqualByComparingTo("1206.42");
        assertThat(v.value().scale()).isEqualTo(2);
        assertThat(v.unit()).isEqualTo("kWh");
        assertThat(v.more()).isFalse();
    }

    @Test
    void toleratesWakeUpBytesAndGarbageBeforeTheFrame() throws Exception {
        assertThat(Dlt645Messages.readReply(bytes("FE FE FE FE " + REPLY), METER, FORWARD).value())
                .isEqualByComparingTo("1206.42");
        // garbage with a lone 68 (no second 68 seven bytes later) and a trailing byte
        assertThat(Dlt645Messages.readReply(bytes("00 68 13 FF FE " + REPLY + " 00"), METER, FORWARD).value())
                .isEqualByComparingTo("1206.42");
        assertThat(Dlt645FrameCodec.frameEnd(bytes("FE FE " + REPLY), 22)).isEqualTo(22);
        assertThat(Dlt645FrameCodec.frameEnd(bytes("FE FE " + REPLY), 21)).isEqualTo(-1);
    }

    @Test
    void readAddressIsTheProtocolVector() throws Exception {
        // CS = 68 + AA*6 + 68 + 13 + 00 = 4DF -> DF
        assertThat(Hex.of(Dlt645Messages.readAddressRequest())).isEqualTo("68 AA AA AA AA AA AA 68 13 00 DF 16");
        // reply 93 with the address +33 each: 25 04 03 02 01 00 -> 58 37 36 35 34 33
        byte[] reply = frame("68 25 04 03 02 01 00 68 93 06 58 37 36 35 34 33");
        assertThat(Dlt645Messages.addressReply(reply)).isEqualTo(METER);
    }

    @Test
    void rejectsAWrongChecksumEndByteTruncationAndAnotherMeter() {
        byte[] badSum = bytes(REPLY);
        badSum[18] = (byte) 0x8C;
        rejects(() -> Dlt645Messages.readReply(badSum, METER, FORWARD), Kind.CHECKSUM)
                .hasMessage("校验和错误 / checksum is 8C, the bytes sum to 8B");

        byte[] badEnd = bytes(REPLY);
        badEnd[19] = 0x17;
        rejects(() -> Dlt645Messages.readReply(badEnd, METER, FORWARD), Kind.FRAME)
                .hasMessageContaining("end byte is 17");

        byte[] truncated = Arrays.copyOf(bytes(REPLY), 17);
        rejects(() -> Dlt645Messages.readReply(truncated, METER, FORWARD), Kind.FRAME)
                .hasMessageContaining("truncated");
        rejects(() -> Dlt645Messages.readReply(Arrays.copyOf(bytes(REPLY), 5), METER, FORWARD), Kind.FRAME)
                .hasMessageContaining("帧不完整 / truncated");

        rejects(() -> Dlt645Messages.readReply(bytes("FE FE 00 12"), METER, FORWARD), Kind.FRAME)
                .hasMessageStartingWith("无 DL/T 645 帧 / ");

        rejects(() -> Dlt645Messages.readReply(bytes(REPLY), Dlt645Address.parse("000102030426"), FORWARD),
                Kind.ADDRESS)
                .hasMessage("应答来自表 000102030425，不是表 000102030426 / reply from meter 000102030425, not "
                        + "000102030426");
    }

    @Test
    void wildcardAcceptsTheReplyOfAnyMeter() throws Exception {
        assertThat(Dlt645Messages.readReply(bytes(REPLY), Dlt645Address.WILDCARD, FORWARD).value())
                .isEqualByComparingTo("1206.42");
    }

    @Test
    void errorReplyIsDecodedIntoAMessage() {
        // D1, L=01, error byte 02 (+33 = 35): CS = FF + D1 + 01 + 35 = 206 -> 06
        byte[] reply = bytes("68 25 04 03 02 01 00 68 D1 01 35 06 16");
        rejects(() -> Dlt645Messages.readReply(reply, METER, FORWARD), Kind.ERROR_REPLY)
                .hasMessage("表计异常应答 02：无请求数据 / meter error reply 02: no requested data");
        // 1997: C1 with 02 = wrong data identifier; CS = FF + C1 + 01 + 35 = 1F6 -> F6
        byte[] old = bytes("68 25 04 03 02 01 00 68 C1 01 35 F6 16");
        rejects(() -> Dlt645Messages.readReply(old, METER, Dlt645DataId.parse("9010")), Kind.ERROR_REPLY)
                .hasMessage("表计异常应答 02：数据标识错 / meter error reply 02: wrong data identifier");
    }

    @Test
    void dlt645Of1997UsesTwoByteIdentifiersAndItsOwnControlCodes() throws Exception {
        Dlt645DataId di = Dlt645DataId.parse("9010");
        assertThat(di.version()).isEqualTo(Dlt645Version.V1997);
        // DI 9010 DI0 first: 10 90, +33 -> 43 C3; CS = FF + 01 + 02 + 43 + C3 = 208 -> 08
        assertThat(Hex.of(Dlt645Messages.readRequest(METER, di))).isEqualTo("68 25 04 03 02 01 00 68 01 02 43 C3 08 16");
        // reply 81, L=06: 43 C3 75 39 45 33; CS = FF + 81 + 06 + 43 + C3 + 75 + 39 + 45 + 33 = 3B2 -> B2
        byte[] reply = bytes("68 25 04 03 02 01 00 68 81 06 43 C3 75 39 45 33 B2 16");
        assertThat(Dlt645Messages.readReply(reply, METER, di).value()).isEqualByComparingTo("1206.42");
        // a 2007 reply (91) to a 1997 request is something else
        rejects(() -> Dlt645Messages.readReply(bytes(REPLY), METER, di), Kind.UNEXPECTED)
                .hasMessageContaining("control code 91");
    }

    @Test
    void decodesVoltageAndSignedCurrent() throws Exception {
        // 02010100 (DI0 first 00 01 01 02 +33 -> 33 34 34 35), 220.5 V = 2205 -> 05 22 +33 -> 38 55
        // CS = FF + 91 + 06 + 33 + 34 + 34 + 35 + 38 + 55 = 2F3 -> F3
        byte[] volts = bytes("68 25 04 03 02 01 00 68 91 06 33 34 34 35 38 55 F3 16");
        Dlt645Value v = Dlt645Messages.readReply(volts, METER, Dlt645DataId.parse("02010100"));
        assertThat(v.value()).isEqualByComparingTo("220.5");
        assertThat(v.unit()).isEqualTo("V");
        // 02020100 (00 01 02 02 +33 -> 33 34 35 35), -1.234 A = 001234 low first 34 12 00, sign bit -> 34 12 80,
        // +33 -> 67 45 B3; CS = FF + 91 + 07 + 33 + 34 + 35 + 35 + 67 + 45 + B3 = 3C7 -> C7
        byte[] amps = bytes("68 25 04 03 02 01 00 68 91 07 33 34 35 35 67 45 B3 C7 16");
        assertThat(Dlt645Messages.readReply(amps, METER, Dlt645DataId.parse("02020100")).value())
                .isEqualByComparingTo("-1.234");
        // 02030000 (00 00 03 02 +33 -> 33 33 36 35), 12.3456 kW = 123456 low first 56 34 12 +33 -> 89 67 45
        byte[] power = frame("68 25 04 03 02 01 00 68 91 07 33 33 36 35 89 67 45");
        assertThat(Dlt645Messages.readReply(power, METER, Dlt645DataId.parse("02030000")).value())
                .isEqualByComparingTo("12.3456");
    }

    @Test
    void bcdDigitsAboveNineAreAnErrorNotANumber() {
        // last value byte 3D - 33 = 0A: a nibble A. CS = 8B + 0A = 95
        byte[] reply = bytes("68 25 04 03 02 01 00 68 91 08 33 33 34 33 75 39 45 3D 95 16");
        rejects(() -> Dlt645Messages.readReply(reply, METER, FORWARD), Kind.VALUE)
               
                .hasMessage("数值不是 BCD 码 / value is not BCD: 42 06 12 0A");
    }

    @Test
    void replyForAnotherIdentifierOrWithAWrongLengthIsRefused() {
        // data for DI 00020000 (33 33 35 33): CS = 8B + 1 = 8C
        byte[] other = bytes("68 25 04 03 02 01 00 68 91 08 33 33 35 33 75 39 45 33 8C 16");
        rejects(() -> Dlt645Messages.readReply(other, METER, FORWARD), Kind.UNEXPECTED)
                .hasMessageContaining("not for DI 00010000");
        byte[] shortValue = frame("68 25 04 03 02 01 00 68 91 07 33 33 34 33 75 39 45");
        rejects(() -> Dlt645Messages.readReply(shortValue, METER, FORWARD), Kind.VALUE)
                .hasMessageContaining("3 byte(s), expected 4");
    }

    @Test
    void replyWithMoreFramesAndTheFollowUpRequest() throws Exception {
        // B1 instead of 91: CS = 8B + 20 = AB
        byte[] more = bytes("68 25 04 03 02 01 00 68 B1 08 33 33 34 33 75 39 45 33 AB 16");
        Dlt645Value v = Dlt645Messages.readReply(more, METER, FORWARD);
        assertThat(v.more()).isTrue();
        assertThat(v.value()).isEqualByComparingTo("1206.42");
        // 12, L=05: DI + frame number 01 (+33 -> 34); CS = FF + 12 + 05 + 33 + 33 + 34 + 33 + 34 = 217 -> 17
        assertThat(Hex.of(Dlt645Messages.followUpRequest(METER, FORWARD, 1)))
                .isEqualTo("68 25 04 03 02 01 00 68 12 05 33 33 34 33 34 17 16");
    }

    @Test
    void followUpRepliesCarryTheirFrameNumberAndAreAssembledByTheCaller() throws Exception {
        Dlt645DataId block = Dlt645DataId.parse("0001FF00");
        // DI 0001FF00 on the wire: 00 FF 01 00 +33 -> 33 32 34 33. First frame B1 with total 1206.42 (42 06 12 00
        // -> 75 39 45 33) and tariff 1 starting (42 06 -> 75 39)
        byte[] first = frame("68 25 04 03 02 01 00 68 B1 0A 33 32 34 33 75 39 45 33 75 39");
        Dlt645Messages.Part p1 = Dlt645Messages.readPart(first, METER, block);
        assertThat(p1.more()).isTrue();
        assertThat(Hex.of(p1.data())).isEqualTo("42 06 12 00 42 06");
        // frame 1 of the follow-up: B2 (more), DI, 12 00 (-> 45 33), SEQ 01 (-> 34)
        byte[] second = frame("68 25 04 03 02 01 00 68 B2 07 33 32 34 33 45 33 34");
        Dlt645Messages.Part p2 = Dlt645Messages.followUpPart(second, METER, block, 1);
        assertThat(p2.more()).isTrue();
        assertThat(Hex.of(p2.data())).isEqualTo("12 00");
        // frame 2, the last: 92, tariffs 2..4 = 0 (12 bytes 00 -> 33), SEQ 02 (-> 35)
        byte[] last = frame("68 25 04 03 02 01 00 68 92 11 33 32 34 33 " + "33 ".repeat(12) + "35");
        Dlt645Messages.Part p3 = Dlt645Messages.followUpPart(last, METER, block, 2);
        assertThat(p3.more()).isFalse();
        assertThat(p3.data()).hasSize(12).containsOnly(0);
        // the assembled block decodes to its total
        byte[] all = new byte[20];
        System.arraycopy(p1.data(), 0, all, 0, 6);
        System.arraycopy(p2.data(), 0, all, 6, 2);
        assertThat(Dlt645Messages.value(block, all, false).value()).isEqualByComparingTo("1206.42");
        // a block that is no whole number of values is refused
        rejects(() -> Dlt645Messages.value(block, Arrays.copyOf(all, 18), false), Kind.VALUE)
                .hasMessageContaining("18 byte(s), expected a positive multiple of 4");
        // the same frame offered as frame 3, or as the reply of a read, is refused
        rejects(() -> Dlt645Messages.followUpPart(last, METER, block, 3), Kind.UNEXPECTED)
                .hasMessageContaining("frame number 02, 03 was asked");
        rejects(() -> Dlt645Messages.readPart(last, METER, block), Kind.UNEXPECTED)
                .hasMessageContaining("control code 92 is not a DL/T 645-2007 reply (91 or B1)");
        // an error reply to a follow-up (D2, error byte 01 -> 34)
        rejects(() -> Dlt645Messages.followUpPart(frame("68 25 04 03 02 01 00 68 D2 01 34"), METER, block, 1),
                Kind.ERROR_REPLY).hasMessage("表计异常应答 01：其他错误 / meter error reply 01: other error");
        // 1997: follow-up request 02 with the DI only, replies 82 / A2 without frame number
        Dlt645DataId old = Dlt645DataId.parse("9010");
        // 02, L=02, 10 90 -> 43 C3: CS = FF + 02 + 02 + 43 + C3 = 209 -> 09
        assertThat(Hex.of(Dlt645Messages.followUpRequest(METER, old, 1)))
                .isEqualTo("68 25 04 03 02 01 00 68 02 02 43 C3 09 16");
        Dlt645Messages.Part p1997 = Dlt645Messages.followUpPart(frame("68 25 04 03 02 01 00 68 82 04 43 C3 45 33"),
                METER, old, 1);
        assertThat(Hex.of(p1997.data())).isEqualTo("12 00");
        assertThat(p1997.more()).isFalse();
    }

    @Test
    void everyBitOfTheErrorByteIsNamedInBothLanguages() {
        // error byte 7F: every defined bit of DL/T 645-2007 (7F + 33 = B2)
        rejects(() -> Dlt645Messages.readReply(frame("68 25 04 03 02 01 00 68 D1 01 B2"), METER, FORWARD),
                Kind.ERROR_REPLY).hasMessage("表计异常应答 7F：其他错误、无请求数据、密码错/未授权、通信速率不能更改、年时区数超、"
                        + "日时段数超、费率数超 / meter error reply 7F: other error, no requested data, password error / "
                        + "unauthorised, baud rate cannot be changed, too many annual time zones, too many daily time "
                        + "periods, too many tariffs");
    }

    @Test
    void dailyFrozenIdentifiersAndFreezingTimes() throws Exception {
        assertThat(Dlt645Frozen.time(1).toString()).isEqualTo("05060001");
        assertThat(Dlt645Frozen.time(62).toString()).isEqualTo("0506003E");
        assertThat(Dlt645Frozen.energy(FORWARD, 2)).hasValueSatisfying(d -> assertThat(d).hasToString("05060102"));
        assertThat(Dlt645Frozen.energy(Dlt645DataId.parse("0002FF00"), 62))
                .hasValueSatisfying(d -> assertThat(d).hasToString("0506023E"));
        assertThat(Dlt645Frozen.energy(Dlt645DataId.parse("02010100"), 1)).isEmpty();
        assertThat(Dlt645Frozen.energy(Dlt645DataId.parse("9010"), 1)).isEmpty();
        assertThatThrownBy(() -> Dlt645Frozen.time(63)).isInstanceOf(IllegalArgumentException.class);
        // YYMMDDhhmm sent minute first: 26-11-24 00:00 -> 00 00 24 11 26
        assertThat(Dlt645Frozen.decodeTime(bytes("00 00 24 11 26")))
                .hasValue(java.time.LocalDateTime.parse("2026-11-24T00:00"));
        assertThat(Dlt645Frozen.decodeTime(bytes("00 00 00 00 00"))).isEmpty();
        rejects(() -> Dlt645Frozen.decodeTime(bytes("00 00 32 11 26")), Kind.VALUE).hasMessageContaining("no valid date");
        rejects(() -> Dlt645Frozen.decodeTime(bytes("00 0A 24 11 26")), Kind.VALUE).hasMessageContaining("not BCD");
        rejects(() -> Dlt645Frozen.decodeTime(bytes("00 00 24 11")), Kind.VALUE).hasMessageContaining("expected 5");
    }

    @Test
    void configuredAddressesAndIdentifiersAreChecked() {
        assertThat(Dlt645DataId.parse("9010").toString()).isEqualTo("9010");
        assertThat(Dlt645DataId.parse("02010100").toString()).isEqualTo("02010100");
        assertThat(Dlt645Address.parse(" aaaaaaaaaaaa ").isWildcard()).isTrue();
        assertThatThrownBy(() -> Dlt645Address.parse("00010203042")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> Dlt645Address.parse("00010203042X")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dlt645DataId.parse("901")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 hex digits");
        assertThatThrownBy(() -> Dlt645DataId.parse("0001000G")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Dlt645DataIds.format(Dlt645DataId.parse("04000401"))).isEmpty();
    }
}
