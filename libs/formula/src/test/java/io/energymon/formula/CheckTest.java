package io.energymon.formula;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckTest {

    private static final Map<String, String> POINTS = Map.of(
            "a", "kWh", "b", "m3", "e", "kWh", "f", "MWh", "x", "bogus", "gas", "Nm3");
    private static final Map<String, String> ITEMS = Map.of("00-01", "kWh", "0002", "tce");

    private static List<FormulaError> check(String formula, String resultUnit) {
        return Formula.parse(formula).check(UnitContext.of(POINTS, ITEMS, resultUnit));
    }

    @Test
    void unknownReferencesAtTheirPositionsWithoutFollowUpErrors() {
        // [0 a1 ]2 _3 +4 _5 [6 z7 z8 ]9 _10 +11 _12 {13 ... }18
        List<FormulaError> errors = check("[a] + [zz] + {9999}", "kWh");
        assertThat(errors).extracting(FormulaError::rule, FormulaError::position, FormulaError::length)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("formula.unknown-point", 6, 4),
                        org.assertj.core.groups.Tuple.tuple("formula.unknown-item", 13, 6));
        assertThat(errors.get(0).messageZh()).isEqualTo("公式第7个字符处测点 [zz] 不存在");
        assertThat(errors.get(1).messageEn()).isEqualTo("unknown data item {9999} at character 14");
    }

    @Test
    void addingEnergyAndVolumeIsAMismatchAtThePlus() {
        List<FormulaError> errors = check("[a] + [b]", null);
        assertThat(errors).hasSize(1);
        FormulaError e = errors.getFirst();
        assertThat(e.rule()).isEqualTo("formula.unit-mismatch");
        assertThat(e.position()).isEqualTo(4);
        assertThat(e.length()).isEqualTo(1);
        assertThat(e.messageZh()).contains("第5个字符", "kWh（能量）", "m3（体积）");
        assertThat(e.messageEn()).contains("kWh (energy)", "m3 (volume)", "at character 5");
    }

    @Test
    void plainNumbersAreDimensionless() {
        // [0 a1 ]2 _3 *4 _5 2(6) _7 +8
        assertThat(check("[a] * 2 + 3", null)).extracting(FormulaError::rule, FormulaError::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("formula.unit-mismatch", 8));
        assertThat(check("[a] * 2 + 3<kWh>", "kWh")).isEmpty();
        assertThat(check("[a] / [f] * 100", "%")).isEmpty();
    }

    @Test
    void typedConversionFactorGivesCoalEquivalent() {
        assertThat(check("[e] * 0.1229<kgce/kWh>", "kgce")).isEmpty();
        assertThat(check("[e] * 0.1229<kgce/kWh> / 1000", "tce")).isEmpty(); // same dimension, scale is the user's
        List<FormulaError> wrong = check("[e] * 0.1229<kgce/kWh>", "kWh");
        assertThat(wrong).extracting(FormulaError::rule).containsExactly("formula.unit-mismatch");
        assertThat(wrong.getFirst().position()).isZero();
        assertThat(wrong.getFirst().length()).isEqualTo("[e] * 0.1229<kgce/kWh>".length());
        assertThat(wrong.getFirst().messageEn()).contains("coal equivalent", "kWh (energy)");
    }

    @Test
    void sumOperandsShareADimensionAndMismatchIsAtTheOddArgument() {
        assertThat(check("sum([a], {0001}, [f])", "kWh")).isEmpty();
        // s0 u1 m2 (3 [4 a5 ]6 ,7 _8 {9 0 0 0 1 }14 ,15 _16 [17
        assertThat(check("sum([a], {0001}, [b])", "kWh"))
                .extracting(FormulaError::rule, FormulaError::position, FormulaError::length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("formula.unit-mismatch", 17, 3));
        assertThat(check("max([a], {0002})", null)).extracting(FormulaError::rule).containsExactly("formula.unit-mismatch");
    }

    @Test
    void multiplicationAndDivisionCombineDimensions() {
        assertThat(check("[a] / 0.25<h>", "kW")).isEmpty();
        assertThat(check("[gas] / 1<h>", "m3/h")).isEmpty();
        assertThat(check("{0002} / [a]", "kgce/kWh")).isEmpty();
        assertThat(check("{0002} / [a] * [a]", "t")).extracting(FormulaError::rule).containsExactly("formula.unit-mismatch");
        assertThat(check("-abs([a])", "kWh")).isEmpty();
    }

    @Test
    void unknownUnitsAreReportedWhereTheyComeFrom() {
        // [0 a1 ]2 _3 *4 _5 2<foo> 6..11
        assertThat(check("[a] * 2<foo>", null)).extracting(FormulaError::rule, FormulaError::position, FormulaError::length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("formula.unknown-unit", 6, 6));
        assertThat(check("[x] + 1", null)).extracting(FormulaError::rule, FormulaError::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("formula.unknown-unit", 0));
        assertThat(check("[a]", "furlong")).extracting(FormulaError::rule).containsExactly("formula.unknown-unit");
    }
}
