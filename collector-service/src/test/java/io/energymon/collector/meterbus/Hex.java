package io.energymon.collector.meterbus;

import java.util.HexFormat;

/** Test helpers for hand-written frames. */
public final class Hex {
    private Hex() {
    }

    /** {@code "68 25 04"} → bytes. */
    public static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    /** Spaced upper-case hex of bytes. */
    public static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
    }

    /**
     * The test's own checksum: sum of the bytes from the first 0x68 (after any FE) to the end, modulo 256. Written
     * independently of the codecs, to build frames by hand.
     */
    public static int sumFrom68(byte[] b) {
        int i = 0;
        while (b[i] != 0x68) {
            i++;
        }
        int sum = 0;
        for (; i < b.length; i++) {
            sum += b[i] & 0xFF;
        }
        return sum % 256;
    }

    /** {@code head} (68 through DATA, spaced hex) followed by its checksum and 16. */
    public static byte[] frame(String head) {
        byte[] h = bytes(head);
        byte[] out = java.util.Arrays.copyOf(h, h.length + 2);
        out[h.length] = (byte) sumFrom68(h);
        out[h.length + 1] = 0x16;
        return out;
    }
}
