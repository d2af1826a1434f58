package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.Bcd;
import java.util.Arrays;

/**
 * A meter's communication address: 12 BCD digits as printed on the meter ({@code 000102030425}), sent as 6 bytes low
 * byte first ({@code 25 04 03 02 01 00}). {@code AAAAAAAAAAAA} is the wildcard every meter answers (only for a bus
 * with one meter).
 */
public record Dlt645Address(String digits) {
    public static final Dlt645Address WILDCARD = new Dlt645Address("AAAAAAAAAAAA");

    public Dlt645Address {
        if (digits == null || !(digits.matches("\\d{12}") || digits.equals("AAAAAAAAAAAA"))) {
            throw new IllegalArgumentException("DL/T 645 meter address must be 12 digits, got " + digits);
        }
    }

    /** Parses a configured address (surrounding blanks ignored; {@code aaaaaaaaaaaa} is the wildcard). */
    public static Dlt645Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no DL/T 645 meter address (12 digits)");
        }
        String s = text.strip();
        return s.equalsIgnoreCase(WILDCARD.digits) ? WILDCARD : new Dlt645Address(s);
    }

    public boolean isWildcard() {
        return this.equals(WILDCARD);
    }

    /** The 6 address bytes of a frame, low byte first. */
    public byte[] wire() {
        if (isWildcard()) {
            byte[] aa = new byte[6];
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
