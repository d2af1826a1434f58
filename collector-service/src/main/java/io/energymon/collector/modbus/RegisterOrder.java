package io.energymon.collector.modbus;

import java.util.Locale;

/**
 * How the bytes of a multi-register value are laid out, named after a 32-bit value whose most significant byte is
 * A: the order of the 16-bit registers ({@code wordOrder}) and the order of the two bytes inside each register
 * ({@code byteOrder}). For 64-bit values the same rule applies to four registers ({@code ABCD} is then
 * {@code ABCDEFGH}, {@code CDAB} is {@code GHEFCDAB}, {@code BADC} is {@code BADCFEHG}, {@code DCBA} is
 * {@code HGFEDCBA}).
 */
public enum RegisterOrder {
    /** Most significant register first, bytes as the protocol sends them (the Modbus default). */
    ABCD(true, true),
    /** Least significant register first ("word swap"). */
    CDAB(false, true),
    /** Most significant register first, bytes swapped inside each register ("byte swap"). */
    BADC(true, false),
    /** Everything reversed (little-endian). */
    DCBA(false, false);

    private final boolean highWordFirst;
    private final boolean highByteFirst;

    RegisterOrder(boolean highWordFirst, boolean highByteFirst) {
        this.highWordFirst = highWordFirst;
        this.highByteFirst = highByteFirst;
    }

    /** True when the first register holds the most significant word. */
    public boolean highWordFirst() {
        return highWordFirst;
    }

    /** True when each register's first byte on the wire is its most significant one. */
    public boolean highByteFirst() {
        return highByteFirst;
    }

    /**
     * The layout a point's address names: {@code wordOrder} and {@code byteOrder} each {@code BIG} (default) or
     * {@code LITTLE}.
     *
     * @throws IllegalArgumentException naming the field and the value when either is something else
     */
    public static RegisterOrder of(String wordOrder, String byteOrder) {
        boolean words = big("wordOrder", wordOrder);
        boolean bytes = big("byteOrder", byteOrder);
        for (RegisterOrder o : values()) {
            if (o.highWordFirst == words && o.highByteFirst == bytes) {
                return o;
            }
        }
        throw new AssertionError("every combination is a layout");
    }

    private static boolean big(String field, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "BIG" -> true;
            case "LITTLE" -> false;
            default -> throw new IllegalArgumentException(field + " must be BIG or LITTLE, got " + text);
        };
    }
}
