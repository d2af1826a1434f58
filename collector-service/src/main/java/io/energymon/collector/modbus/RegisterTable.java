package io.energymon.collector.modbus;

import java.util.Locale;

/** The register table a point is read from, with its read function code. */
public enum RegisterTable {
    /** Holding registers, function 03. */
    HOLDING(3),
    /** Input registers, function 04. */
    INPUT(4);

    private final int functionCode;

    RegisterTable(int functionCode) {
        this.functionCode = functionCode;
    }

    public int functionCode() {
        return functionCode;
    }

    /**
     * The table a point's address names: {@code HOLDING} or {@code 03} (default), {@code INPUT} or {@code 04}.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static RegisterTable of(String function) {
        if (function == null || function.isBlank()) {
            return HOLDING;
        }
        return switch (function.strip().toUpperCase(Locale.ROOT)) {
            case "HOLDING", "03", "3" -> HOLDING;
            case "INPUT", "04", "4" -> INPUT;
            default -> throw new IllegalArgumentException("function must be HOLDING (03) or INPUT (04), got " + function);
        };
    }
}
