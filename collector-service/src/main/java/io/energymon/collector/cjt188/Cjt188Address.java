package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.Bcd;
import java.util.Arrays;

/**
 * A meter address A6..A0: 14 BCD digits, most significant first as printed ({@code 78330011223344}), sent as 7
 * bytes low byte first ({@code 44 33 22 11 00 33 78}). {@code AAAAAAAAAAAAAA} is the wildcard (one meter per bus).
 */
public record Cjt188Address(String digits) {
    public static final Cjt188Address WILDCARD = new Cjt188Address("AAAAAAAAAAAAAA");

    public Cjt188Address {
        if (digits == null || !(digits.matches("\\d{14}") || digits.equals("AAAAAAAAAAAAAA"))) {
            throw new IllegalArgumentException("CJ/T 188 meter address must be 14 digits, got " + digits);
        }
    }

    public static Cjt188Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no CJ/T 188 meter address (14 digits)");
        }
        String s = text.strip();
        return s.equalsIgnoreCase(WILDCARD.digits) ? WILDCARD : new Cjt188Address(s);
    }

    public boolean isWildcard() {
        return equals(WILDCARD);
    }

    /** The 7 address bytes of a frame, low byte first. */
    public byte[] wire() {
        if (isWildcard()) {
            byte[] aa = new byte[7];
            Arrays.fill(aa, (byte) 0xAA);
            return aa;
        }
        return Bcd.toLowFirst(digits);
    }

    @Override
    public String toString() {
        return digits;
    }
}
