package io.energymon.collector.steam;

import java.util.Locale;
import java.util.Map;

/**
 * The units a steam heat point's inputs and output may be configured in ({@code PointConfig.unit}), each as a linear
 * conversion to the unit IAPWS-IF97 and the deriver compute in. Names are matched ignoring case and surrounding
 * blanks; an unknown name is a configuration error, never a guess.
 */
enum SteamUnits {
    /** Mass flow, to kg/h. */
    FLOW("蒸汽流量 / steam flow", Map.of("t/h", 1000.0, "kg/h", 1.0, "kg/s", 3600.0)),
    /** Pressure, to MPa. */
    PRESSURE("蒸汽压力 / steam pressure", Map.of("mpa", 1.0, "kpa", 1e-3, "pa", 1e-6, "bar", 0.1)),
    /** Heat rate (the derived point), from GJ/h. */
    HEAT_RATE("热功率 / heat rate", Map.of("gj/h", 1.0, "mj/h", 1000.0, "kw", 1e6 / 3600, "mw", 1e3 / 3600));

    /** Kelvin minus degrees Celsius. */
    static final double KELVIN_OFFSET = 273.15;

    private final String quantity;
    private final Map<String, Double> factors;

    SteamUnits(String quantity, Map<String, Double> factors) {
        this.quantity = quantity;
        this.factors = factors;
    }

    /** The factor of {@code unit}, or null when the unit is not one of this quantity. */
    Double factor(String unit) {
        return unit == null ? null : factors.get(unit.strip().toLowerCase(Locale.ROOT));
    }

    /** Why {@code unit} cannot be used for this quantity (the accepted names listed). */
    String unknown(String pointId, String unit) {
        if (unit == null || unit.isBlank()) {
            return quantity + " 点位 " + pointId + " 未配置单位 / point " + pointId + " has no unit; use one of "
                    + accepted();
        }
        return quantity + " 点位 " + pointId + " 的单位 '" + unit + "' 不支持 / unit '" + unit + "' of point " + pointId
                + " is not supported; use one of " + accepted();
    }

    private String accepted() {
        return String.join(", ", factors.keySet().stream().sorted().toList());
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

    static String unknownTemperature(String pointId, String unit) {
        if (unit == null || unit.isBlank()) {
            return "蒸汽温度 点位 " + pointId + " 未配置单位 / point " + pointId + " has no unit; use °C (℃, C, degC) or K";
        }
        return "蒸汽温度 点位 " + pointId + " 的单位 '" + unit + "' 不支持 / unit '" + unit + "' of point " + pointId
                + " is not supported; use °C (℃, C, degC) or K";
    }
}
