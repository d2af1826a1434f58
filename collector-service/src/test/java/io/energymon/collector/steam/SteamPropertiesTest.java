package io.energymon.collector.steam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.energymon.collector.steam.If97.Region;
import io.energymon.collector.steam.If97.State;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.SteamHeat;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/** Physical properties IAPWS-IF97 must have over its whole supported range, and a deriver that never throws. */
class SteamPropertiesTest {
    static final Instant TS = Instant.parse("2026-11-24T02:15:00Z");

    /** cp > 0: at constant pressure, within one phase, enthalpy grows with temperature. */
    @Property
    void enthalpyGrowsWithTemperatureAtConstantPressureWithinARegion(
            @ForAll("pressures") double p, @ForAll @Scale(6) @DoubleRange(min = 273.15, max = 1073.15) double t1,
            @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 200) double dt) {
        double t2 = t1 + dt;
        Region r = If97.region(p, t1);
        Assume.that((r == Region.REGION_1 || r == Region.REGION_2) && If97.region(p, t2) == r);

        assertThat(If97.enthalpy(p, t2)).isGreaterThan(If97.enthalpy(p, t1));
    }

    /** Every state of regions 1 and 2 has finite, physically possible properties. */
    @Property
    void everyStateOfRegions1And2IsPhysical(@ForAll("pressures") double p,
                                           @ForAll @Scale(6) @DoubleRange(min = 273.15, max = 1073.15) double t) {
        Region r = If97.region(p, t);
        Assume.that(r == Region.REGION_1 || r == Region.REGION_2);

        State s = If97.state(p, t);
        assertThat(s.region()).isEqualTo(r);
        assertThat(s.volume()).isPositive().isFinite();
        assertThat(s.enthalpy()).isFinite();
        assertThat(s.cp()).isPositive().isFinite();
        assertThat(s.sound()).isPositive().isFinite();
        // h = u + p v (p in kPa)
        assertThat(s.enthalpy()).isCloseTo(s.energy() + p * 1000 * s.volume(), within(1e-9 * Math.abs(s.enthalpy())
                + 1e-9));
    }

    /** Eq. (31) solves Eq. (30) for T: the two directions of the saturation line agree. */
    @Property
    void saturationTemperatureInvertsSaturationPressure(
            @ForAll @Scale(6) @DoubleRange(min = 273.15, max = 647.096) double t) {
        assertThat(If97.saturationTemperature(If97.saturationPressure(t))).isCloseTo(t, within(1e-9 * t));
    }

    /** Evaporating takes heat: on the saturation line the vapour (region 2) holds more enthalpy than the liquid. */
    @Property
    void vapourHoldsMoreEnthalpyThanLiquidOnTheSaturationLine(
            @ForAll @Scale(6) @DoubleRange(min = 273.16, max = 623.15) double t) {
        double ps = If97.saturationPressure(t);

        assertThat(If97.region2(ps, t).enthalpy()).isGreaterThan(If97.region1(ps, t).enthalpy());
    }

    /** Whatever the readings, the deriver gives one well-formed reading: BAD with a reason, or a heat rate ≥ 0. */
    @Property
    void theDeriverNeverThrowsAndNeverGivesNegativeHeat(@ForAll("readings") Reading flow,
                                                        @ForAll("readings") Reading pressure,
                                                        @ForAll("readings") Reading temperature,
                                                        @ForAll("units") String temperatureUnit,
                                                        @ForAll boolean gauge) {
        Duration slot = Duration.ofMinutes(15);
        PointConfig heat = new PointConfig("heat", "heat", null, null, null, PointKind.INSTANTANEOUS, "GJ/h", null,
                slot, null, null, null, new SteamHeat("flow", "pressure", "temperature", null, gauge));
        SteamHeatDeriver deriver = new SteamHeatDeriver(heat,
                new PointConfig("flow", "flow", "d", null, null, PointKind.INSTANTANEOUS, "t/h", null, slot, null, null),
                new PointConfig("pressure", "p", "d", null, null, PointKind.INSTANTANEOUS, "MPa", null, slot, null, null),
                new PointConfig("temperature", "t", "d", null, null, PointKind.INSTANTANEOUS, temperatureUnit, null,
                        slot, null, null));

        Reading r = deriver.derive(TS, flow, pressure, temperature);

        assertThat(r.pointId()).isEqualTo("heat");
        assertThat(r.ts()).isEqualTo(TS);
        if (r.quality() == Quality.BAD) {
            assertThat(r.value()).isNull();
            assertThat(r.error()).contains(" / ");
        } else {
            assertThat(r.value()).isNotNull();
            assertThat(r.value().signum()).isNotNegative();
            assertThat(r.error()).isNull();
        }
    }

    @Provide
    Arbitrary<Double> pressures() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.0001, 1).ofScale(8),
                Arbitraries.doubles().between(1, 100).ofScale(6));
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("°C", "K");
    }

    @Provide
    Arbitrary<Reading> readings() {
        Arbitrary<BigDecimal> values = Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(BigDecimal.valueOf(-10), BigDecimal.valueOf(1200)).ofScale(3),
                Arbitraries.bigDecimals().ofScale(2),
                Arbitraries.of(BigDecimal.ZERO, new BigDecimal("1e400"), new BigDecimal("-1e400"),
                        new BigDecimal("1e-400")));
        Arbitrary<Reading> present = Arbitraries.oneOf(
                values.map(v -> Reading.good("x", TS, v, 4)),
                values.map(v -> new Reading("x", TS, v, Quality.UNCERTAIN, 4, null)),
                Arbitraries.just(Reading.bad("x", TS, 4, "timeout")));
        return Arbitraries.frequencyOf(Tuple.of(9, present), Tuple.of(1, Arbitraries.just(null)));
    }
}
