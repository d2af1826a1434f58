package io.energymon.collector.cjt188;

import java.util.Locale;

/** The meter type byte T of CJ/T 188-2004, and the family whose data layouts the meter uses. */
public enum Cjt188MeterType {
    COLD_WATER(0x10, Family.WATER),
    HOT_WATER(0x11, Family.WATER),
    DRINKING_WATER(0x12, Family.WATER),
    RECLAIMED_WATER(0x13, Family.WATER),
    HEAT(0x20, Family.HEAT),
    COOLING(0x21, Family.HEAT),
    GAS(0x30, Family.GAS),
    ELECTRICITY(0x40, Family.ELECTRICITY);

    /** Meters of a family answer a DI with the same layout. */
    public enum Family { WATER, HEAT, GAS, ELECTRICITY }

    private final int code;
    private final Family family;

    Cjt188MeterType(int code, Family family) {
        this.code = code;
        this.family = family;
    }

    public int code() {
        return code;
    }

    public Family family() {
        return family;
    }

    /** The type of a code byte, or null. */
    public static Cjt188MeterType of(int code) {
        for (Cjt188MeterType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** Parses the configured type: 2 hex digits ({@code 10} cold water, {@code 20} heat, {@code 30} gas ...). */
    public static Cjt188MeterType parse(String text) {
        String s = text == null ? "" : text.strip();
        Cjt188MeterType t = s.matches("[0-9A-Fa-f]{2}") ? of(Integer.parseInt(s, 16)) : null;
        if (t == null) {
            throw new IllegalArgumentException("CJ/T 188 meterType must be one of 10, 11, 12, 13 (water), 20 (heat), "
                    + "21 (cooling), 30 (gas), 40 (electricity), got " + text);
        }
        return t;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%02X", code);
    }
}
