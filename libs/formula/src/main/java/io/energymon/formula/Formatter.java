package io.energymon.formula;

import io.energymon.formula.Expr.Binary;
import io.energymon.formula.Expr.Call;
import io.energymon.formula.Expr.ItemRef;
import io.energymon.formula.Expr.Neg;
import io.energymon.formula.Expr.Num;
import io.energymon.formula.Expr.PointRef;

import java.util.stream.Collectors;

/** Canonical text of a tree: the fewest parentheses that parse back to the same tree. */
final class Formatter {

    private static final int ATOM = 3;

    private Formatter() {
    }

    static String format(Expr e) {
        return switch (e) {
            case Num n -> n.value().toString() + (n.unit().isEmpty() ? "" : "<" + n.unit() + ">");
            case PointRef r -> "[" + r.pointId() + "]";
            case ItemRef r -> "{" + r.code() + "}";
            case Neg n -> "-" + wrap(n.operand(), precedence(n.operand()) < ATOM);
            case Call c -> c.function().text() + "("
                    + c.args().stream().map(Formatter::format).collect(Collectors.joining(", ")) + ")";
            case Binary b -> wrap(b.left(), precedence(b.left()) < b.op().precedence())
                    + " " + b.op().symbol() + " "
                    // operators are left-associative: an equal-precedence right operand keeps its parentheses
                    + wrap(b.right(), precedence(b.right()) <= b.op().precedence());
        };
    }

    private static String wrap(Expr e, boolean parenthesize) {
        return parenthesize ? "(" + format(e) + ")" : format(e);
    }

    private static int precedence(Expr e) {
        return e instanceof Binary b ? b.op().precedence() : ATOM;
    }
}
