package io.energymon.collector.modbus;

import java.math.BigDecimal;

/** How a point's value is laid out in 16-bit registers. */
public enum RegisterType {
    UINT16(1), INT16(1), UINT32(2), INT32(2), FLOAT32(2);

    private final int words;

    RegisterType(int words) {
        this.words = words;
    }

    public int words() {
        return words;
    }

    /**
     * Decodes raw register words (each 0..65535).
     *
     * @param highWordFirst for 32-bit types: true when the first register holds the high word
     */
    public BigDecimal decode(int[] regs, boolean highWordFirst) {
        if (regs.length != words) {
            throw new IllegalArgumentException(name() + " needs " + words + " registers, got " + regs.length);
        }
        return switch (this) {
            case UINT16 -> BigDecimal.valueOf(regs[0] & 0xFFFF);
            case INT16 -> BigDecimal.valueOf((short) regs[0]);
            case UINT32 -> BigDecimal.valueOf(bits32(regs, highWordFirst) & 0xFFFF_FFFFL);
            case INT32 -> BigDecimal.valueOf((int) bits32(regs, highWordFirst));
            case FLOAT32 -> {
                float f = Float.intBitsToFloat((int) bits32(regs, highWordFirst));
                if (Float.isNaN(f) || Float.isInfinite(f)) {
                    throw new IllegalArgumentException("FLOAT32 register value is " + f);
                }
                yield new BigDecimal(Float.toString(f));
            }
        };
    }

    private static long bits32(int[] regs, boolean highWordFirst) {
        int hi = highWordFirst ? regs[0] : regs[1];
        int lo = highWordFirst ? regs[1] : regs[0];
        return ((long) (hi & 0xFFFF) << 16) | (lo & 0xFFFF);
    }
}
