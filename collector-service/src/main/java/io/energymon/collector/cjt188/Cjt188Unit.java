package io.energymon.collector.cjt188;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * The unit codes that follow CJ/T 188 values, and the fixed units of values without a code (temperatures, hours).
 *
 * <p>Codes as listed by vendors' CJ/T 188-2004 manuals (the standard's own table was not at hand): 02 Wh, 05 kWh,
 * 08 MWh, 0A MWh×100, 01 J (assumed: vendors list it with a question mark), 0B kJ, 0E MJ, 11 GJ, 13 GJ×100, 14 W,
 * 17 kW, 1A MW, 29 L, 2C m³, 32 L/h, 35 m³/h. Any other code is refused rather than guessed.
 *
 * @param factor size of the unit in its dimension's base unit (J, W, L, L/h, °C, h)
 */
public enum Cjt188Unit {
    WH(0x02, "Wh", Dimension.ENERGY, "3600"),
    KWH(0x05, "kWh", Dimension.ENERGY, "3.6E6"),
    MWH(0x08, "MWh", Dimension.ENERGY, "3.6E9"),
    MWH_100(0x0A, "MWh×100", Dimension.ENERGY, "3.6E11"),
    J(0x01, "J", Dimension.ENERGY, "1"),
    KJ(0x0B, "kJ", Dimension.ENERGY, "1E3"),
    MJ(0x0E, "MJ", Dimension.ENERGY, "1E6"),
    GJ(0x11, "GJ", Dimension.ENERGY, "1E9"),
    GJ_100(0x13, "GJ×100", Dimension.ENERGY, "1E11"),
    W(0x14, "W", Dimension.POWER, "1"),
    KW(0x17, "kW", Dimension.POWER, "1E3"),
    MW(0x1A, "MW", Dimension.POWER, "1E6"),
    L(0x29, "L", Dimension.VOLUME, "1"),
    M3(0x2C, "m³", Dimension.VOLUME, "1E3"),
    L_H(0x32, "L/h", Dimension.FLOW, "1"),
    M3_H(0x35, "m³/h", Dimension.FLOW, "1E3"),
    CELSIUS(-1, "°C", Dimension.TEMPERATURE, "1"),
    HOUR(-1, "h", Dimension.TIME, "1");

    /** What a unit measures; values convert only within one dimension. */
    public enum Dimension { ENERGY, POWER, VOLUME, FLOW, TEMPERATURE, TIME }

    private final int code;
    private final String symbol;
    private final Dimension dimension;
    private final BigDecimal factor;

    Cjt188Unit(int code, String symbol, Dimension dimension, String factor) {
        this.code = code;
        this.symbol = symbol;
        this.dimension = dimension;
        this.factor = new BigDecimal(factor);
    }

    public int code() {
        return code;
    }

    public String symbol() {
        return symbol;
    }

    public Dimension dimension() {
        return dimension;
    }

    public BigDecimal factor() {
        return factor;
    }

    /** The unit of a code byte, if known. */
    public static Optional<Cjt188Unit> ofCode(int code) {
        for (Cjt188Unit u : values()) {
            if (u.code == code && code >= 0) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /**
     * The unit a point's {@code unit} text names, if it is one of these (case-insensitive; {@code m3} and
     * {@code m3/h} accepted for m³ and m³/h, {@code ℃} for °C).
     */
    public static Optional<Cjt188Unit> ofSymbol(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip().replace('³', '3').replace("℃", "°C").toLowerCase(Locale.ROOT);
        for (Cjt188Unit u : values()) {
            if (!u.symbol.contains("×") && u.symbol.replace('³', '3').toLowerCase(Locale.ROOT).equals(s)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
