package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.FrameChecks;
import io.energymon.collector.meterbus.MeterFrameException.Kind;

/**
 * The DL/T 645 link layer (2007 and 1997 alike): {@code [FE×n] 68 A0..A5 68 C L DATA CS 16}, each data byte +0x33
 * on the wire, CS = sum of the bytes from the first 68 through DATA, modulo 256.
 */
public final class Dlt645FrameCodec {
    static final int START = 0x68;
    static final int END = 0x16;
    static final int OFFSET = 0x33;
    /** Bytes of a frame besides its data: 68, 6 address bytes, 68, C, L, CS, 16. */
    static final int OVERHEAD = 12;

    private Dlt645FrameCodec() {
    }

    /** The frame's bytes (no wake-up bytes). */
    public static byte[] encode(Dlt645Frame frame) {
        byte[] data = frame.data();
        byte[] out = new byte[OVERHEAD + data.length];
        out[0] = START;
        System.arraycopy(frame.address(), 0, out, 1, 6);
        out[7] = START;
        out[8] = (byte) frame.control();
        out[9] = (byte) data.length;
        for (int i = 0; i < data.length; i++) {
            out[10 + i] = (byte) (data[i] + OFFSET);
        }
        out[10 + data.length] = checksum(out, 0, 10 + data.length);
        out[11 + data.length] = END;
        return out;
    }

    static byte checksum(byte[] b, int from, int to) {
        return FrameChecks.checksum(b, from, to);
    }

    /** Whether a frame may start at {@code i}: 68 there and, when received, 68 seven bytes later. */
    private static boolean candidate(byte[] b, int len, int i) {
        return (b[i] & 0xFF) == START && (i + 7 >= len || (b[i + 7] & 0xFF) == START);
    }

    /**
     * For a stream: the index just after the first complete candidate frame ending in 16 (wake-up bytes and garbage
     * before it skipped), or -1 while none is complete. Its checksum is checked by {@link #decode}.
     */
    public static int frameEnd(byte[] b, int len) {
        for (int i = 0; i + 10 <= len; i++) {
            if (candidate(b, len, i)) {
                int end = i + OVERHEAD + (b[i + 9] & 0xFF);
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
     * @throws Dlt645Exception no valid frame: the reason of the first candidate (truncated, wrong end byte, wrong
     *                         checksum) or that there is none
     */
    public static Dlt645Frame decode(byte[] bytes) throws Dlt645Exception {
        Dlt645Exception first = null;
        int len = bytes.length;
        for (int i = 0; i < len; i++) {
            if (!candidate(bytes, len, i)) {
                continue;
            }
            Dlt645Exception problem = problem(bytes, i);
            if (problem == null) {
                byte[] address = new byte[6];
                System.arraycopy(bytes, i + 1, address, 0, 6);
                int n = bytes[i + 9] & 0xFF;
                byte[] data = new byte[n];
                for (int k = 0; k < n; k++) {
                    data[k] = (byte) (bytes[i + 10 + k] - OFFSET);
                }
                return new Dlt645Frame(address, bytes[i + 8] & 0xFF, data);
            }
            if (first == null) {
                first = problem;
            }
        }
        throw first != null ? first : new Dlt645Exception(Kind.FRAME, "无 DL/T 645 帧",
                "no DL/T 645 frame (68 A0..A5 68) in " + describe(bytes));
    }

    /** Why the candidate at {@code i} is no valid frame, or null. */
    private static Dlt645Exception problem(byte[] b, int i) {
        return FrameChecks.problem(b, i, 10, OVERHEAD, Dlt645Exception::new);
    }

    static String describe(byte[] b) {
        return FrameChecks.describe(b);
    }
}
