package io.energymon.collector.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Fuzzing the DL/T 645 decoders: whatever arrives from a bus, the only exception is {@link Dlt645Exception}; frames
 * survive encode → decode unchanged.
 */
class Dlt645CodecFuzzTest {
    private static final Dlt645Address METER = Dlt645Address.parse("000102030425");
    private static final List<Dlt645DataId> IDS = List.of(Dlt645DataId.parse("00010000"),
            Dlt645DataId.parse("02020100"), Dlt645DataId.parse("9010"), Dlt645DataId.parse("B611"));

    /** Runs every decoder on the bytes; fails on any exception other than Dlt645Exception. */
    private static void decodeEverything(byte[] bytes) {
        for (Dlt645DataId di : IDS) {
            try {
                Dlt645Value v = Dlt645Messages.readReply(bytes, METER, di);
                assertThat(v.value()).isNotNull();
            } catch (Dlt645Exception e) {
                assertThat(e.getMessage()).contains(" / ");
            }
            try {
                assertThat(Dlt645Messages.followUpPart(bytes, METER, di, 1).data()).isNotNull();
            } catch (Dlt645Exception e) {
                assertThat(e.getMessage()).contains(" / ");
            }
        }
        try {
            assertThat(Dlt645Frozen.decodeTime(bytes)).isNotNull();
        } catch (Dlt645Exception e) {
            assertThat(e.getMessage()).contains(" / ");
        }
        try {
            assertThat(Dlt645Messages.addressReply(bytes).digits()).hasSize(12);
        } catch (Dlt645Exception e) {
            assertThat(e.kind()).isNotNull();
        }
        int end = Dlt645FrameCodec.frameEnd(bytes, bytes.length);
        assertThat(end).isBetween(-1, bytes.length);
    }

    @Property
    void arbitraryBytesOnlyEverGiveADlt645Exception(@ForAll @Size(max = 300) byte[] bytes) {
        decodeEverything(bytes);
    }

    @Property
    void mutatedValidFramesOnlyEverGiveADlt645Exception(@ForAll("validReplies") byte[] frame,
                                                         @ForAll @IntRange(max = 1000) int position,
                                                         @ForAll byte replacement,
                                                         @ForAll("mutations") int mutation) {
        int at = position % frame.length;
        byte[] mutated = switch (mutation) {
            case 0 -> { // one byte replaced
                byte[] m = frame.clone();
                m[at] = replacement;
                yield m;
            }
            case 1 -> Arrays.copyOf(frame, at); // truncated
            case 2 -> { // one byte inserted
                byte[] m = new byte[frame.length + 1];
                System.arraycopy(frame, 0, m, 0, at);
                m[at] = replacement;
                System.arraycopy(frame, at, m, at + 1, frame.length - at);
                yield m;
            }
            default -> { // one byte removed
                byte[] m = new byte[frame.length - 1];
                System.arraycopy(frame, 0, m, 0, at);
                System.arraycopy(frame, at + 1, m, at, frame.length - at - 1);
                yield m;
            }
        };
        decodeEverything(mutated);
    }

    @Provide
    Arbitrary<Integer> mutations() {
        return Arbitraries.integers().between(0, 3);
    }

    /** Read replies of the meter for the identifiers above, with arbitrary BCD-ish and non-BCD values. */
    @Provide
    Arbitrary<byte[]> validReplies() {
        return Combinators.combine(Arbitraries.of(IDS), Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(5),
                Arbitraries.of(0x91, 0xB1, 0xD1, 0x81, 0xC1)).as((di, value, control) -> {
                    byte[] id = di.wire();
                    byte[] data = Arrays.copyOf(id, id.length + value.length);
                    System.arraycopy(value, 0, data, id.length, value.length);
                    return Dlt645FrameCodec.encode(new Dlt645Frame(METER.wire(), control, data));
                });
    }

    @Property
    void framesSurviveEncodeAndDecode(@ForAll @Size(6) byte[] address, @ForAll @IntRange(max = 255) int control,
                                      @ForAll @Size(max = 255) byte[] data, @ForAll @IntRange(max = 4) int wakeUp,
                                      @ForAll @Size(max = 8) byte[] garbage) throws Dlt645Exception {
        Dlt645Frame frame = new Dlt645Frame(address, control, data);
        byte[] encoded = Dlt645FrameCodec.encode(frame);
        byte[] prefix = new byte[wakeUp + garbage.length];
        Arrays.fill(prefix, 0, wakeUp, (byte) 0xFE);
        for (int i = 0; i < garbage.length; i++) {
            prefix[wakeUp + i] = garbage[i] == 0x68 ? 0x00 : garbage[i]; // garbage without a frame start
        }
        byte[] wire = new byte[prefix.length + encoded.length];
        System.arraycopy(prefix, 0, wire, 0, prefix.length);
        System.arraycopy(encoded, 0, wire, prefix.length, encoded.length);

        assertThat(encoded).hasSize(12 + data.length);
        assertThat(Dlt645FrameCodec.decode(wire)).isEqualTo(frame);
        assertThat(Dlt645FrameCodec.frameEnd(wire, wire.length)).isPositive();
        assertThat(Dlt645FrameCodec.frameEnd(wire, prefix.length + 9)).isEqualTo(-1);
    }

    @Property
    void readValuesSurviveAReplyBuiltFromTheirDigits(@ForAll @IntRange(max = 99_999_999) int hundredths)
            throws Dlt645Exception {
        Dlt645DataId di = Dlt645DataId.parse("00010000");
        // the test's own BCD: 8 digits, low byte first
        String digits = String.format("%08d", hundredths);
        byte[] value = new byte[4];
        for (int i = 0; i < 4; i++) {
            value[i] = (byte) Integer.parseInt(digits.substring(6 - 2 * i, 8 - 2 * i), 16);
        }
        byte[] data = Arrays.copyOf(di.wire(), 8);
        System.arraycopy(value, 0, data, 4, 4);
        byte[] reply = Dlt645FrameCodec.encode(new Dlt645Frame(METER.wire(), 0x91, data));

        assertThat(Dlt645Messages.readReply(reply, METER, di).value())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(hundredths, 2));
    }
}
