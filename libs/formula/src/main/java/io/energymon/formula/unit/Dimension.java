package io.energymon.formula.unit;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** A product of base dimensions with integer exponents, e.g. coal equivalent·energy⁻¹; no entry has exponent 0. */
public record Dimension(Map<BaseDimension, Integer> exponents) {

    public static final Dimension NONE = new Dimension(Map.of());
    private static final Dimension POWER = of(BaseDimension.ENERGY).dividedBy(of(BaseDimension.TIME));

    public Dimension {
        EnumMap<BaseDimension, Integer> copy = new EnumMap<>(BaseDimension.class);
        exponents.forEach((base, exp) -> {
            if (exp != 0) {
                copy.put(base, exp);
            }
        });
        exponents = java.util.Collections.unmodifiableMap(copy);
    }

    public static Dimension of(BaseDimension base) {
        return new Dimension(Map.of(base, 1));
    }

    public Dimension times(Dimension other) {
        EnumMap<BaseDimension, Integer> sum = new EnumMap<>(BaseDimension.class);
        sum.putAll(exponents);
        other.exponents.forEach((base, exp) -> sum.merge(base, exp, Integer::sum));
        return new Dimension(sum);
    }

    public Dimension dividedBy(Dimension other) {
        return times(other.pow(-1));
    }

    public Dimension pow(int n) {
        EnumMap<BaseDimension, Integer> result = new EnumMap<>(BaseDimension.class);
        exponents.forEach((base, exp) -> result.put(base, exp * n));
        return new Dimension(result);
    }

    public boolean isDimensionless() {
        return exponents.isEmpty();
    }

    /** E.g. "标准煤/能量", "功率", "无量纲". */
    public String describeZh() {
        return describe(BaseDimension::nameZh, "无量纲", "功率");
    }

    /** E.g. "coal equivalent/energy", "power", "dimensionless". */
    public String describeEn() {
        return describe(BaseDimension::nameEn, "dimensionless", "power");
    }

    private String describe(Function<BaseDimension, String> name, String none, String power) {
        if (isDimensionless()) {
            return none;
        }
        if (equals(POWER)) {
            return power;
        }
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        exponents.forEach((base, exp) -> {
            StringBuilder side = exp > 0 ? up : down;
            side.append(side.isEmpty() ? "" : "·").append(name.apply(base));
            if (Math.abs(exp) != 1) {
                side.append('^').append(Math.abs(exp));
            }
        });
        return (up.isEmpty() ? "1" : up) + (down.isEmpty() ? "" : "/" + (down.indexOf("·") >= 0 ? "(" + down + ")" : down));
    }
}
