package io.energymon.infra.plant;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Plain byte helpers of the simulated meters, written independently of the collector's codecs (so that the codecs
 * are not tested against themselves).
 */
final class BusFrames {
    private BusFrames() {
    }

    /** {@code value} × 10^decimals, truncated, as {@code bytes} BCD bytes low byte first (upper digits dropped). */
    static byte[] bcd(BigDecimal value, int decimals, int bytes) {
        long n = value.abs().movePointRight(decimals).setScale(0, RoundingMode.DOWN).longValue();
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            long two = n % 100;
            out[i] = (byte) (((two / 10) << 4) | (two % 10));
            n /= 100;
        }
        return out;
    }

    /** 12 or 14 address digits (most significant first) as bytes low byte first. */
    static byte[] address(String digits) {
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int at = digits.length() - 2 * (i + 1);
            out[i] = (byte) Integer.parseInt(digits.substring(at, at + 2), 16);
        }
        return out;
    }

    /** Appends the checksum (sum of everything so far from the first 68, mod 256) and the end byte 16. */
    static byte[] close(ByteArrayOutputStream head, int wakeUp, boolean corruptChecksum) {
        byte[] h = head.toByteArray();
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < wakeUp; i++) {
            out.write(0xFE);
        }
        out.writeBytes(h);
        out.write((sum + (corruptChecksum ? 1 : 0)) & 0xFF);
        out.write(0x16);
        return out.toByteArray();
    }
}
