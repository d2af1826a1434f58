package io.energymon.collector.dlt645;

/**
 * How the value of a data identifier is laid out: {@code length} BCD bytes (low byte first) holding a number with
 * {@code decimals} decimals, in {@code unit}. When {@code signed}, the highest bit of the last (most significant)
 * byte is the sign (1 = negative), as DL/T 645-2007 does for currents and powers. When {@code block}, the data is a
 * data block (数据块) of one or more such values, total first then per tariff, of which the total is taken; a block
 * of several tariffs may be longer than one frame and come in several (后续帧).
 */
public record Dlt645ValueFormat(int length, int decimals, String unit, boolean signed, boolean block) {
    public Dlt645ValueFormat {
        if (length < 1 || length > 8 || decimals < 0 || decimals > 2 * length) {
            throw new IllegalArgumentException("impossible format: " + length + " bytes, " + decimals + " decimals");
        }
    }

    /** A single value. */
    public Dlt645ValueFormat(int length, int decimals, String unit, boolean signed) {
        this(length, decimals, unit, signed, false);
    }
}
