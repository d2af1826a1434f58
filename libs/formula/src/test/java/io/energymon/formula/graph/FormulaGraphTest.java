package io.energymon.formula.graph;

import io.energymon.formula.Formula;
import io.energymon.formula.FormulaError;
import io.energymon.formula.FormulaException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FormulaGraphTest {

    private static FormulaGraph graph(String... codeAndFormula) {
        Map<String, Formula> formulas = new LinkedHashMap<>();
        for (int i = 0; i < codeAndFormula.length; i += 2) {
            formulas.put(codeAndFormula[i], Formula.parse(codeAndFormula[i + 1]));
        }
        return FormulaGraph.of(formulas);
    }

    @Test
    void directSelfReference() {
        FormulaGraph g = graph("0001", "[p] + {00-01}");
        List<FormulaError> errors = g.cycles();
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().rule()).isEqualTo("formula.cycle");
        assertThat(errors.getFirst().messageZh()).isEqualTo("数据项 {0001} 的公式存在循环引用：{0001} → {0001}");
        assertThat(errors.getFirst().position()).isEqualTo(6); // [0 p1 ]2 _3 +4 _5 {6
        assertThat(errors.getFirst().length()).isEqualTo(7);
    }

    @Test
    void indirectCycleNamesItsPath() {
        FormulaGraph g = graph(
                "0003", "{0001} - 1",
                "0001", "{0002} + [p]",
                "0002", "{0003} * 2",
                "0004", "{0001} / 2"); // uses the cycle but is not on it
        List<FormulaError> errors = g.cycles();
        assertThat(errors).extracting(FormulaError::messageEn).containsExactly(
                "circular reference in the formula of data item {0001}: {0001} → {0002} → {0003} → {0001}");
        assertThat(errors.getFirst().position()).isZero();
        assertThat(g.cyclesThrough("0003")).extracting(FormulaError::messageEn).containsExactly(
                "circular reference in the formula of data item {0003}: {0003} → {0001} → {0002} → {0003}");
        assertThat(g.cyclesThrough("0004")).isEmpty();
        FormulaException e = catchThrowableOfType(FormulaException.class, g::evaluationOrder);
        assertThat(e.errors()).isEqualTo(errors);
        assertThat(e.getMessage()).contains("{0001} → {0002} → {0003} → {0001}");
    }

    @Test
    void twoCyclesSharingAnItemAreBothReported() {
        FormulaGraph g = graph("0001", "{0002}", "0002", "{0001} + {0003}", "0003", "{0002}");
        assertThat(g.cycles()).extracting(FormulaError::messageEn).containsExactly(
                "circular reference in the formula of data item {0001}: {0001} → {0002} → {0001}",
                "circular reference in the formula of data item {0002}: {0002} → {0003} → {0002}");
    }

    @Test
    void acyclicFormulasAreOrderedDependenciesFirst() {
        FormulaGraph g = graph(
                "00-04", "{0001} / {0009}",          // intensity = total / output (0009 is an input)
                "0001", "sum({0002}, {0003})",       // total
                "0003", "[gas] * 1.2143",            // gas in coal equivalent
                "0002", "[m1] + [m2]");              // electricity
        assertThat(g.cycles()).isEmpty();
        assertThat(g.evaluationOrder()).containsExactly("0002", "0003", "0001", "0004");
        assertThat(g.dependentsOf("0002")).containsExactly("0001", "0004");
        assertThat(g.dependentsOf("00-09")).containsExactly("0004");
        assertThat(g.dependentsOf("0004")).isEmpty();
    }

    @Test
    void keysAreCodesWithOrWithoutHyphensAndAKeyNoFormulaCanReferenceIsHarmless() {
        FormulaGraph g = graph("not a code", "{0001}", " 00-01 ", "[p]");
        assertThat(g.cycles()).isEmpty();
        assertThat(g.evaluationOrder()).containsExactly("0001", "not a code");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> graph("0001", "1", "00-01", "2")))
                .hasMessageContaining("0001");
    }
}
