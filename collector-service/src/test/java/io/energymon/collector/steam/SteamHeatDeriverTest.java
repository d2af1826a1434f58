package io.energymon.collector.steam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.SteamHeat;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The steam heat rate against values built from IAPWS R7-97(2012) published figures, not from this code: the steam
 * state (3 MPa, 575.373370 K) is a check point of the backward equation T(p, h) of region 2 (Table 24: h = 3000
 * kJ/kg), the reference water (3 MPa, 300 K) a point of Table 5 (h = 115.331273 kJ/kg) and the feed water
 * (3 MPa, 391.798509 K) a check point of the backward equation T(p, h) of region 1 (Table 7: h = 500 kJ/kg). The
 * backward equations agree with the basic ones to within 10 mK (region 2a) and 25 mK (region 1), i.e. about 0.03
 * and 0.11 kJ/kg here: the tolerances below are those bounds, stated per test.
 */
class SteamHeatDeriverTest {
    static final Instant TS = Instant.parse("2026-11-24T02:15:00Z");
    /** 575.373370 K in °C. */
    static final String STEAM_CELSIUS = "302.223370";
    /** 3 MPa absolute as gauge. */
    static final String GAUGE_MPA = "2.898675";
    /** 300 K in °C. */
    static final BigDecimal TABLE5_REFERENCE = new BigDecimal("26.85");
    /** 10 t/h × (3000 − 115.331273) kJ/kg, in GJ/h. */
    static final double EXPECTED_GJ_PER_H = 10_000 * (3000 - 115.331273) * 1e-6;
    /** 10 t/h × (0.026 + 0) kJ/kg of backward-equation inconsistency, GJ/h. */
    static final double TOLERANCE_GJ_PER_H = 10_000 * 0.026 * 1e-6 + 1e-9;

    @Test
    void superheatedSteamInTonnesPerHourGaugeMegapascalAndCelsiusGivesGigajoulesPerHour() {
        Reading r = deriver("t/h", "MPa", "°C", "GJ/h", spec(TABLE5_REFERENCE, null))
                .derive(TS, good("flow", "10"), good("pressure", GAUGE_MPA), good("temperature", STEAM_CELSIUS));

        assertThat(r.quality()).isEqualTo(Quality.GOOD);
        assertThat(r.pointId()).isEqualTo("heat");
        assertThat(r.ts()).isEqualTo(TS);
        assertThat(r.source()).isEqualTo(4);
        assertThat(r.value().doubleValue()).isCloseTo(EXPECTED_GJ_PER_H, within(TOLERANCE_GJ_PER_H));
    }

    @Test
    void everySupportedUnitGivesTheSameHeat() {
        Reading kgAndKpa = deriver("kg/h", "kPa", "℃", "GJ/h", spec(TABLE5_REFERENCE, true))
                .derive(TS, good("flow", "10000"), good("pressure", "2898.675"), good("temperature", STEAM_CELSIUS));
        Reading perSecondAbsoluteBarKelvin = deriver("kg/s", "bar", "K", "MJ/h", spec(TABLE5_REFERENCE, false))
                .derive(TS, good("flow", "2.5"), good("pressure", "30"), good("temperature", "575.373370"));
        Reading absolutePascalInKw = deriver("kg/h", "Pa", "C", "kW", spec(TABLE5_REFERENCE, false))
                .derive(TS, good("flow", "10000"), good("pressure", "3000000"), good("temperature", STEAM_CELSIUS));
        Reading megawatt = deriver("T/H", " mpa ", "degC", "MW", spec(TABLE5_REFERENCE, null))
                .derive(TS, good("flow", "10"), good("pressure", GAUGE_MPA), good("temperature", STEAM_CELSIUS));

        assertThat(kgAndKpa.value().doubleValue()).isCloseTo(EXPECTED_GJ_PER_H, within(TOLERANCE_GJ_PER_H));
        // 2.5 kg/s = 9 t/h, in MJ/h
        assertThat(perSecondAbsoluteBarKelvin.value().doubleValue())
                .isCloseTo(EXPECTED_GJ_PER_H * 0.9 * 1000, within(TOLERANCE_GJ_PER_H * 0.9 * 1000));
        // 1 GJ/h = 10^6 kJ / 3600 s
        assertThat(absolutePascalInKw.value().doubleValue())
                .isCloseTo(EXPECTED_GJ_PER_H * 1e6 / 3600, within(TOLERANCE_GJ_PER_H * 1e6 / 3600));
        assertThat(megawatt.value().doubleValue())
                .isCloseTo(EXPECTED_GJ_PER_H * 1e3 / 3600, within(TOLERANCE_GJ_PER_H * 1e3 / 3600));
    }

    @Test
    void feedWaterReferenceIsSubtracted() {
        // Table 7: h(3 MPa, 391.798509 K) = 500 kJ/kg, within 25 mK ≈ 0.11 kJ/kg; steam 3000 kJ/kg within 0.026
        Reading r = deriver("t/h", "MPa", "°C", "GJ/h", spec(new BigDecimal("118.648509"), false))
                .derive(TS, good("flow", "10"), good("pressure", "3"), good("temperature", STEAM_CELSIUS));

        assertThat(r.value().doubleValue()).isCloseTo(10_000 * (3000 - 500) * 1e-6,
                within(10_000 * (0.026 + 0.11) * 1e-6));
    }

    @Test
    void defaultReferenceIsTwentyDegreesAndDefaultPressureIsGauge() {
        Reading defaults = deriver("t/h", "MPa", "°C", null, spec(null, null))
                .derive(TS, good("flow", "10"), good("pressure", GAUGE_MPA), good("temperature", STEAM_CELSIUS));
        Reading explicit = deriver("t/h", "MPa", "°C", "GJ/h", spec(new BigDecimal("20"), true))
                .derive(TS, good("flow", "10"), good("pressure", GAUGE_MPA), good("temperature", STEAM_CELSIUS));

        assertThat(defaults.value()).isEqualByComparingTo(explicit.value());
        // cold water at 20 °C holds 6.85 K × about 4.18 kJ/(kg K) less than at 26.85 °C: about 0.29 GJ/h more heat
        assertThat(defaults.value().doubleValue() - EXPECTED_GJ_PER_H).isCloseTo(10_000 * 6.85 * 4.18e-6,
                within(0.005));
    }

    @Test
    void zeroFlowCarriesNoHeatEvenWhenTheLineHasCooledDown() {
        Reading r = deriver("t/h", "MPa", "°C", "GJ/h", spec(null, null))
                .derive(TS, good("flow", "0"), good("pressure", "0"), bad("temperature", "timeout"));

        assertThat(r.quality()).isEqualTo(Quality.GOOD);
        assertThat(r.value()).isEqualByComparingTo("0");
    }

    @Test
    void uncertainInputGivesAnUncertainResult() {
        Reading r = deriver("t/h", "MPa", "°C", "GJ/h", spec(TABLE5_REFERENCE, null)).derive(TS, good("flow", "10"),
                new Reading("pressure", TS, new BigDecimal(GAUGE_MPA), Quality.UNCERTAIN, 4, null),
                good("temperature", STEAM_CELSIUS));

        assertThat(r.quality()).isEqualTo(Quality.UNCERTAIN);
        assertThat(r.value().doubleValue()).isCloseTo(EXPECTED_GJ_PER_H, within(TOLERANCE_GJ_PER_H));
    }

    @Test
    void wetOrSaturatedSteamIsBadBecausePressureAndTemperatureDoNotFixIt() {
        // Table 36: saturation temperature at 1 MPa absolute 453.035632 K = 179.89 °C; 179 °C is below it
        Reading r = deriver("t/h", "MPa", "°C", "GJ/h", spec(null, false))
                .derive(TS, good("flow", "10"), good("pressure", "1"), good("temperature", "179"));

        assertBad(r, "不是过热蒸汽", "is not superheated steam");
        assertThat(r.error()).contains("179.89");
    }

    @Test
    void statesOutsideTheSupportedRangeAreBad() {
        SteamHeatDeriver d = deriver("t/h", "MPa", "°C", "GJ/h", spec(null, false));

        assertBad(d.derive(TS, good("flow", "10"), good("pressure", "20"), good("temperature", "370")), "第 3 区",
                "region 3");
        assertBad(d.derive(TS, good("flow", "10"), good("pressure", "1"), good("temperature", "850")), "超出支持范围",
                "outside the supported range");
        assertBad(d.derive(TS, good("flow", "10"), good("pressure", "-0.5"), good("temperature", "200")), "超出支持范围",
                "outside the supported range");
        assertBad(d.derive(TS, good("flow", "10"), good("pressure", "120"), good("temperature", "500")), "超出支持范围",
                "outside the supported range");
    }

    @Test
    void referenceWaterThatWouldBoilAtTheSteamPressureIsBad() {
        // 0.05 MPa absolute boils at 81.3 °C: 99 °C water cannot be the reference there
        Reading r = deriver("t/h", "MPa", "°C", "GJ/h", spec(new BigDecimal("99"), false))
                .derive(TS, good("flow", "1"), good("pressure", "0.05"), good("temperature", "150"));

        assertBad(r, "参比水温", "reference temperature");
    }

    @Test
    void missingBadOrNegativeInputsAreBadWithTheReason() {
        SteamHeatDeriver d = deriver("t/h", "MPa", "°C", "GJ/h", spec(null, null));

        assertBad(d.derive(TS, null, good("pressure", "1"), good("temperature", "250")), "本周期无读数",
                "no reading of steam flow point flow in this slot");
        assertBad(d.derive(TS, good("flow", "10"), null, good("temperature", "250")), "本周期无读数",
                "no reading of steam pressure point pressure");
        assertBad(d.derive(TS, good("flow", "10"), good("pressure", "1"), bad("temperature", "exception 02")),
                "读数无效", "steam temperature point temperature is BAD: exception 02");
        assertBad(d.derive(TS, good("flow", "-0.1"), good("pressure", "1"), good("temperature", "250")), "蒸汽流量为负",
                "negative steam flow -0.1");
        assertBad(d.derive(TS, good("flow", "1e400"), good("pressure", "1"), good("temperature", "250")), "超出可计算范围",
                "too large");
    }

    @Test
    void unknownUnitsAreBadWithTheAcceptedOnesListed() {
        assertBad(deriver("m3/h", "MPa", "°C", "GJ/h", spec(null, null)).derive(TS, good("flow", "10"),
                good("pressure", "1"), good("temperature", "250")), "不支持",
                "unit 'm3/h' of steam flow point flow is not supported; use one of t/h, kg/h, kg/s");
        assertBad(deriver("t/h", "psi", "°C", "GJ/h", spec(null, null)).derive(TS, good("flow", "10"),
                good("pressure", "1"), good("temperature", "250")), "不支持", "unit 'psi' of steam pressure point pressure");
        assertBad(deriver("t/h", "MPa", "°F", "GJ/h", spec(null, null)).derive(TS, good("flow", "10"),
                good("pressure", "1"), good("temperature", "250")), "不支持", "use one of °C (℃, C, degC), K");
        assertBad(deriver("t/h", "MPa", "°C", "GJ", spec(null, null)).derive(TS, good("flow", "10"),
                good("pressure", "1"), good("temperature", "250")), "不支持", "unit 'GJ' of steam heat point heat");
        assertBad(deriver(null, "MPa", "°C", "GJ/h", spec(null, null)).derive(TS, good("flow", "10"),
                good("pressure", "1"), good("temperature", "250")), "未配置单位", "steam flow point flow has no unit");
    }

    @Test
    void configurationErrorsMakeEveryReadingBad() {
        PointConfig heat = steamPoint("heat", "GJ/h", PointKind.INSTANTANEOUS, spec(null, null));
        PointConfig flow = point("flow", "t/h", PointKind.INSTANTANEOUS, Duration.ofMinutes(15));
        PointConfig pressure = point("pressure", "MPa", PointKind.INSTANTANEOUS, Duration.ofMinutes(15));
        PointConfig temperature = point("temperature", "°C", PointKind.INSTANTANEOUS, Duration.ofMinutes(15));

        assertThat(new SteamHeatDeriver(steamPoint("heat", "GJ/h", PointKind.CUMULATIVE, spec(null, null)), flow,
                pressure, temperature).configProblem()).contains("INSTANTANEOUS");
        assertThat(new SteamHeatDeriver(heat, flow, null, temperature).configProblem())
                .contains("steam.pressurePoint names point pressure, which is not in the configuration");
        assertThat(new SteamHeatDeriver(steamPoint("heat", "GJ/h", PointKind.INSTANTANEOUS,
                new SteamHeat(null, "pressure", "temperature", null, null)), flow, pressure, temperature)
                .configProblem()).contains("steam.flowPoint is not set");
        assertThat(new SteamHeatDeriver(steamPoint("heat", "GJ/h", PointKind.INSTANTANEOUS,
                new SteamHeat("heat", "pressure", "temperature", null, null)), heat, pressure, temperature)
                .configProblem()).contains("names the derived point itself");
        assertThat(new SteamHeatDeriver(heat, flow,
                point("pressure", "MPa", PointKind.INSTANTANEOUS, Duration.ofHours(1)), temperature).configProblem())
                .contains("input point pressure is read every PT1H, which does not divide this point's slot PT15M");
        assertThat(new SteamHeatDeriver(steamPoint("heat", "GJ/h", PointKind.INSTANTANEOUS,
                spec(new BigDecimal("200"), null)), flow, pressure, temperature).configProblem())
                .contains("referenceTemperature 200 °C");
        assertThat(new SteamHeatDeriver(point("heat", "GJ/h", PointKind.INSTANTANEOUS, Duration.ofMinutes(15)), flow,
                pressure, temperature).configProblem()).contains("not a steam heat point");
        SteamHeatDeriver ok = new SteamHeatDeriver(heat, flow,
                point("pressure", "MPa", PointKind.INSTANTANEOUS, Duration.ofMinutes(1)), temperature);
        assertThat(ok.configProblem()).isNull();

        Reading r = new SteamHeatDeriver(heat, flow, null, temperature)
                .derive(TS, good("flow", "10"), good("pressure", "1"), good("temperature", "250"));
        assertBad(r, "配置错误", "misconfigured");
    }

    static void assertBad(Reading r, String chinese, String english) {
        assertThat(r.quality()).isEqualTo(Quality.BAD);
        assertThat(r.value()).isNull();
        assertThat(r.pointId()).isEqualTo("heat");
        assertThat(r.ts()).isEqualTo(TS);
        assertThat(r.error()).contains(chinese).contains(english).contains(" / ");
    }

    static SteamHeat spec(BigDecimal reference, Boolean gauge) {
        return new SteamHeat("flow", "pressure", "temperature", reference, gauge);
    }

    static SteamHeatDeriver deriver(String flowUnit, String pressureUnit, String temperatureUnit, String heatUnit,
                                    SteamHeat spec) {
        Duration slot = Duration.ofMinutes(15);
        return new SteamHeatDeriver(steamPoint("heat", heatUnit, PointKind.INSTANTANEOUS, spec),
                point("flow", flowUnit, PointKind.INSTANTANEOUS, slot),
                point("pressure", pressureUnit, PointKind.INSTANTANEOUS, slot),
                point("temperature", temperatureUnit, PointKind.INSTANTANEOUS, slot));
    }

    static PointConfig point(String id, String unit, PointKind kind, Duration slot) {
        return new PointConfig(id, id, null, null, null, kind, unit, null, slot, null, null);
    }

    /** A derived steam heat point on the 15-minute grid. */
    static PointConfig steamPoint(String id, String unit, PointKind kind, SteamHeat spec) {
        return new PointConfig(id, id, null, null, null, kind, unit, null, Duration.ofMinutes(15), null, null, null,
                spec);
    }

    static Reading good(String pointId, String value) {
        return Reading.good(pointId, TS, new BigDecimal(value), 4);
    }

    static Reading bad(String pointId, String error) {
        return Reading.bad(pointId, TS, 4, error);
    }
}
