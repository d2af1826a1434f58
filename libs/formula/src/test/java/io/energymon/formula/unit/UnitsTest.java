package io.energymon.formula.unit;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {

    private static final Dimension ENERGY = Dimension.of(BaseDimension.ENERGY);
    private static final Dimension TIME = Dimension.of(BaseDimension.TIME);
    private static final Dimension VOLUME = Dimension.of(BaseDimension.VOLUME);
    private static final Dimension COAL = Dimension.of(BaseDimension.COAL_EQUIVALENT);

    private static Unit unit(String text) {
        return Units.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void simpleUnitsHaveTheirDimensionAndScale() {
        assertThat(unit("kWh").dimension()).isEqualTo(ENERGY);
        assertThat(unit("kWh").scale()).isEqualByComparingTo("3600000"); // 1000 W × 3600 s
        assertThat(unit("GJ").scale()).isEqualByComparingTo("1000000000");
        assertThat(unit("tce").scale()).isEqualByComparingTo("1000");
        assertThat(unit("m³").dimension()).isEqualTo(unit("Nm3").dimension()).isEqualTo(VOLUME);
        assertThat(unit("10^4m3").scale()).isEqualByComparingTo("10000");
        assertThat(unit("%").dimension().isDimensionless()).isTrue();
        assertThat(unit("%").scale()).isEqualByComparingTo("0.01");
        assertThat(unit("t").dimension()).isEqualTo(Dimension.of(BaseDimension.MASS));
    }

    @Test
    void compoundUnits() {
        Unit factor = unit("kgce/kWh");
        assertThat(factor.dimension()).isEqualTo(COAL.dividedBy(ENERGY));
        assertThat(factor.dimension().exponents())
                .isEqualTo(Map.of(BaseDimension.COAL_EQUIVALENT, 1, BaseDimension.ENERGY, -1));
        assertThat(factor.scale()).isEqualByComparingTo(BigDecimal.ONE.divide(new BigDecimal("3600000"),
                java.math.MathContext.DECIMAL64));
        assertThat(unit("m3/h").dimension()).isEqualTo(VOLUME.dividedBy(TIME));
        assertThat(unit("kW·h").dimension()).isEqualTo(unit(" kW * h ").dimension()).isEqualTo(ENERGY);
        assertThat(unit("kW·h").scale()).isEqualByComparingTo("3600000");
        assertThat(unit("1/h").dimension()).isEqualTo(unit("h^-1").dimension()).isEqualTo(TIME.pow(-1));
        assertThat(unit("kWh/m3/h").dimension()).isEqualTo(ENERGY.dividedBy(VOLUME).dividedBy(TIME));
        assertThat(unit("s²").dimension().exponents()).isEqualTo(Map.of(BaseDimension.TIME, 2));
        assertThat(unit("tce/万元").dimension().exponents())
                .isEqualTo(Map.of(BaseDimension.COAL_EQUIVALENT, 1, BaseDimension.CURRENCY, -1));
    }

    @Test
    void ratesIntegratedOverHoursGiveTheQuantity() {
        assertThat(Units.isRate("kW")).isTrue();
        assertThat(Units.isRate("m3/h")).isTrue();
        assertThat(Units.isRate("kWh")).isFalse();
        assertThat(Units.isRate("MPa")).isFalse();
        assertThat(Units.isRate("no-such-unit")).isFalse();
        assertThat(Units.parse(Units.integratedOverHours("kW")).orElseThrow().dimension())
                .isEqualTo(Units.parse("kWh").orElseThrow().dimension());
        assertThat(Units.parse(Units.integratedOverHours("t/h")).orElseThrow().dimension())
                .isEqualTo(Units.parse("t").orElseThrow().dimension());
        assertThat(Units.integratedOverHours("°C")).isEqualTo("°C");
    }

    @Test
    void unknownTextIsEmpty() {
        for (String text : new String[] {"foo", "kWh/", "/h", "", "kwh", "h^", "kWh^x", null}) {
            assertThat(Units.parse(text)).as(String.valueOf(text)).isEmpty();
        }
    }

    @Test
    void dimensionsDescribeThemselvesInBothLanguages() {
        assertThat(unit("kW").dimension().describeZh()).isEqualTo("功率");
        assertThat(unit("kW").dimension().describeEn()).isEqualTo("power");
        assertThat(unit("kgce/kWh").dimension().describeZh()).isEqualTo("标准煤/能量");
        assertThat(unit("kgce/kWh").dimension().describeEn()).isEqualTo("coal equivalent/energy");
        assertThat(unit("kWh/m3/h").dimension().describeEn()).isEqualTo("energy/(volume·time)");
        assertThat(unit("1").dimension().describeZh()).isEqualTo("无量纲");
        assertThat(unit("h^-2").dimension().describeEn()).isEqualTo("1/time^2");
    }
}
