package io.energymon.formula.unit;

/** The base dimensions a unit is made of. Coal equivalent and currency are their own bases, as in energy statistics. */
public enum BaseDimension {
    ENERGY("能量", "energy"),
    MASS("质量", "mass"),
    VOLUME("体积", "volume"),
    TIME("时间", "time"),
    COAL_EQUIVALENT("标准煤", "coal equivalent"),
    CURRENCY("货币", "currency"),
    /** Pressure of steam, gas or compressed air (for instruments, e.g. steam heat derived from it). */
    PRESSURE("压力", "pressure"),
    /** Celsius temperature of a medium; an interval scale, so it is never converted to kelvin by a factor. */
    TEMPERATURE("温度", "temperature");

    private final String nameZh;
    private final String nameEn;

    BaseDimension(String nameZh, String nameEn) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }
}
