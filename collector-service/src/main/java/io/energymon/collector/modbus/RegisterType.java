package io.energymon.collector.modbus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;

/**
 * The data type of a point's value in 16-bit Modbus registers: integers of 16, 32 and 64 bits (signed as two's
 * complement, or unsigned) and IEEE 754 floats of 32 and 64 bits, in any {@link RegisterOrder}. Decoding is exact:
 * integers become integral {@link BigDecimal}s, floats the decimal of {@link Float#toString(float)} or
 * {@link Double#toString(double)} (the shortest decimal that reads back as the same float, so a register holding
 * 1206.42f decodes to 1206.42, not 1206.4200439453125).
 */
public enum RegisterType {
    UINT16(1), INT16(1), UINT32(2), INT32(2), UINT64(4), INT64(4), FLOAT32(2), FLOAT64(4);

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final int words;

    RegisterType(int words) {
        this.words = words;
    }

    /** Registers a value of this type takes. */
    public int words() {
        return words;
    }

    /**
     * The type a point's address names (default {@code UINT32}).
     *
     * @throws IllegalArgumentException naming the value and the known types
     */
    public static RegisterType of(String dataType) {
        if (dataType == null || dataType.isBlank()) {
            return UINT32;
        }
        try {
            return valueOf(dataType.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dataType must be one of " + Arrays.toString(values()) + ", got "
                    + dataType);
        }
    }

    /** Whether the type is a float. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * Decodes the value held by {@code words()} registers of {@code regs} from {@code offset} (each 0..65535).
     *
     * @throws NonFiniteValueException a float register holding NaN or an infinity
     */
    public BigDecimal decode(int[] regs, int offset, RegisterOrder order) {
        if (offset < 0 || offset + words > regs.length) {
            throw new IllegalArgumentException(name() + " needs " + words + " registers from " + offset + ", got "
                    + regs.length);
        }
        long bits = 0;
        for (int i = 0; i < words; i++) {
            int word = regs[offset + (order.highWordFirst() ? i : words - 1 - i)] & 0xFFFF;
            if (!order.highByteFirst()) {
                word = ((word & 0xFF) << 8) | (word >>> 8);
            }
            bits = (bits << 16) | word;
        }
        return switch (this) {
            case UINT16, UINT32 -> BigDecimal.valueOf(bits);
            case INT16 -> BigDecimal.valueOf((short) bits);
            case INT32 -> BigDecimal.valueOf((int) bits);
            case INT64 -> BigDecimal.valueOf(bits);
            case UINT64 -> new BigDecimal(bits >= 0 ? BigInteger.valueOf(bits) : BigInteger.valueOf(bits).add(TWO_TO_64));
            case FLOAT32 -> {
                float f = Float.intBitsToFloat((int) bits);
                if (Float.isNaN(f) || Float.isInfinite(f)) {
                    throw new NonFiniteValueException(this, f == Float.POSITIVE_INFINITY ? "+Infinity"
                            : f == Float.NEGATIVE_INFINITY ? "-Infinity" : "NaN", bits, words);
                }
                yield new BigDecimal(Float.toString(f));
            }
            case FLOAT64 -> {
                double d = Double.longBitsToDouble(bits);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NonFiniteValueException(this, d == Double.POSITIVE_INFINITY ? "+Infinity"
                            : d == Double.NEGATIVE_INFINITY ? "-Infinity" : "NaN", bits, words);
                }
                yield new BigDecimal(Double.toString(d));
            }
        };
    }

    /**
     * The registers holding {@code value} in this type and layout, the inverse of {@link #decode} (floats are
     * rounded to the nearest float, integers must fit the type exactly). For tests and tools.
     */
    public int[] encode(BigDecimal value, RegisterOrder order) {
        long bits = switch (this) {
            case FLOAT32 -> Float.floatToIntBits(value.floatValue()) & 0xFFFF_FFFFL;
            case FLOAT64 -> Double.doubleToLongBits(value.doubleValue());
            default -> integerBits(value.toBigIntegerExact());
        };
        int[] regs = new int[words];
        for (int i = 0; i < words; i++) {
            int word = (int) (bits >>> (16 * (words - 1 - i))) & 0xFFFF;
            if (!order.highByteFirst()) {
                word = ((word & 0xFF) << 8) | (word >>> 8);
            }
            regs[order.highWordFirst() ? i : words - 1 - i] = word;
        }
        return regs;
    }

    private long integerBits(BigInteger v) {
        int bits = 16 * words;
        boolean signed = this == INT16 || this == INT32 || this == INT64;
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException(v + " does not fit " + name());
        }
        return v.longValue(); // two's complement low 64 bits; the upper bits beyond the type are cut when written
    }

    /** A float register holding NaN or an infinity: no measured value. */
    public static final class NonFiniteValueException extends IllegalArgumentException {
        NonFiniteValueException(RegisterType type, String what, long bits, int words) {
            super("浮点值无效 / " + type + " value is " + what + " (0x" + String.format("%0" + (4 * words) + "X", bits)
                    + "), not a measured value");
        }
    }
}
