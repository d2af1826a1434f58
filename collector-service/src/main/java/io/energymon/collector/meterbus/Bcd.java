package io.energymon.collector.meterbus;

/**
 * Packed BCD as DL/T 645 and CJ/T 188 carry it: two decimal digits per byte, high digit in the high nibble, multi-byte
 * numbers sent low byte first. Returns -1 instead of throwing, so each codec reports a bad digit with its own
 * exception type.
 */
public final class Bcd {

    private Bcd() {
    }

    /**
     * The number held by {@code len} BCD bytes sent low byte first (at most 9 bytes = 18 digits), or -1 when a
     * nibble is above 9.
     */
    public static long lowFirst(byte[] b, int off, int len) {
        if (len > 9) {
            throw new IllegalArgumentException("at most 9 BCD bytes, got " + len);
        }
        long value = 0;
        for (int i = off + len - 1; i >= off; i--) {
            int hi = (b[i] >> 4) & 0x0F;
            int lo = b[i] & 0x0F;
            if (hi > 9 || lo > 9) {
                return -1;
            }
            value = value * 100 + hi * 10 + lo;
        }
        return value;
    }

    /** {@code digits} (most significant first, an even count of 0-9) as BCD bytes low byte first. */
    public static byte[] toLowFirst(String digits) {
        if (digits.length() % 2 != 0 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not an even number of decimal digits: " + digits);
        }
        int n = digits.length() / 2;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int pos = digits.length() - 2 * (i + 1);
            out[i] = (byte) (((digits.charAt(pos) - '0') << 4) | (digits.charAt(pos + 1) - '0'));
        }
        return out;
    }

    /** Bytes sent low byte first as hex digits most significant first ({@code 25 04 03 02 01 00} → {@code 000102030425}). */
    public static String hexHighFirst(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Character.toUpperCase(Character.forDigit((b[i] >> 4) & 0x0F, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b[i] & 0x0F, 16)));
        }
        return sb.toString();
    }

    /** Bytes in wire order as spaced hex ({@code 68 AA ...}), for messages. */
    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int i = off; i < off + len; i++) {
            if (i > off) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    public static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }
}
