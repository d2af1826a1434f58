package io.energymon.collector.steam;

import java.util.List;
import java.util.Map;

/**
 * The units a steam heat point's inputs and output may be configured in ({@code PointConfig.unit}), each as a linear
 * conversion to the unit IAPWS-IF97 and the deriver compute in. Names are matched ignoring case and surrounding
 * blanks; an unknown name is a configuration error, never a guess.
 */
enum SteamUnits {
    /** Mass flow, to kg/h (the factor is what one unit is in kg/h). */
    FLOW("蒸汽流量", "steam flow", List.of(Map.entry("t/h", 1000.0), Map.entry("kg/h", 1.0),
            Map.entry("kg/s", 3600.0))),
    /** Pressure, to MPa. */
    PRESSURE("蒸汽压力", "steam pressure", List.of(Map.entry("MPa", 1.0), Map.entry("kPa", 1e-3),
            Map.entry("Pa", 1e-6), Map.entry("bar", 0.1))),
    /** Heat rate (the derived point), from GJ/h (the factor is what 1 GJ/h is in the unit). */
    HEAT_RATE("蒸汽热量", "steam heat", List.of(Map.entry("GJ/h", 1.0), Map.entry("MJ/h", 1000.0),
            Map.entry("kW", 1e6 / 3600), Map.entry("MW", 1e3 / 3600)));

    /** Kelvin minus degrees Celsius. */
    static final double KELVIN_OFFSET = 273.15;

    private final String zh;
    private final String en;
    private final List<Map.Entry<String, Double>> factors;

    SteamUnits(String zh, String en, List<Map.Entry<String, Double>> factors) {
        this.zh = zh;
        this.en = en;
        this.factors = factors;
    }

    /** The factor of {@code unit}, or null when the unit is not one of this quantity. */
    Double factor(String unit) {
        if (unit == null) {
            return null;
        }
        for (Map.Entry<String, Double> f : factors) {
            if (f.getKey().equalsIgnoreCase(unit.strip())) {
                return f.getValue();
            }
        }
        return null;
    }

    /** Why {@code unit} cannot be used for this quantity (the accepted names listed). */
    String unknown(String pointId, String unit) {
        return unknown(zh, en, pointId, unit, accepted());
    }

    static String unknownTemperature(String pointId, String unit) {
        return unknown("蒸汽温度", "steam temperature", pointId, unit, "°C (℃, C, degC), K");
    }

    private static String unknown(String zh, String en, String pointId, String unit, String accepted) {
        if (unit == null || unit.isBlank()) {
            return zh + "点位 " + pointId + " 未配置单位 / " + en + " point " + pointId + " has no unit; use one of "
                    + accepted;
        }
        return zh + "点位 " + pointId + " 的单位 '" + unit + "' 不支持 / unit '" + unit + "' of " + en + " point "
                + pointId + " is not supported; use one of " + accepted;
    }

    private String accepted() {
        return String.join(", ", factors.stream().map(Map.Entry::getKey).toList());
    }

    /** Whether {@code unit} names degrees Celsius (°C, ℃, C, degC); see {@link #isKelvin}. */
    static boolean isCelsius(String unit) {
        if (unit == null) {
            return false;
        }
        String u = unit.strip();
        return u.equals("°C") || u.equals("℃") || u.equalsIgnoreCase("C") || u.equalsIgnoreCase("degC");
    }

    static boolean isKelvin(String unit) {
        return unit != null && unit.strip().equals("K");
    }
}
