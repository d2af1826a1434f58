package io.energymon.formula;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A node of a formula's syntax tree. Nodes are plain values: two trees are equal when they have the same structure
 * (source positions are kept by {@link Formula}, not here).
 */
public sealed interface Expr {

    /** A non-negative constant; {@code unit} is "" for a plain (dimensionless) number, else e.g. {@code kgce/kWh}. */
    record Num(BigDecimal value, String unit) implements Expr {
        public Num {
            Objects.requireNonNull(value, "value");
            if (value.signum() < 0) {
                throw new IllegalArgumentException("a constant is not negative; negate it with Neg");
            }
            unit = unit == null ? "" : unit.strip();
            if (!isPlainText(unit, "<>")) {
                throw new IllegalArgumentException("unit text must not contain '<', '>' or control characters");
            }
        }

        public Num(BigDecimal value) {
            this(value, "");
        }
    }

    /** A point reference {@code [point-id]}; the id is stripped, not empty, without '[', ']' or control chars. */
    record PointRef(String pointId) implements Expr {
        public PointRef {
            pointId = Objects.requireNonNull(pointId, "pointId").strip();
            if (pointId.isEmpty() || !isPlainText(pointId, "[]")) {
                throw new IllegalArgumentException("invalid point id: " + pointId);
            }
        }
    }

    /** A data item reference {@code {code}}; the code is kept as bare digits (hyphens removed). */
    record ItemRef(String code) implements Expr {
        public ItemRef {
            code = normalizeCode(code);
        }
    }

    /** Unary minus. */
    record Neg(Expr operand) implements Expr {
        public Neg {
            Objects.requireNonNull(operand, "operand");
        }
    }

    record Binary(Op op, Expr left, Expr right) implements Expr {
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    record Call(Function function, List<Expr> args) implements Expr {
        public Call {
            Objects.requireNonNull(function, "function");
            args = List.copyOf(args);
            if (args.size() < function.minArgs() || args.size() > function.maxArgs()) {
                throw new IllegalArgumentException(function.text() + " takes " + function.arity() + " argument(s)");
            }
        }
    }

    enum Op {
        ADD('+', 1), SUB('-', 1), MUL('*', 2), DIV('/', 2);

        private final char symbol;
        private final int precedence;

        Op(char symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public char symbol() {
            return symbol;
        }

        public int precedence() {
            return precedence;
        }
    }

    enum Function {
        SUM(1, Integer.MAX_VALUE), MIN(1, Integer.MAX_VALUE), MAX(1, Integer.MAX_VALUE), ABS(1, 1);

        private final int minArgs;
        private final int maxArgs;

        Function(int minArgs, int maxArgs) {
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public int minArgs() {
            return minArgs;
        }

        public int maxArgs() {
            return maxArgs;
        }

        String arity() {
            return maxArgs == minArgs ? String.valueOf(minArgs) : minArgs + "+";
        }
    }

    /** Removes hyphens from a data item code; throws when the rest is not one or more ASCII digits. */
    static String normalizeCode(String code) {
        String bare = Objects.requireNonNull(code, "code").strip().replace("-", "");
        if (bare.isEmpty() || !bare.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a data item code is digits with optional hyphens: " + code);
        }
        return bare;
    }

    /** True when {@code s} has no control character and none of {@code forbidden}. */
    static boolean isPlainText(String s, String forbidden) {
        return s.chars().noneMatch(c -> Character.isISOControl(c) || forbidden.indexOf(c) >= 0);
    }
}
