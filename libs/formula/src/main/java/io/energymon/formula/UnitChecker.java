package io.energymon.formula;

import io.energymon.formula.Expr.Binary;
import io.energymon.formula.Expr.Call;
import io.energymon.formula.Expr.ItemRef;
import io.energymon.formula.Expr.Neg;
import io.energymon.formula.Expr.Num;
import io.energymon.formula.Expr.Op;
import io.energymon.formula.Expr.PointRef;
import io.energymon.formula.unit.Dimension;
import io.energymon.formula.unit.Unit;
import io.energymon.formula.unit.Units;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds unknown references and unit problems. Operands of {@code + -}, {@code sum min max} must share a dimension,
 * {@code * /} combine dimensions, a plain number is dimensionless, and the result must have the dimension of the
 * item's unit. A subexpression whose dimension is unknown (unknown reference, earlier mismatch) is not checked further,
 * so one mistake gives one error.
 */
final class UnitChecker {

    /** The dimension of a subexpression and, for a reference or constant, the unit text it was written with. */
    private record Quantity(Dimension dimension, String unitText) {
        String zh() {
            return unitText == null ? dimension.describeZh() : unitText + "（" + dimension.describeZh() + "）";
        }

        String en() {
            return unitText == null ? dimension.describeEn() : unitText + " (" + dimension.describeEn() + ")";
        }
    }

    private static final Quantity PLAIN = new Quantity(Dimension.NONE, "1");

    private final Formula formula;
    private final UnitContext context;
    private final List<FormulaError> errors = new ArrayList<>();

    UnitChecker(Formula formula, UnitContext context) {
        this.formula = formula;
        this.context = context;
    }

    List<FormulaError> check() {
        Optional<Quantity> result = quantity(formula.root());
        Optional<String> expectedText = context.resultUnit();
        if (expectedText.isPresent()) {
            Optional<Unit> expected = Units.parse(expectedText.get());
            if (expected.isEmpty()) {
                errors.add(new FormulaError(FormulaError.UNKNOWN_UNIT, 0, 0,
                        "数据项的单位 '" + expectedText.get() + "' 无法识别", "the item's unit '" + expectedText.get() + "' is not known"));
            } else if (result.isPresent() && !result.get().dimension().equals(expected.get().dimension())) {
                Quantity want = new Quantity(expected.get().dimension(), expected.get().text());
                errors.add(new FormulaError(FormulaError.UNIT_MISMATCH, 0, formula.text().length(),
                        "公式结果的单位 " + result.get().zh() + " 与数据项的单位 " + want.zh() + " 量纲不一致",
                        "the formula gives " + result.get().en() + " but the item's unit is " + want.en()));
            }
        }
        return List.copyOf(errors);
    }

    private Optional<Quantity> quantity(Expr e) {
        return switch (e) {
            case Num n -> n.unit().isEmpty() ? Optional.of(PLAIN) : known(n.unit(), e, "常数的", "a constant");
            case PointRef r -> context.pointUnit(r.pointId())
                    .map(u -> known(u, e, "测点 [" + r.pointId() + "] 的", "point [" + r.pointId() + "]"))
                    .orElseGet(() -> unknown(FormulaError.UNKNOWN_POINT, e, "测点 [" + r.pointId() + "] 不存在",
                            "unknown point [" + r.pointId() + "]"));
            case ItemRef r -> context.itemUnit(r.code())
                    .map(u -> known(u, e, "数据项 {" + r.code() + "} 的", "data item {" + r.code() + "}"))
                    .orElseGet(() -> unknown(FormulaError.UNKNOWN_ITEM, e, "数据项 {" + r.code() + "} 不存在",
                            "unknown data item {" + r.code() + "}"));
            case Neg n -> quantity(n.operand()).map(q -> new Quantity(q.dimension(), null));
            case Call c -> same(c.args(), c.function().text() + "()", null);
            case Binary b -> switch (b.op()) {
                case ADD, SUB -> same(List.of(b.left(), b.right()), "'" + b.op().symbol() + "'", b);
                case MUL, DIV -> {
                    Optional<Quantity> left = quantity(b.left());
                    Optional<Quantity> right = quantity(b.right());
                    yield left.isEmpty() || right.isEmpty() ? Optional.empty() : Optional.of(new Quantity(
                            b.op() == Op.MUL ? left.get().dimension().times(right.get().dimension())
                                    : left.get().dimension().dividedBy(right.get().dimension()), null));
                }
            };
        };
    }

    /** Operands that must share a dimension; a mismatch is reported at the operator, else at the operand that differs. */
    private Optional<Quantity> same(List<Expr> operands, String what, Binary operator) {
        List<Optional<Quantity>> qs = operands.stream().map(this::quantity).toList();
        if (qs.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        Quantity first = qs.getFirst().get();
        for (int i = 1; i < qs.size(); i++) {
            Quantity other = qs.get(i).get();
            if (!other.dimension().equals(first.dimension())) {
                Span at = formula.span(operator != null ? operator : operands.get(i));
                errors.add(FormulaError.at(FormulaError.UNIT_MISMATCH, at.start(), at.length(),
                        what + " 的运算数量纲不一致：" + first.zh() + " 与 " + other.zh(),
                        "operands of " + what + " differ in dimension: " + first.en() + " and " + other.en()));
                return Optional.empty();
            }
        }
        return Optional.of(qs.size() == 1 ? first : new Quantity(first.dimension(), null));
    }

    private Optional<Quantity> known(String unitText, Expr at, String zhOwner, String enOwner) {
        Optional<Unit> unit = Units.parse(unitText);
        if (unit.isEmpty()) {
            unknown(FormulaError.UNKNOWN_UNIT, at, zhOwner + "单位 '" + unitText + "' 无法识别",
                    "the unit '" + unitText + "' of " + enOwner + " is not known");
        }
        return unit.map(u -> new Quantity(u.dimension(), u.text()));
    }

    private Optional<Quantity> unknown(String rule, Expr at, String zh, String en) {
        Span span = formula.span(at);
        errors.add(FormulaError.at(rule, span.start(), span.length(), zh, en));
        return Optional.empty();
    }
}
