package io.energymon.formula;

import io.energymon.formula.Expr.Binary;
import io.energymon.formula.Expr.Call;
import io.energymon.formula.Expr.ItemRef;
import io.energymon.formula.Expr.Neg;
import io.energymon.formula.Expr.Num;
import io.energymon.formula.Expr.PointRef;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Exact decimal evaluation; only division rounds (DECIMAL64). Every reference is looked up first, so a formula with
 * missing inputs reports all of them at once. Units are not converted: they were checked when the formula was saved.
 */
final class Evaluator {

    private final Formula formula;
    private final Map<String, BigDecimal> points = new HashMap<>();
    private final Map<String, BigDecimal> items = new HashMap<>();

    private Evaluator(Formula formula) {
        this.formula = formula;
    }

    /** Thrown inside an evaluation that cannot give a value; carries the error to report. */
    private static final class Failure extends RuntimeException {
        private final transient FormulaError error;

        Failure(FormulaError error) {
            super(error.messageEn(), null, false, false);
            this.error = error;
        }
    }

    static Evaluation evaluate(Formula formula, ValueSource source) {
        Evaluator ev = new Evaluator(formula);
        List<String> missingPoints = new ArrayList<>();
        List<String> missingItems = new ArrayList<>();
        for (String id : formula.pointRefs()) {
            source.point(id).ifPresentOrElse(v -> ev.points.put(id, v), () -> missingPoints.add(id));
        }
        for (String code : formula.itemRefs()) {
            source.item(code).ifPresentOrElse(v -> ev.items.put(code, v), () -> missingItems.add(code));
        }
        if (!missingPoints.isEmpty() || !missingItems.isEmpty()) {
            return new Evaluation.Missing(missingPoints, missingItems);
        }
        try {
            return new Evaluation.Value(ev.value(formula.root()));
        } catch (Failure f) {
            return new Evaluation.Failed(f.error);
        } catch (ArithmeticException e) {
            return new Evaluation.Failed(new FormulaError(FormulaError.ARITHMETIC, 0, formula.text().length(),
                    "计算超出数值范围：" + e.getMessage(), "arithmetic overflow: " + e.getMessage()));
        }
    }

    private BigDecimal value(Expr e) {
        return switch (e) {
            case Num n -> n.value();
            case PointRef r -> points.get(r.pointId());
            case ItemRef r -> items.get(r.code());
            case Neg n -> value(n.operand()).negate();
            case Call c -> switch (c.function()) {
                case SUM -> fold(c, BigDecimal::add);
                case MIN -> fold(c, BigDecimal::min);
                case MAX -> fold(c, BigDecimal::max);
                case ABS -> value(c.args().getFirst()).abs();
            };
            case Binary b -> {
                BigDecimal left = value(b.left());
                BigDecimal right = value(b.right());
                yield switch (b.op()) {
                    case ADD -> left.add(right);
                    case SUB -> left.subtract(right);
                    case MUL -> left.multiply(right);
                    case DIV -> {
                        if (right.signum() == 0) {
                            Span at = formula.span(b);
                            throw new Failure(FormulaError.at(FormulaError.DIVISION_BY_ZERO, at.start(), at.length(),
                                    "除数为零", "division by zero"));
                        }
                        yield left.divide(right, MathContext.DECIMAL64);
                    }
                };
            }
        };
    }

    private BigDecimal fold(Call c, BinaryOperator<BigDecimal> op) {
        return c.args().stream().map(this::value).reduce(op).orElseThrow();
    }
}
