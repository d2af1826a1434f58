package io.energymon.formula.unit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The units formulas and points may use. A unit text is one or more known units joined by {@code *}, {@code ·} or
 * {@code /} (left to right, like arithmetic), each with an optional exponent {@code ^2}, {@code ^-1}, {@code ²},
 * {@code ³}: {@code kgce/kWh}, {@code m3/h}, {@code kW·h}, {@code 1/h}. Whitespace is ignored.
 */
public final class Units {

    private static final Map<String, Unit> ATOMS = new LinkedHashMap<>();
    private static final Pattern POWER = Pattern.compile("(.+?)(?:\\^(-?\\d{1,2})|([²³]))");

    static {
        Dimension energy = Dimension.of(BaseDimension.ENERGY);
        Dimension time = Dimension.of(BaseDimension.TIME);
        Dimension power = energy.dividedBy(time);
        atoms(energy, "J", "1", "kJ", "1e3", "MJ", "1e6", "GJ", "1e9", "Wh", "3600", "kWh", "3.6e6", "MWh", "3.6e9",
                "GWh", "3.6e12", "万kWh", "3.6e10", "kcal", "4186.8");
        atoms(power, "W", "1", "kW", "1e3", "MW", "1e6");
        atoms(Dimension.of(BaseDimension.MASS), "g", "0.001", "kg", "1", "t", "1000");
        // km3 is the gas trade's thousand cubic metres (千立方米), not a cubic kilometre; Nm3 is at standard conditions
        atoms(Dimension.of(BaseDimension.VOLUME), "L", "0.001", "m3", "1", "m³", "1", "Nm3", "1", "Nm³", "1",
                "km3", "1e3", "10^4m3", "1e4", "万m3", "1e4", "万m³", "1e4", "万立方米", "1e4");
        atoms(Dimension.of(BaseDimension.COAL_EQUIVALENT), "kgce", "1", "tce", "1000", "万tce", "1e7");
        atoms(time, "s", "1", "min", "60", "h", "3600", "d", "86400");
        atoms(Dimension.of(BaseDimension.CURRENCY), "元", "1", "万元", "1e4");
        atoms(Dimension.NONE, "1", "1", "%", "0.01");
        atoms(Dimension.of(BaseDimension.PRESSURE), "Pa", "1", "kPa", "1e3", "MPa", "1e6", "bar", "1e5");
        atoms(Dimension.of(BaseDimension.TEMPERATURE), "°C", "1", "℃", "1");
    }

    private Units() {
    }

    private static void atoms(Dimension dimension, String... textAndScale) {
        for (int i = 0; i < textAndScale.length; i += 2) {
            ATOMS.put(textAndScale[i], new Unit(textAndScale[i], dimension, new BigDecimal(textAndScale[i + 1])));
        }
    }

    /**
     * Whether a unit is a rate, a quantity per time such as {@code kW}, {@code m3/h} or {@code GJ/h}: an instantaneous
     * point in such a unit is integrated over a period to give the quantity (kW over 15 minutes gives kWh).
     */
    public static boolean isRate(String unit) {
        return parse(unit).map(u -> u.dimension().exponents().getOrDefault(BaseDimension.TIME, 0) < 0).orElse(false);
    }

    /**
     * The unit of a rate integrated over a time in hours, e.g. {@code kW} gives {@code kW·h}, {@code m3/h} gives
     * {@code m3/h·h} (a volume): the value of the integral is the sum of rate × hours. Another unit is returned as is.
     */
    public static String integratedOverHours(String unit) {
        return isRate(unit) ? unit.strip() + "·h" : unit;
    }

    /** The simple units known, e.g. kWh, m3, tce, %. */
    public static Set<String> atoms() {
        return java.util.Collections.unmodifiableSet(ATOMS.keySet());
    }

    /** The unit a text stands for, or empty when some part of it is not known. */
    public static Optional<Unit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String compact = text.replaceAll("\\s+", "");
        Unit direct = ATOMS.get(compact);
        if (direct != null) {
            return Optional.of(new Unit(text.strip(), direct.dimension(), direct.scale()));
        }
        Dimension dimension = Dimension.NONE;
        BigDecimal scale = BigDecimal.ONE;
        int start = 0;
        char op = '*';
        for (int i = 0; i <= compact.length(); i++) {
            char c = i < compact.length() ? compact.charAt(i) : '*';
            if (c != '*' && c != '·' && c != '/') {
                continue;
            }
            Optional<Unit> factor = factor(compact.substring(start, i));
            if (factor.isEmpty()) {
                return Optional.empty();
            }
            boolean divide = op == '/';
            dimension = divide ? dimension.dividedBy(factor.get().dimension()) : dimension.times(factor.get().dimension());
            scale = divide ? scale.divide(factor.get().scale(), MathContext.DECIMAL64) : scale.multiply(factor.get().scale());
            op = c;
            start = i + 1;
        }
        return Optional.of(new Unit(text.strip(), dimension, scale));
    }

    /** One factor: a known unit, optionally raised to a power. */
    private static Optional<Unit> factor(String text) {
        Unit atom = ATOMS.get(text);
        if (atom != null) {
            return Optional.of(atom);
        }
        Matcher m = POWER.matcher(text);
        if (!m.matches() || !ATOMS.containsKey(m.group(1))) {
            return Optional.empty();
        }
        int n = m.group(2) != null ? Integer.parseInt(m.group(2)) : m.group(3).equals("²") ? 2 : 3;
        Unit base = ATOMS.get(m.group(1));
        return Optional.of(new Unit(text, base.dimension().pow(n), base.scale().pow(n, MathContext.DECIMAL64)));
    }
}
