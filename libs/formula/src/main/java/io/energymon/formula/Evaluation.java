package io.energymon.formula;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** The outcome of evaluating a formula for one period. */
public sealed interface Evaluation {

    /** The formula's value. */
    record Value(BigDecimal value) implements Evaluation {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Some references have no value yet: wait for them. Points and item codes in order of first appearance. */
    record Missing(List<String> points, List<String> items) implements Evaluation {
        public Missing {
            points = List.copyOf(points);
            items = List.copyOf(items);
        }
    }

    /** The formula has no value for these inputs, e.g. division by zero ({@code formula.division-by-zero}). */
    record Failed(FormulaError error) implements Evaluation {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
