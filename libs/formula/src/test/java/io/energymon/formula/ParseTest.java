package io.energymon.formula;

import io.energymon.formula.Expr.Binary;
import io.energymon.formula.Expr.Call;
import io.energymon.formula.Expr.Function;
import io.energymon.formula.Expr.ItemRef;
import io.energymon.formula.Expr.Neg;
import io.energymon.formula.Expr.Num;
import io.energymon.formula.Expr.Op;
import io.energymon.formula.Expr.PointRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParseTest {

    private static PointRef p(String id) {
        return new PointRef(id);
    }

    private static Num n(String value) {
        return new Num(new BigDecimal(value));
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertThat(Formula.parse("[a] + 2 * [b]").root())
                .isEqualTo(new Binary(Op.ADD, p("a"), new Binary(Op.MUL, n("2"), p("b"))));
    }

    @Test
    void unaryMinusAppliesToTheOperandBeforeMultiplication() {
        assertThat(Formula.parse("-[a] * 2").root()).isEqualTo(new Binary(Op.MUL, new Neg(p("a")), n("2")));
        assertThat(Formula.parse("[a] - -3").root()).isEqualTo(new Binary(Op.SUB, p("a"), new Neg(n("3"))));
    }

    @Test
    void operatorsAreLeftAssociativeAndParenthesesKeptOnlyWhereNeeded() {
        Formula left = Formula.parse("[a] - [b] - [c]");
        assertThat(left).isEqualTo(Formula.parse("(([a]) - [b]) - [c]"));
        assertThat(left.root()).isEqualTo(new Binary(Op.SUB, new Binary(Op.SUB, p("a"), p("b")), p("c")));
        Formula right = Formula.parse("[a]-([b]-[c])");
        assertThat(right).isNotEqualTo(left);
        assertThat(right.toString()).isEqualTo("[a] - ([b] - [c])");
        assertThat(Formula.parse("(([a]+[b]))*[c]/([d]*[e])").toString()).isEqualTo("([a] + [b]) * [c] / ([d] * [e])");
    }

    @Test
    void sumWithItemCodesNumbersAndFreeSpacing() {
        Formula f = Formula.parse(" SUM( [x] ,{00-00-0000-023300-11},1.2e3 ) ");
        assertThat(f.root()).isEqualTo(new Call(Function.SUM,
                List.of(p("x"), new ItemRef("0000000002330011"), n("1.2e3"))));
        assertThat(f.itemRefs()).containsExactly("0000000002330011");
        assertThat(f.toString()).isEqualTo("sum([x], {0000000002330011}, 1.2E+3)");
        assertThat(f.text()).isEqualTo(" SUM( [x] ,{00-00-0000-023300-11},1.2e3 ) ");
    }

    @Test
    void pointIdsAreFreeTextStrippedAtTheEnds() {
        Formula f = Formula.parse("[1#主变 有功电量.正向_A-1] + [ main-meter.active-energy ]");
        assertThat(f.pointRefs()).containsExactly("1#主变 有功电量.正向_A-1", "main-meter.active-energy");
    }

    @Test
    void typedConstantKeepsItsUnit() {
        Formula f = Formula.parse("[e] * 0.1229 < kgce/kWh >");
        assertThat(f.root()).isEqualTo(new Binary(Op.MUL, p("e"), new Num(new BigDecimal("0.1229"), "kgce/kWh")));
        assertThat(f.toString()).isEqualTo("[e] * 0.1229<kgce/kWh>");
    }

    @Test
    void referencesInTextOrderWithPositions() {
        Formula f = Formula.parse("[b] + [a] + [b] + {12-3}");
        assertThat(f.pointRefs()).containsExactly("b", "a");
        assertThat(f.references()).containsExactly(
                new Reference(Reference.Kind.POINT, "b", 0, 3),
                new Reference(Reference.Kind.POINT, "a", 6, 3),
                new Reference(Reference.Kind.POINT, "b", 12, 3),
                new Reference(Reference.Kind.ITEM, "123", 18, 6));
    }

    @Test
    void fullWidthOperatorsFromChineseInputAreAccepted() {
        assertThat(Formula.parse("（[a]＋[b]）×2－[c]÷4").toString()).isEqualTo("([a] + [b]) * 2 - [c] / 4");
        assertThat(Formula.parse("sum([a]，[b])")).isEqualTo(Formula.parse("sum([a], [b])"));
    }

    @Test
    void formulaOfATreeUsesItsCanonicalText() {
        Expr tree = new Binary(Op.DIV, new Neg(new Binary(Op.ADD, p("a"), n("1"))), new Binary(Op.MUL, p("b"), p("c")));
        Formula f = Formula.of(tree);
        assertThat(f.text()).isEqualTo("-([a] + 1) / ([b] * [c])");
        assertThat(f.root()).isEqualTo(tree);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ([a] + [b]     | formula.syntax           | 10 | 0  | 缺少右括号
            "[a] + "       | formula.syntax           | 6  | 0  | 缺少运算数
            [a] + * [b]    | formula.syntax           | 6  | 1  | 缺少运算数
            [a] [b]        | formula.syntax           | 4  | 1  | 缺少运算符
            ([a] 2)        | formula.syntax           | 5  | 1  | 缺少运算符
            2kWh           | formula.syntax           | 1  | 1  | 缺少运算符
            [a] + 2)       | formula.syntax           | 7  | 1  | 多余的右括号
            [a] # 2        | formula.syntax           | 4  | 1  | 多余的内容 '#'
            # 2            | formula.syntax           | 0  | 1  | 无法识别的字符 '#'
            [a + 1         | formula.syntax           | 0  | 6  | 缺少 ']'
            [] + 1         | formula.syntax           | 0  | 2  | 测点编号为空
            {12a4}         | formula.syntax           | 3  | 1  | 数据项编码
            {--}           | formula.syntax           | 0  | 4  | 数据项编码
            foo([a])       | formula.unknown-function | 0  | 3  | 未知函数 'foo'
            abs([a], [b])  | formula.syntax           | 0  | 13 | 参数个数
            sum()          | formula.syntax           | 0  | 5  | 参数个数
            sum [a]        | formula.syntax           | 4  | 1  | 缺少 '('
            1.             | formula.syntax           | 1  | 1  | 小数点
            2e + 1         | formula.syntax           | 0  | 2  | 指数
            1e999999999999 | formula.syntax           | 0  | 14 | 超出范围
            1e101          | formula.syntax           | 0  | 5  | 超出范围
            1 <kWh         | formula.syntax           | 2  | 4  | 缺少 '>'
            2<> * [a]      | formula.syntax           | 1  | 2  | 单位为空
            """)
    void syntaxErrorsSayWhere(String text, String rule, int position, int length, String zh) {
        FormulaException e = catchThrowableOfType(FormulaException.class, () -> Formula.parse(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.errors()).hasSize(1);
        FormulaError error = e.errors().getFirst();
        assertThat(error.rule()).isEqualTo(rule);
        assertThat(error.position()).isEqualTo(position);
        assertThat(error.length()).isEqualTo(length);
        assertThat(error.messageZh()).startsWith("公式第" + (position + 1) + "个字符处").contains(zh);
        assertThat(error.messageEn()).endsWith(" at character " + (position + 1));
    }

    @Test
    void exceptionMessageHasBothLanguagesAndThePosition() {
        assertThatThrownBy(() -> Formula.parse("([a] + [b]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("公式第11个字符处缺少右括号 ')' / missing ')' at character 11");
    }

    @Test
    void blankOrNullIsEmpty() {
        for (String text : new String[] {null, "", "  \t "}) {
            FormulaException e = catchThrowableOfType(FormulaException.class, () -> Formula.parse(text));
            assertThat(e.errors()).extracting(FormulaError::rule).containsExactly("formula.empty");
        }
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        String deep = "(".repeat(5_000) + "1" + ")".repeat(5_000);
        assertThat(catchThrowableOfType(FormulaException.class, () -> Formula.parse(deep)).errors().getFirst().rule())
                .isEqualTo("formula.syntax");
        String chain = "[a]" + " + [a]".repeat(300);
        assertThat(catchThrowableOfType(FormulaException.class, () -> Formula.parse(chain)).getMessage())
                .contains("sum()");
        String wide = "sum([a]" + ", [a]".repeat(300) + ")";
        assertThat(((Call) Formula.parse(wide).root()).args()).hasSize(301);
    }

    @Test
    void treeNodesRefuseValuesThatWouldNotPrintBack() {
        assertThatThrownBy(() -> n("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p("a]b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemRef("12a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Num(BigDecimal.ONE, "k>Wh")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Call(Function.ABS, List.of(n("1"), n("2")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ItemRef("00-01").code()).isEqualTo("0001");
    }
}
