package io.energymon.collector.steam;

import io.energymon.collector.source.PointChecks;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.SteamHeat;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;

/**
 * The heat carried by a steam flow (DB36/T 2149.2—2025 §6.3.3.2 b: heat from the instantaneous steam flow, pressure
 * and temperature, as a heat integrator 热力积算仪 computes it), for one derived point: per slot, from the readings
 * of its three input points of that slot,
 *
 * <pre>  Q [GJ/h] = qm [kg/h] × (h(p, T) − h(p, T_ref)) [kJ/kg] × 10⁻⁶</pre>
 *
 * with h the IAPWS-IF97 specific enthalpy of the superheated steam (region 2) and of the reference water (liquid
 * water at the reference temperature, region 1, at the steam's pressure). The standard names no reference: the
 * default is {@value #DEFAULT_REFERENCE_CELSIUS} °C cold water (the usual reference of a steam heat integrator when
 * the condensate is not returned); configure the feed or return water temperature where it is.
 *
 * <p>The result is an instantaneous heat rate in the derived point's unit (GJ/h by default; MJ/h, kW, MW too), so
 * the derived point must be {@code INSTANTANEOUS}. The pressure point's value is gauge unless {@code gaugePressure}
 * is false (the usual transmitter on a steam line reads 表压); gauge + {@value #ATMOSPHERE_MPA} MPa is absolute.
 *
 * <p>Never throws for a reading: a missing or BAD input, a negative flow, a state that is not superheated steam
 * (saturated or wet steam, whose enthalpy p and T cannot fix, or water), a state outside the supported part of
 * IF97 (region 3 near the critical point, above 800 °C, above 100 MPa) or a configuration error gives a BAD reading
 * whose error says why, in Chinese and English. A zero flow carries no heat whatever the state: a shut steam line
 * cools below saturation and still reads a GOOD 0. The result is UNCERTAIN when an input used is.
 */
public final class SteamHeatDeriver {
    /** Reference (feed or return) water temperature when none is configured, °C. */
    public static final String DEFAULT_REFERENCE_CELSIUS = "20";
    /** Upper bound (exclusive) of the reference temperature, °C, as the portal validates it. */
    private static final BigDecimal MAX_REFERENCE_CELSIUS = BigDecimal.valueOf(200);
    /** Standard atmosphere, MPa: added to a gauge pressure. */
    public static final double ATMOSPHERE_MPA = 0.101325;
    /** Significant digits of a derived value (IF97 itself is far less accurate than this). */
    private static final MathContext DIGITS = new MathContext(9, RoundingMode.HALF_EVEN);

    private final PointConfig point;
    private final SteamHeat spec;
    private final int source;
    private final String configProblem;
    private final double flowFactor;
    private final double pressureFactor;
    private final boolean temperatureInKelvin;
    private final double outputFactor;
    private final double referenceKelvin;
    private final boolean gauge;

    /**
     * @param point       the derived point (its id, unit, kind, slot, source and {@code steam} are used)
     * @param flow        the flow point named by {@code point.steam()}, null if the configuration has none of that id
     * @param pressure    the pressure point, or null
     * @param temperature the temperature point, or null
     */
    public SteamHeatDeriver(PointConfig point, PointConfig flow, PointConfig pressure, PointConfig temperature) {
        this.point = point;
        this.spec = point.steam() == null ? new SteamHeat(null, null, null, null, null) : point.steam();
        this.source = PointChecks.effectiveSource(point);
        Double ff = flow == null ? null : SteamUnits.FLOW.factor(flow.unit());
        Double pf = pressure == null ? null : SteamUnits.PRESSURE.factor(pressure.unit());
        Double of = point.unit() == null ? Double.valueOf(1) : SteamUnits.HEAT_RATE.factor(point.unit());
        this.flowFactor = ff == null ? Double.NaN : ff;
        this.pressureFactor = pf == null ? Double.NaN : pf;
        this.outputFactor = of == null ? Double.NaN : of;
        this.temperatureInKelvin = temperature != null && SteamUnits.isKelvin(temperature.unit());
        BigDecimal reference = spec.referenceTemperature() == null ? new BigDecimal(DEFAULT_REFERENCE_CELSIUS)
                : spec.referenceTemperature();
        this.referenceKelvin = reference.doubleValue() + SteamUnits.KELVIN_OFFSET;
        this.gauge = spec.gaugePressure() == null || spec.gaugePressure();
        this.configProblem = configProblem(flow, pressure, temperature, ff, pf, of, reference);
    }

    /** The first configuration error of the point, as a reason text, or null. */
    private String configProblem(PointConfig flow, PointConfig pressure, PointConfig temperature, Double ff, Double pf,
                                 Double of, BigDecimal reference) {
        String common = PointChecks.commonProblem(point);
        if (common != null) {
            return common;
        }
        if (point.steam() == null) {
            return PointChecks.misconfigured(point, "未配置 steam / steam is not set: not a steam heat point");
        }
        if (point.kind() != PointKind.INSTANTANEOUS) {
            return PointChecks.misconfigured(point, "蒸汽热量点位的类型须为 INSTANTANEOUS（热功率）/ a steam heat point "
                    + "gives a heat rate and must be INSTANTANEOUS, not " + point.kind());
        }
        if (of == null) {
            return SteamUnits.HEAT_RATE.unknown(point.id(), point.unit());
        }
        String missing = missingInput("flowPoint", spec.flowPoint(), flow);
        missing = missing != null ? missing : missingInput("pressurePoint", spec.pressurePoint(), pressure);
        missing = missing != null ? missing : missingInput("temperaturePoint", spec.temperaturePoint(), temperature);
        if (missing != null) {
            return missing;
        }
        if (ff == null) {
            return SteamUnits.FLOW.unknown(flow.id(), flow.unit());
        }
        if (pf == null) {
            return SteamUnits.PRESSURE.unknown(pressure.id(), pressure.unit());
        }
        if (!temperatureInKelvin && !SteamUnits.isCelsius(temperature.unit())) {
            return SteamUnits.unknownTemperature(temperature.id(), temperature.unit());
        }
        for (PointConfig input : new PointConfig[] {flow, pressure, temperature}) {
            String slotProblem = slotProblem(input);
            if (slotProblem != null) {
                return slotProblem;
            }
        }
        if (reference.signum() < 0 || reference.compareTo(MAX_REFERENCE_CELSIUS) >= 0) {
            return PointChecks.misconfigured(point, "参比水温 " + reference.toPlainString() + " °C 须在 0 至 200 °C "
                    + "之间 / referenceTemperature " + reference.toPlainString()
                    + " °C must be at least 0 °C and below 200 °C");
        }
        return null;
    }

    private String missingInput(String field, String id, PointConfig input) {
        if (id == null || id.isBlank()) {
            return PointChecks.misconfigured(point, "未配置 steam." + field + " / steam." + field + " is not set");
        }
        if (input == null) {
            return PointChecks.misconfigured(point, "steam." + field + " 指向的点位 " + id + " 不存在 / steam." + field
                    + " names point " + id + ", which is not in the configuration");
        }
        if (input.id().equals(point.id())) {
            return PointChecks.misconfigured(point, "steam." + field + " 指向自身 / steam." + field
                    + " names the derived point itself");
        }
        return null;
    }

    /** An input must be read at every slot of the derived point: its slot must divide the derived point's. */
    private String slotProblem(PointConfig input) {
        long derived = PointChecks.effectiveSlot(point).toMillis();
        long in = PointChecks.effectiveSlot(input).toMillis();
        if (derived % in != 0) {
            return PointChecks.misconfigured(point, "输入点位 " + input.id() + " 的采集周期 " + input.slot()
                    + " 须整除本点位的周期 " + point.slot() + " / input point " + input.id() + " is read every "
                    + input.slot() + ", which does not divide this point's slot " + point.slot());
        }
        return null;
    }

    /** The derived point. */
    public PointConfig point() {
        return point;
    }

    public SteamHeat spec() {
        return spec;
    }

    /** The configuration error that makes every reading of this point BAD, or null. */
    public String configProblem() {
        return configProblem;
    }

    /**
     * The derived reading of slot {@code ts} from the inputs' readings of that slot (each null when there is none).
     */
    public Reading derive(Instant ts, Reading flow, Reading pressure, Reading temperature) {
        if (configProblem != null) {
            return bad(ts, configProblem);
        }
        String unusable = unusable("蒸汽流量", "steam flow", spec.flowPoint(), flow);
        if (unusable != null) {
            return bad(ts, unusable);
        }
        double massFlow = flow.value().doubleValue() * flowFactor; // kg/h
        if (massFlow < 0) {
            return bad(ts, "蒸汽流量为负 " + flow.value().toPlainString() + " / negative steam flow "
                    + flow.value().toPlainString() + " of point " + flow.pointId());
        }
        if (massFlow == 0) {
            return new Reading(point.id(), ts, BigDecimal.ZERO, flow.quality(), source, null);
        }
        unusable = unusable("蒸汽压力", "steam pressure", spec.pressurePoint(), pressure);
        unusable = unusable != null ? unusable : unusable("蒸汽温度", "steam temperature",
                spec.temperaturePoint(), temperature);
        if (unusable != null) {
            return bad(ts, unusable);
        }
        double p = pressure.value().doubleValue() * pressureFactor + (gauge ? ATMOSPHERE_MPA : 0);
        double t = temperature.value().doubleValue() + (temperatureInKelvin ? 0 : SteamUnits.KELVIN_OFFSET);
        String stateProblem = stateProblem(p, t);
        if (stateProblem != null) {
            return bad(ts, stateProblem);
        }
        if (If97.region(p, referenceKelvin) != If97.Region.REGION_1) {
            return bad(ts, String.format(Locale.ROOT, "参比水温 %.2f °C 不低于蒸汽压力 %.4f MPa(绝压) 下的饱和温度, 参比状态不是"
                    + "液态水 / the reference temperature %.2f °C is not below the saturation temperature at the steam's "
                    + "pressure %.4f MPa (absolute): the reference is not liquid water", referenceKelvin - 273.15, p,
                    referenceKelvin - 273.15, p));
        }
        double heat = massFlow * (If97.enthalpy(p, t) - If97.enthalpy(p, referenceKelvin)) * 1e-6 * outputFactor;
        if (!Double.isFinite(heat)) {
            return bad(ts, "蒸汽流量 " + flow.value().toPlainString() + " 超出可计算范围 / steam flow "
                    + flow.value().toPlainString() + " of point " + flow.pointId() + " is too large to compute with");
        }
        Quality quality = flow.quality() == Quality.UNCERTAIN || pressure.quality() == Quality.UNCERTAIN
                || temperature.quality() == Quality.UNCERTAIN ? Quality.UNCERTAIN : Quality.GOOD;
        return new Reading(point.id(), ts, round(heat), quality, source, null);
    }

    /** Why (p MPa absolute, T K) is no state of superheated steam this deriver can compute, or null. */
    static String stateProblem(double p, double t) {
        If97.Region region = If97.region(p, t);
        return switch (region) {
            case REGION_2 -> null;
            case REGION_1, REGION_4 -> {
                String sat = p <= If97.P_SAT_MAX ? String.format(Locale.ROOT, "%.2f", If97.saturationTemperature(p)
                        - 273.15) : "-";
                yield String.format(Locale.ROOT, "%.4f MPa(绝压) %.2f °C 不是过热蒸汽(饱和温度 %s °C): 饱和蒸汽或湿蒸汽的焓"
                        + "不能由压力和温度确定 / %.4f MPa (absolute), %.2f °C is not superheated steam (saturation "
                        + "temperature %s °C): the enthalpy of saturated or wet steam cannot be determined from pressure "
                        + "and temperature", p, t - 273.15, sat, p, t - 273.15, sat);
            }
            case REGION_3 -> String.format(Locale.ROOT, "%.4f MPa(绝压) %.2f °C 处于 IF97 第 3 区(临界点附近), 不支持 / "
                    + "%.4f MPa (absolute), %.2f °C is in IF97 region 3 (near the critical point), outside the supported "
                    + "range", p, t - 273.15, p, t - 273.15);
            case REGION_5, OUTSIDE -> String.format(Locale.ROOT, "%.6g MPa(绝压) %.6g °C 超出支持范围(0 < p ≤ 100 MPa, "
                    + "0 至 800 °C) / %.6g MPa (absolute), %.6g °C is outside the supported range (0 < p ≤ 100 MPa, 0 to "
                    + "800 °C)", p, t - 273.15, p, t - 273.15);
        };
    }

    /** Why an input reading cannot be used, or null. */
    private static String unusable(String zh, String en, String pointId, Reading r) {
        if (r == null) {
            return zh + "点位 " + pointId + " 本周期无读数 / no reading of " + en + " point " + pointId + " in this slot";
        }
        if (r.quality() == Quality.BAD) {
            return zh + "点位 " + pointId + " 读数无效 / " + en + " point " + pointId + " is BAD: " + r.error();
        }
        return null;
    }

    private Reading bad(Instant ts, String reason) {
        return Reading.bad(point.id(), ts, source, reason);
    }

    private static BigDecimal round(double value) {
        BigDecimal v = new BigDecimal(value, DIGITS);
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
