package io.energymon.collector.meterbus;

import io.energymon.collector.meterbus.MeterFrameException.Kind;

/**
 * What the DL/T 645 and CJ/T 188 link layers share: a frame {@code 68 … L DATA CS 16} whose length byte sits at a
 * fixed place in the header, and a checksum that is the sum of the bytes from the first 68 through DATA, modulo 256.
 */
public final class FrameChecks {
    private static final int END = 0x16;

    private FrameChecks() {
    }

    /** Makes the protocol's own exception: its decoder throws no other. */
    @FunctionalInterface
    public interface Failure<E extends MeterFrameException> {
        E of(Kind kind, String zh, String en);
    }

    /** The sum of {@code b[from..to)} modulo 256. */
    public static byte checksum(byte[] b, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += b[i] & 0xFF;
        }
        return (byte) sum;
    }

    /**
     * Why the candidate frame at {@code i} is not a valid frame (truncated, wrong end byte, wrong checksum), or null.
     *
     * @param header   bytes before DATA (from 68 through L)
     * @param overhead bytes of a frame besides its DATA (header, CS, 16)
     */
    public static <E extends MeterFrameException> E problem(byte[] b, int i, int header, int overhead,
                                                            Failure<E> failure) {
        int len = b.length;
        if (i + header > len) {
            return failure.of(Kind.FRAME, "帧不完整", "truncated frame: " + (len - i) + " byte(s) from 68, "
                    + "the header alone needs " + header);
        }
        int n = b[i + header - 1] & 0xFF;
        int end = i + overhead + n;
        if (end > len) {
            return failure.of(Kind.FRAME, "帧不完整", "truncated frame: data length " + n + " needs "
                    + (overhead + n) + " bytes, " + (len - i) + " received");
        }
        if ((b[end - 1] & 0xFF) != END) {
            return failure.of(Kind.FRAME, "结束符错误", String.format("end byte is %02X, not 16", b[end - 1] & 0xFF));
        }
        int expected = checksum(b, i, end - 2) & 0xFF;
        if ((b[end - 2] & 0xFF) != expected) {
            return failure.of(Kind.CHECKSUM, "校验和错误", String.format(
                    "checksum is %02X, the bytes sum to %02X", b[end - 2] & 0xFF, expected));
        }
        return null;
    }

    /** The bytes in hex for a message, cut after 64. */
    public static String describe(byte[] b) {
        return b.length <= 64 ? "[" + Bcd.hex(b) + "]" : "[" + Bcd.hex(b, 0, 64) + " ... (" + b.length + " bytes)]";
    }
}
