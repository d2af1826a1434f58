package io.energymon.codes.factor;

import io.energymon.codes.standard.StandardTables;
import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;
import org.junit.jupiter.api.Test;
import tech.units.indriya.quantity.Quantities;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversionFactorTest {

    private static final LocalDate DAY = LocalDate.of(2025, 6, 1);
    private final ConversionFactorTable table = ConversionFactorTable.reference();

    private ConversionFactor factor(SubjectKind kind, String code) {
        return table.find(kind, code, DAY).orElseThrow();
    }

    @Test
    void referenceValuesOfProtocolSection5() {
        assertThat(factor(SubjectKind.ENERGY, "3300").kgcePerUnit()).contains(new BigDecimal("0.1229"));
        assertThat(factor(SubjectKind.ENERGY, "3300").method()).isEqualTo(ConversionMethod.CALORIFIC_EQUIVALENT);
        assertThat(factor(SubjectKind.ENERGY, "0100").kgcePerUnit()).contains(new BigDecimal("0.7143"));
        assertThat(factor(SubjectKind.ENERGY, "2100").kgcePerUnit()).contains(new BigDecimal("1.4571"));
        assertThat(factor(SubjectKind.MEDIUM, "0101").kgcePerUnit()).contains(new BigDecimal("0.0400"));
        assertThat(table.findByKey("fresh-water", ConversionMethod.EQUAL_VALUE, DAY).orElseThrow().kgcePerUnit())
                .contains(new BigDecimal("0.2571"));
        assertThat(factor(SubjectKind.ENERGY, "1100").low()).contains(new BigDecimal("0.5714"));
        assertThat(factor(SubjectKind.ENERGY, "1100").high()).contains(new BigDecimal("0.6143"));
        assertThat(table.find(SubjectKind.ENERGY, "3300", LocalDate.of(2020, 1, 1))).isEmpty();
    }

    @Test
    void everyCodedFactorNamesAnEntryOfTheStandardTables() {
        assertThat(table.all()).allSatisfy(f -> {
            if (!f.code().isEmpty()) {
                String name = f.kind() == SubjectKind.ENERGY
                        ? StandardTables.energyTypes().byCode(f.code()).orElseThrow().categoryNameZh()
                        : StandardTables.workingMedia().byCode(f.code()).orElseThrow().nameZh();
                assertThat(f.nameZh()).as(f.key()).startsWith(name.substring(0, 2));
            }
            assertThat(f.reference()).startsWith("GB/T 2589-2020");
        });
    }

    @Test
    void convertsWithUnitsOfMeasure() {
        // 5 MWh = 5000 kWh; 5000 * 0.1229 = 614.5 kgce
        assertThat(ConversionFactorTable.toKgce(Quantities.getQuantity(5, EnergyUnits.MEGAWATT_HOUR),
                factor(SubjectKind.ENERGY, "3300"))).isEqualByComparingTo("614.5");
        // 2 t = 2000 kg; 2000 * 1.4571 = 2914.2 kgce
        assertThat(ConversionFactorTable.toKgce(Quantities.getQuantity(2, EnergyUnits.TONNE),
                factor(SubjectKind.ENERGY, "2100"))).isEqualByComparingTo("2914.2");
        // 1 GJ = 1000 MJ; 1000 * 0.03412 = 34.12 kgce
        assertThat(ConversionFactorTable.toKgce(Quantities.getQuantity(1, EnergyUnits.GIGAJOULE),
                factor(SubjectKind.ENERGY, "3200"))).isEqualByComparingTo("34.12");
        // 3 × 10⁴ m³ = 30000 m³; 30000 * 1.2143 = 36429 kgce
        assertThat(ConversionFactorTable.toKgce(Quantities.getQuantity(3, EnergyUnits.TEN_THOUSAND_CUBIC_METRES),
                factor(SubjectKind.ENERGY, "1500"))).isEqualByComparingTo("36429");
        // 250 kWh * 0.1229 = 30.725 kgce
        assertThat(ConversionFactorTable.toKgce(Quantities.getQuantity(250, EnergyUnits.KILOWATT_HOUR),
                factor(SubjectKind.ENERGY, "3300"))).isEqualByComparingTo("30.725");
    }

    @Test
    void wrongUnitOrRangeOnlyIsAnActionableError() {
        assertThatThrownBy(() -> ConversionFactorTable.toKgce(Quantities.getQuantity(1, EnergyUnits.TONNE),
                factor(SubjectKind.ENERGY, "3300")))
                .isInstanceOfSatisfying(CodeFormatException.class, e -> {
                    assertThat(e.result().errors().getFirst().rule()).isEqualTo("factor.unit");
                    assertThat(e.result().errors().getFirst().expected()).isEqualTo("kWh");
                });
        assertThatThrownBy(() -> ConversionFactorTable.toKgce(Quantities.getQuantity(1, EnergyUnits.CUBIC_METRE),
                factor(SubjectKind.ENERGY, "1100")))
                .isInstanceOfSatisfying(CodeFormatException.class, e -> {
                    assertThat(e.result().errors().getFirst().rule()).isEqualTo("factor.range-only");
                    assertThat(e.result().errors().getFirst().messageZh()).contains("0.5714").contains("实测值");
                });
    }

    @Test
    void measuredValueOverridesFromItsDate() {
        EnterpriseFactors ef = new EnterpriseFactors("914403001922038216", table);
        ValidationResult r = ef.addMeasured(SubjectKind.ENERGY, "1100", ConversionMethod.CALORIFIC_EQUIVALENT,
                new BigDecimal("0.5900"), EnergyUnits.CUBIC_METRE, LocalDate.of(2025, 1, 1), "lab report 2025-01");
        assertThat(r.violations()).isEmpty();
        assertThat(ef.resolve(SubjectKind.ENERGY, "1100", ConversionMethod.CALORIFIC_EQUIVALENT,
                LocalDate.of(2024, 12, 31)).orElseThrow().origin()).isEqualTo(FactorOrigin.REFERENCE);
        ConversionFactor m = ef.resolve(SubjectKind.ENERGY, "1100", ConversionMethod.CALORIFIC_EQUIVALENT, DAY)
                .orElseThrow();
        assertThat(m.origin()).isEqualTo(FactorOrigin.MEASURED);
        // 1000 m³ * 0.5900 = 590 kgce
        assertThat(ConversionFactorTable.toKgce(Quantities.getQuantity(1000, EnergyUnits.CUBIC_METRE), m))
                .isEqualByComparingTo("590");

        ValidationResult outside = ef.addMeasured(SubjectKind.ENERGY, "1100", ConversionMethod.CALORIFIC_EQUIVALENT,
                new BigDecimal("0.7000"), EnergyUnits.CUBIC_METRE, LocalDate.of(2025, 3, 1), "lab report 2025-03");
        assertThat(outside.isValid()).isTrue();
        assertThat(outside.warnings()).extracting(v -> v.rule()).containsExactly("factor.outside-reference-range");
        assertThat(ef.resolve(SubjectKind.ENERGY, "1100", ConversionMethod.CALORIFIC_EQUIVALENT, DAY).orElseThrow()
                .kgcePerUnit()).contains(new BigDecimal("0.7000"));
        assertThat(ef.addMeasured(SubjectKind.ENERGY, "3300", ConversionMethod.CALORIFIC_EQUIVALENT,
                BigDecimal.ZERO, EnergyUnits.KILOWATT_HOUR, DAY, "x").isValid()).isFalse();
    }

    @Test
    void versionsByDateAndMethod() {
        ConversionFactor equalValue2024 = new ConversionFactor("electricity", SubjectKind.ENERGY, "3300", "电力",
                "electricity", ConversionMethod.EQUAL_VALUE, EnergyUnits.KILOWATT_HOUR,
                Optional.of(new BigDecimal("0.3000")), Optional.empty(), Optional.empty(), LocalDate.of(2024, 1, 1),
                "test value, not a published one", FactorOrigin.REFERENCE);
        ConversionFactor equalValue2025 = new ConversionFactor("electricity", SubjectKind.ENERGY, "3300", "电力",
                "electricity", ConversionMethod.EQUAL_VALUE, EnergyUnits.KILOWATT_HOUR,
                Optional.of(new BigDecimal("0.2900")), Optional.empty(), Optional.empty(), LocalDate.of(2025, 1, 1),
                "test value, not a published one", FactorOrigin.REFERENCE);
        ConversionFactorTable t = table.with(List.of(equalValue2025, equalValue2024));
        assertThat(t.find(SubjectKind.ENERGY, "3300", ConversionMethod.EQUAL_VALUE, LocalDate.of(2024, 6, 1))
                .orElseThrow().kgcePerUnit()).contains(new BigDecimal("0.3000"));
        assertThat(t.find(SubjectKind.ENERGY, "3300", ConversionMethod.EQUAL_VALUE, DAY)
                .orElseThrow().kgcePerUnit()).contains(new BigDecimal("0.2900"));
        assertThat(t.find(SubjectKind.ENERGY, "3300", ConversionMethod.CALORIFIC_EQUIVALENT, DAY)
                .orElseThrow().kgcePerUnit()).contains(new BigDecimal("0.1229"));
        assertThat(table.find(SubjectKind.ENERGY, "3300", ConversionMethod.EQUAL_VALUE, DAY)).isEmpty();
    }
}
