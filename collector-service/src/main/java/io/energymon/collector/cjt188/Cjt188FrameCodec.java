package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.FrameChecks;
import io.energymon.collector.meterbus.MeterFrameException.Kind;

/**
 * The CJ/T 188-2004 link layer: {@code [FE×n] 68 T A0..A6 C L DATA CS 16}, CS = sum of the bytes from 68 through
 * DATA, modulo 256.
 */
public final class Cjt188FrameCodec {
    static final int START = 0x68;
    static final int END = 0x16;
    /** Bytes of a frame besides its data: 68, T, 7 address bytes, C, L, CS, 16. */
    static final int OVERHEAD = 13;
    private static final int HEADER = 11;

    private Cjt188FrameCodec() {
    }

    /** The frame's bytes (no wake-up bytes). */
    public static byte[] encode(Cjt188Frame frame) {
        byte[] data = frame.data();
        byte[] out = new byte[OVERHEAD + data.length];
        out[0] = START;
        out[1] = (byte) frame.meterType();
        System.arraycopy(frame.address(), 0, out, 2, 7);
        out[9] = (byte) frame.control();
        out[10] = (byte) data.length;
        System.arraycopy(data, 0, out, HEADER, data.length);
        out[HEADER + data.length] = checksum(out, 0, HEADER + data.length);
        out[HEADER + data.length + 1] = END;
        return out;
    }

    static byte checksum(byte[] b, int from, int to) {
        return FrameChecks.checksum(b, from, to);
    }

    /**
     * For a stream: the index just after the first complete candidate frame (68 ... ending in 16; wake-up bytes and
     * garbage before it skipped), or -1 while none is complete. Its checksum is checked by {@link #decode}.
     */
    public static int frameEnd(byte[] b, int len) {
        for (int i = 0; i + HEADER <= len; i++) {
            if ((b[i] & 0xFF) == START) {
                int end = i + OVERHEAD + (b[i + 10] & 0xFF);
                if (end <= len && (b[end - 1] & 0xFF) == END) {
                    return end;
                }
            }
        }
        return -1;
    }

    /**
     * Decodes the first valid frame in {@code bytes}, skipping wake-up bytes (FE) and garbage before it; bytes after
     * it are ignored.
     *
     * @throws Cjt188Exception no valid frame: the reason of the first candidate (truncated, wrong end byte, wrong
     *                         checksum) or that there is none
     */
    public static Cjt188Frame decode(byte[] bytes) throws Cjt188Exception {
        Cjt188Exception first = null;
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xFF) != START) {
                continue;
            }
            Cjt188Exception problem = problem(bytes, i);
            if (problem == null) {
                byte[] address = new byte[7];
                System.arraycopy(bytes, i + 2, address, 0, 7);
                byte[] data = new byte[bytes[i + 10] & 0xFF];
                System.arraycopy(bytes, i + HEADER, data, 0, data.length);
                return new Cjt188Frame(bytes[i + 1] & 0xFF, address, bytes[i + 9] & 0xFF, data);
            }
            if (first == null) {
                first = problem;
            }
        }
        throw first != null ? first : new Cjt188Exception(Kind.FRAME, "无 CJ/T 188 帧",
                "no CJ/T 188 frame (68 T A0..A6) in " + describe(bytes));
    }

    private static Cjt188Exception problem(byte[] b, int i) {
        return FrameChecks.problem(b, i, HEADER, OVERHEAD, Cjt188Exception::new);
    }

    static String describe(byte[] b) {
        return FrameChecks.describe(b);
    }
}
