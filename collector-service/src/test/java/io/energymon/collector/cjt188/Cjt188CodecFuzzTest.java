package io.energymon.collector.cjt188;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.collector.cjt188.Cjt188Messages.Request;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the CJ/T 188 decoders: whatever arrives from a bus, the only exception is {@link Cjt188Exception}; frames
 * survive encode → decode unchanged.
 */
class Cjt188CodecFuzzTest {
    private static final Cjt188Address METER = Cjt188Address.parse("78330011223344");
    private static final List<Request> REQUESTS = List.of(
            new Request(Cjt188MeterType.COLD_WATER, METER, 0x901F, false, 0),
            new Request(Cjt188MeterType.HEAT, METER, 0x901F, false, 0),
            new Request(Cjt188MeterType.GAS, METER, 0x901F, true, 0),
            new Request(Cjt188MeterType.ELECTRICITY, METER, 0x901F, false, 0));

    private static void decodeEverything(byte[] bytes) {
        for (Request r : REQUESTS) {
            try {
                assertThat(Cjt188Messages.readReply(bytes, r).values()).isNotEmpty();
            } catch (Cjt188Exception e) {
                assertThat(e.getMessage()).contains(" / ");
            }
        }
        assertThat(Cjt188FrameCodec.frameEnd(bytes, bytes.length)).isBetween(-1, bytes.length);
    }

    @Property
    void arbitraryBytesOnlyEverGiveACjt188Exception(@ForAll @Size(max = 300) byte[] bytes) {
        decodeEverything(bytes);
    }

    @Property
    void mutatedValidFramesOnlyEverGiveACjt188Exception(@ForAll("validReplies") byte[] frame,
                                                        @ForAll @IntRange(max = 1000) int position,
                                                        @ForAll byte replacement,
                                                        @ForAll @IntRange(max = 3) int mutation) {
        int at = position % frame.length;
        byte[] mutated = switch (mutation) {
            case 0 -> {
                byte[] m = frame.clone();
                m[at] = replacement;
                yield m;
            }
            case 1 -> Arrays.copyOf(frame, at);
            case 2 -> {
                byte[] m = new byte[frame.length + 1];
                System.arraycopy(frame, 0, m, 0, at);
                m[at] = replacement;
                System.arraycopy(frame, at, m, at + 1, frame.length - at);
                yield m;
            }
            default -> {
                byte[] m = new byte[frame.length - 1];
                System.arraycopy(frame, 0, m, 0, at);
                System.arraycopy(frame, at + 1, m, at, frame.length - at - 1);
                yield m;
            }
        };
        decodeEverything(mutated);
    }

    /** Replies of the meter with the DI and SER of the requests and bodies of the right lengths. */
    @Provide
    Arbitrary<byte[]> validReplies() {
        return Combinators.combine(Arbitraries.of(0x10, 0x20, 0x30, 0x40), Arbitraries.of(19, 43, 0, 5),
                Arbitraries.bytes().array(byte[].class).ofSize(43), Arbitraries.of(0x81, 0xC1, 0x01))
                .as((type, length, body, control) -> {
                    byte[] data = new byte[3 + length];
                    data[0] = 0x1F;
                    data[1] = (byte) 0x90;
                    System.arraycopy(body, 0, data, 3, length);
                    return Cjt188FrameCodec.encode(new Cjt188Frame(type, METER.wire(), control, data));
                });
    }

    @Property
    void framesSurviveEncodeAndDecode(@ForAll @IntRange(max = 255) int type, @ForAll @Size(7) byte[] address,
                                      @ForAll @IntRange(max = 255) int control, @ForAll @Size(max = 255) byte[] data,
                                      @ForAll @IntRange(max = 4) int wakeUp) throws Cjt188Exception {
        Cjt188Frame frame = new Cjt188Frame(type, address, control, data);
        byte[] encoded = Cjt188FrameCodec.encode(frame);
        byte[] wire = new byte[wakeUp + encoded.length];
        Arrays.fill(wire, 0, wakeUp, (byte) 0xFE);
        System.arraycopy(encoded, 0, wire, wakeUp, encoded.length);

        assertThat(encoded).hasSize(13 + data.length);
        assertThat(Cjt188FrameCodec.decode(wire)).isEqualTo(frame);
        assertThat(Cjt188FrameCodec.frameEnd(wire, wire.length)).isPositive();
        assertThat(Cjt188FrameCodec.frameEnd(wire, wakeUp + 10)).isEqualTo(-1);
    }

    @Property
    void waterFlowsSurviveAReplyBuiltFromTheirDigits(@ForAll @IntRange(max = 99_999_999) int hundredths,
                                                     @ForAll @IntRange(max = 255) int ser) throws Cjt188Exception {
        String digits = String.format("%08d", hundredths);
        byte[] data = new byte[22];
        data[0] = 0x1F;
        data[1] = (byte) 0x90;
        data[2] = (byte) ser;
        for (int i = 0; i < 4; i++) { // the test's own BCD, low byte first
            data[3 + i] = (byte) Integer.parseInt(digits.substring(6 - 2 * i, 8 - 2 * i), 16);
        }
        data[7] = 0x2C;
        data[12] = 0x29; // settlement flow 0 L
        byte[] reply = Cjt188FrameCodec.encode(new Cjt188Frame(0x10, METER.wire(), 0x81, data));
        Request r = new Request(Cjt188MeterType.COLD_WATER, METER, 0x901F, false, ser);

        Cjt188Readout readout = Cjt188Messages.readReply(reply, r);
        assertThat(readout.values().get(Cjt188Field.CURRENT_FLOW))
                .isEqualTo(new Cjt188Quantity(java.math.BigDecimal.valueOf(hundredths, 2), Cjt188Unit.M3));
        assertThat(readout.values().get(Cjt188Field.SETTLEMENT_FLOW).unit()).isEqualTo(Cjt188Unit.L);
    }
}
