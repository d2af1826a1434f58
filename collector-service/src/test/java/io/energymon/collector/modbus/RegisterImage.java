package io.energymon.collector.modbus;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * Test oracle: the registers holding a value, built with {@link ByteBuffer} (big-endian IEEE 754 and two's complement)
 * and then reordered byte by byte for the layout, independently of {@link RegisterType}'s own bit arithmetic.
 */
public final class RegisterImage {
    private RegisterImage() {
    }

    /**
     * @param layout ABCD, CDAB, BADC or DCBA
     */
    public static int[] words(String dataType, BigDecimal value, String layout) {
        ByteBuffer b = switch (dataType) {
            case "UINT16", "INT16" -> ByteBuffer.allocate(2).putShort((short) value.intValueExact());
            case "UINT32", "INT32" -> ByteBuffer.allocate(4).putInt((int) value.longValueExact());
            case "UINT64", "INT64" -> ByteBuffer.allocate(8).putLong(value.toBigIntegerExact().longValue());
            case "FLOAT32" -> ByteBuffer.allocate(4).putFloat(value.floatValue());
            case "FLOAT64" -> ByteBuffer.allocate(8).putDouble(value.doubleValue());
            default -> throw new IllegalArgumentException(dataType);
        };
        byte[] big = b.array();
        int n = big.length;
        byte[] wire = new byte[n];
        for (int i = 0; i < n; i++) {
            int word = i / 2;
            int inWord = i % 2;
            int fromWord = layout.equals("CDAB") || layout.equals("DCBA") ? n / 2 - 1 - word : word;
            int fromByte = layout.equals("BADC") || layout.equals("DCBA") ? 1 - inWord : inWord;
            wire[i] = big[2 * fromWord + fromByte];
        }
        int[] words = new int[n / 2];
        for (int i = 0; i < words.length; i++) {
            words[i] = ((wire[2 * i] & 0xFF) << 8) | (wire[2 * i + 1] & 0xFF);
        }
        return words;
    }

    /** wordOrder of a layout name. */
    public static String wordOrder(String layout) {
        return layout.startsWith("AB") || layout.startsWith("BA") ? "BIG" : "LITTLE";
    }

    /** byteOrder of a layout name. */
    public static String byteOrder(String layout) {
        return layout.startsWith("AB") || layout.startsWith("CD") ? "BIG" : "LITTLE";
    }
}
