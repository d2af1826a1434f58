package io.energymon.formula;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluateTest {

    private static final ValueSource NOTHING = ValueSource.of(Map.of(), Map.of());

    private static BigDecimal value(String formula, ValueSource source) {
        Evaluation result = Formula.parse(formula).evaluate(source);
        assertThat(result).as(formula).isInstanceOf(Evaluation.Value.class);
        return ((Evaluation.Value) result).value();
    }

    private static BigDecimal constant(String formula) {
        return value(formula, NOTHING);
    }

    private static Map<String, BigDecimal> values(Object... keyAndValue) {
        Map<String, BigDecimal> map = new java.util.HashMap<>();
        for (int i = 0; i < keyAndValue.length; i += 2) {
            map.put((String) keyAndValue[i], new BigDecimal(keyAndValue[i + 1].toString()));
        }
        return map;
    }

    @Test
    void precedenceAndParentheses() {
        assertThat(constant("2 + 3 * 4 - 6 / 3")).isEqualByComparingTo("12"); // 2 + 12 - 2
        assertThat(constant("(2 + 3) * 4")).isEqualByComparingTo("20");
        assertThat(constant("2 * 3 - 4 * 5")).isEqualByComparingTo("-14");
        assertThat(constant("100 / 10 / 5")).isEqualByComparingTo("2"); // left to right: (100 / 10) / 5
        assertThat(constant("10 - 4 - 3")).isEqualByComparingTo("3");
    }

    @Test
    void unaryMinus() {
        assertThat(value("-[a] - -3", ValueSource.of(values("a", "5"), Map.of()))).isEqualByComparingTo("-2");
        assertThat(constant("-(2 - 5) * 2")).isEqualByComparingTo("6");
        assertThat(constant("--4")).isEqualByComparingTo("4");
    }

    @Test
    void pointsItemsAndFunctions() {
        ValueSource src = ValueSource.of(values("a", "1.5", "b", "2.25"), values("00-00-0000-023300-11", "3.25"));
        assertThat(value("[a] + [b] * 2", src)).isEqualByComparingTo("6"); // 1.5 + 4.5
        assertThat(value("sum([a], [b], {0000000002330011}, 0.5)", src)).isEqualByComparingTo("7.5");
        assertThat(value("sum({00-00-0000-023300-11})", src)).isEqualByComparingTo("3.25");
        ValueSource signs = ValueSource.of(values("a", "7", "b", "-2"), Map.of());
        assertThat(value("max([a], [b]) - min([a], [b]) + abs(-4)", signs)).isEqualByComparingTo("13"); // 7 + 2 + 4
    }

    @Test
    void exactDecimalsAndDecimal64Division() {
        assertThat(constant("0.1 + 0.2")).isEqualTo(new BigDecimal("0.3"));
        assertThat(constant("1.2e3 * 0.001")).isEqualByComparingTo("1.2");
        assertThat(constant("10 / 4")).isEqualByComparingTo("2.5");
        assertThat(constant("1 / 3")).isEqualTo(new BigDecimal("0.3333333333333333")); // 16 significant digits
        assertThat(constant("2 / 3")).isEqualTo(new BigDecimal("0.6666666666666667"));
    }

    @Test
    void typedConstantIsJustItsNumberAtEvaluation() {
        // 1000 kWh of electricity at 0.1229 kgce/kWh
        assertThat(value("[e] * 0.1229<kgce/kWh>", ValueSource.of(values("e", "1000"), Map.of())))
                .isEqualByComparingTo("122.9");
    }

    @Test
    void divisionByZeroFailsAtTheOperator() {
        Evaluation result = Formula.parse("[a] / ([b] - 2)").evaluate(ValueSource.of(values("a", "1", "b", "2"), Map.of()));
        assertThat(result).isInstanceOf(Evaluation.Failed.class);
        FormulaError error = ((Evaluation.Failed) result).error();
        assertThat(error.rule()).isEqualTo("formula.division-by-zero");
        assertThat(error.position()).isEqualTo(4);
        assertThat(error.messageZh()).isEqualTo("公式第5个字符处除数为零");
        assertThat(error.messageEn()).isEqualTo("division by zero at character 5");
    }

    @Test
    void missingReferencesAreAllListedOnce() {
        Evaluation result = Formula.parse("[a] + {00-01} + [c] + [a] + [d] + {0001}")
                .evaluate(ValueSource.of(values("c", "1"), Map.of()));
        assertThat(result).isEqualTo(new Evaluation.Missing(java.util.List.of("a", "d"), java.util.List.of("0001")));
    }

    @Test
    void missingInputsComeBeforeArithmeticFailures() {
        assertThat(Formula.parse("1 / 0 + [x]").evaluate(NOTHING)).isInstanceOf(Evaluation.Missing.class);
        assertThat(Formula.parse("1 / 0 + 1").evaluate(NOTHING)).isInstanceOf(Evaluation.Failed.class);
    }
}
