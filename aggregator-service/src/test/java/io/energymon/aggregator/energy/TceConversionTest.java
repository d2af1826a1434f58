package io.energymon.aggregator.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.codes.factor.FactorOrigin;
import io.energymon.codes.factor.SubjectKind;
import io.energymon.domain.config.ItemConfig;
import io.energymon.formula.Formula;
import io.energymon.formula.unit.Units;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unit handling of the kgce conversion and the reading of item codes. Factors are the GB/T 2589-2020 reference values
 * of PROTOCOL.md §5 (electricity 0.1229 kgce/kWh, heat 0.03412 kgce/MJ, natural gas 1.2143 kgce/m³), typed here.
 */
class TceConversionTest {

    private static TceWriter.UsedFactor factor(String key, String per, String value) {
        return new TceWriter.UsedFactor(key, ConversionMethod.CALORIFIC_EQUIVALENT, LocalDate.parse("2021-04-01"),
                FactorOrigin.REFERENCE, new BigDecimal(value), per, Units.parse(per).orElseThrow());
    }

    private static BigDecimal kgce(String value, String unit, TceWriter.UsedFactor f) {
        return TceWriter.kgce(new BigDecimal(value), Units.parse(unit).orElseThrow(), f);
    }

    @Test
    void valuesAreExpressedInTheFactorsUnitExactly() {
        var electricity = factor("electricity", "kWh", "0.1229");
        assertThat(kgce("1.5", "MWh", electricity)).isEqualByComparingTo("184.35"); // 1 500 kWh × 0.1229
        assertThat(kgce("2", "万kWh", electricity)).isEqualByComparingTo("2458"); // 20 000 kWh × 0.1229
        assertThat(kgce("10", "kW·h", electricity)).isEqualByComparingTo("1.229");
        assertThat(kgce("3", "GJ", factor("heat", "MJ", "0.03412"))).isEqualByComparingTo("102.36"); // 3 000 MJ
        assertThat(kgce("0.25", "万m3", factor("natural-gas", "m3", "1.2143"))).isEqualByComparingTo("3035.75");
    }

    @Test
    void aDivisionThatDoesNotEndIsRoundedTo34Digits() {
        // 1 MJ = 1/3.6 kWh: 0.1229 / 3.6 = 0.034138888…
        BigDecimal v = kgce("1", "MJ", factor("electricity", "kWh", "0.1229"));
        assertThat(v).isCloseTo(new BigDecimal("0.0341388888888888888888888888888889"), within(new BigDecimal("1e-33")));
    }

    private static CatalogItem item(String code, int scope, String unit) {
        return new CatalogItem(code, new ItemConfig(code, code, List.of(0), "[p]", 4, scope, unit, null, null),
                Formula.parse("[p]"));
    }

    @Test
    void itemCodesSayWhatCountsAndHow() {
        var props = EnergyProperties.defaults();
        assertThat(AccountedItem.of(item("0000000002330011", 1, "kWh"), props)).get()
                .isInstanceOfSatisfying(AccountedItem.Energy.class, e -> {
                    assertThat(e.kind()).isEqualTo(SubjectKind.ENERGY);
                    assertThat(e.subjectCode()).isEqualTo("3300");
                    assertThat(e.role()).isEqualTo(AccountedItem.Role.CONSUMPTION);
                });
        assertThat(AccountedItem.of(item("0000000002330014", 1, "kWh"), props)).get()
                .extracting(a -> ((AccountedItem.Energy) a).role()).isEqualTo(AccountedItem.Role.EXTERNAL_SUPPLY);
        assertThat(AccountedItem.of(item("0000000003010111", 1, "m3"), props)).get()
                .extracting(a -> ((AccountedItem.Energy) a).kind()).isEqualTo(SubjectKind.MEDIUM);
        // DB36 data class 04: raw-material use; national data class 04: a product
        assertThat(AccountedItem.of(item("00000000004150011", 1, "m3"), props)).get()
                .extracting(a -> ((AccountedItem.Energy) a).role()).isEqualTo(AccountedItem.Role.RAW_MATERIAL);
        assertThat(AccountedItem.of(item("0100000004000111", 2, "t"), props)).get()
                .isInstanceOf(AccountedItem.Product.class);
        // measured factors: 05 energy (calorific equivalent), 07 medium (equal value); kgce or tce per a unit only
        assertThat(AccountedItem.of(item("0000000005150011", 1, "kgce/m3"), props)).get()
                .isInstanceOfSatisfying(AccountedItem.Factor.class, f -> {
                    assertThat(f.method()).isEqualTo(ConversionMethod.CALORIFIC_EQUIVALENT);
                    assertThat(f.denominator().text()).isEqualTo("m3");
                });
        assertThat(AccountedItem.of(item("0000000007010111", 1, "tce/m3"), props)).get()
                .extracting(a -> ((AccountedItem.Factor) a).method()).isEqualTo(ConversionMethod.EQUAL_VALUE);
        assertThat(AccountedItem.of(item("0000000005150011", 1, "MJ/m3"), props)).isEmpty();
        // indicators are not accounted
        assertThat(AccountedItem.of(item("0000000008000111", 1, "kgce/t"), props)).isEmpty();
    }
}
