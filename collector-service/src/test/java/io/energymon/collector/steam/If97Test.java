package io.energymon.collector.steam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.energymon.collector.steam.If97.Region;
import io.energymon.collector.steam.If97.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The computer-program verification values of IAPWS R7-97(2012), typed from the release (nine significant digits,
 * so a relative tolerance of 1e-8 is what the release's own precision allows).
 */
class If97Test {
    /** The release quotes nine significant digits: half a unit of the ninth is at most 5e-9 of the value. */
    private static final double TOLERANCE = 1e-8;

    /** Table 5: region 1, Eq. (7), at three (T, p); v m³/kg, h u kJ/kg, s cp kJ/(kg K), w m/s. */
    @ParameterizedTest(name = "Table 5: T = {0} K, p = {1} MPa")
    @CsvSource({
        "300, 3,  0.100215168e-2, 0.115331273e3, 0.112324818e3, 0.392294792,   0.417301218e1, 0.150773921e4",
        "300, 80, 0.971180894e-3, 0.184142828e3, 0.106448356e3, 0.368563852,   0.401008987e1, 0.163469054e4",
        "500, 3,  0.120241800e-2, 0.975542239e3, 0.971934985e3, 0.258041912e1, 0.465580682e1, 0.124071337e4"})
    void region1MatchesTable5(double t, double p, double v, double h, double u, double s, double cp, double w) {
        State state = If97.state(p, t);
        assertThat(state.region()).isEqualTo(Region.REGION_1);
        assertMatches(state, v, h, u, s, cp, w);
    }

    /** Table 15: region 2, Eq. (15), at three (T, p). */
    @ParameterizedTest(name = "Table 15: T = {0} K, p = {1} MPa")
    @CsvSource({
        "300, 0.0035, 0.394913866e2,  0.254991145e4, 0.241169160e4, 0.852238967e1, 0.191300162e1, 0.427920172e3",
        "700, 0.0035, 0.923015898e2,  0.333568375e4, 0.301262819e4, 0.101749996e2, 0.208141274e1, 0.644289068e3",
        "700, 30,     0.542946619e-2, 0.263149474e4, 0.246861076e4, 0.517540298e1, 0.103505092e2, 0.480386523e3"})
    void region2MatchesTable15(double t, double p, double v, double h, double u, double s, double cp, double w) {
        State state = If97.state(p, t);
        assertThat(state.region()).isEqualTo(Region.REGION_2);
        assertMatches(state, v, h, u, s, cp, w);
    }

    /** Table 35: saturation pressure, Eq. (30). */
    @ParameterizedTest(name = "Table 35: T = {0} K")
    @CsvSource({"300, 0.353658941e-2", "500, 0.263889776e1", "600, 0.123443146e2"})
    void saturationPressureMatchesTable35(double t, double p) {
        assertThat(If97.saturationPressure(t)).isCloseTo(p, within(p * TOLERANCE));
    }

    /** Table 36: saturation temperature, Eq. (31). */
    @ParameterizedTest(name = "Table 36: p = {0} MPa")
    @CsvSource({"0.1, 0.372755919e3", "1, 0.453035632e3", "10, 0.584149488e3"})
    void saturationTemperatureMatchesTable36(double p, double t) {
        assertThat(If97.saturationTemperature(p)).isCloseTo(t, within(t * TOLERANCE));
    }

    /** The B23 check point given with Eqs. (5) and (6): T = 0.623150000e3 K, p = 0.165291643e2 MPa. */
    @Test
    void b23BoundaryMatchesTheReleaseCheckPoint() {
        assertThat(If97.b23Pressure(623.15)).isCloseTo(16.5291643, within(16.5291643 * TOLERANCE));
        assertThat(If97.b23Temperature(16.5291643)).isCloseTo(623.15, within(623.15 * TOLERANCE));
    }

    /** The region map of Figure 1, on both sides of each boundary. */
    @Test
    void regionsFollowFigure1() {
        double ps = If97.saturationPressure(453.15); // 180 °C, about 1.0 MPa
        assertThat(If97.region(ps * 1.001, 453.15)).isEqualTo(Region.REGION_1);
        assertThat(If97.region(ps * 0.999, 453.15)).isEqualTo(Region.REGION_2);
        double pb = If97.b23Pressure(700);
        assertThat(If97.region(pb * 0.999, 700)).isEqualTo(Region.REGION_2);
        assertThat(If97.region(pb * 1.001, 700)).isEqualTo(Region.REGION_3);
        assertThat(If97.region(20, 630)).isEqualTo(Region.REGION_3);
        assertThat(If97.region(1, 1100)).isEqualTo(Region.REGION_5);
        assertThat(If97.region(60, 1100)).isEqualTo(Region.OUTSIDE);
        assertThat(If97.region(101, 400)).isEqualTo(Region.OUTSIDE);
        assertThat(If97.region(1, 273.0)).isEqualTo(Region.OUTSIDE);
        assertThat(If97.region(0, 400)).isEqualTo(Region.OUTSIDE);
        assertThat(If97.region(Double.NaN, 400)).isEqualTo(Region.OUTSIDE);
        assertThat(If97.region(1, Double.POSITIVE_INFINITY)).isEqualTo(Region.OUTSIDE);
    }

    @Test
    void unsupportedRegionsAreRefusedWithTheRegionNamed() {
        assertThatThrownBy(() -> If97.state(20, 630)).isInstanceOf(If97.OutOfRangeException.class)
                .hasMessageContaining("region 3")
                .satisfies(e -> assertThat(((If97.OutOfRangeException) e).region()).isEqualTo(Region.REGION_3));
        assertThatThrownBy(() -> If97.state(1, 1100)).hasMessageContaining("region 5");
        assertThatThrownBy(() -> If97.state(1, 200)).hasMessageContaining("outside the range");
        assertThatThrownBy(() -> If97.saturationTemperature(23)).hasMessageContaining("22.064 MPa");
        assertThatThrownBy(() -> If97.saturationPressure(650)).hasMessageContaining("647.096 K");
    }

    private static void assertMatches(State state, double v, double h, double u, double s, double cp, double w) {
        assertThat(state.volume()).as("v").isCloseTo(v, within(v * TOLERANCE));
        assertThat(state.enthalpy()).as("h").isCloseTo(h, within(h * TOLERANCE));
        assertThat(state.energy()).as("u").isCloseTo(u, within(u * TOLERANCE));
        assertThat(state.entropy()).as("s").isCloseTo(s, within(s * TOLERANCE));
        assertThat(state.cp()).as("cp").isCloseTo(cp, within(cp * TOLERANCE));
        assertThat(state.sound()).as("w").isCloseTo(w, within(w * TOLERANCE));
        assertThat(state.density()).as("rho").isCloseTo(1 / v, within(TOLERANCE / v));
    }
}
