package io.energymon.formula;

import io.energymon.formula.Expr.Binary;
import io.energymon.formula.Expr.Call;
import io.energymon.formula.Expr.Function;
import io.energymon.formula.Expr.ItemRef;
import io.energymon.formula.Expr.Neg;
import io.energymon.formula.Expr.Num;
import io.energymon.formula.Expr.Op;
import io.energymon.formula.Expr.PointRef;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FormulaPropertiesTest {

    private static final Set<String> SYNTAX_RULES = Set.of("formula.syntax", "formula.empty", "formula.unknown-function");

    @Property(tries = 1000)
    void canonicalTextParsesBackToTheSameTree(@ForAll("trees") Expr tree) {
        String text = Formula.of(tree).toString();
        Formula parsed = Formula.parse(text);
        assertThat(parsed.root()).isEqualTo(tree);
        assertThat(parsed.toString()).isEqualTo(text);
    }

    @Property(tries = 3000)
    void randomTextEitherParsesOrSaysWhereItIsWrong(@ForAll("noise") String text) {
        assertParsesOrReportsWithinText(text);
    }

    @Property(tries = 2000)
    void aValidFormulaWithOneCharacterDamagedEitherParsesOrSaysWhere(@ForAll("trees") Expr tree,
            @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll("noiseChars") char replacement,
            @ForAll boolean delete) {
        String text = Formula.of(tree).toString();
        int i = at % text.length();
        assertParsesOrReportsWithinText(text.substring(0, i) + (delete ? "" : String.valueOf(replacement))
                + text.substring(i + 1));
    }

    private static void assertParsesOrReportsWithinText(String text) {
        Formula parsed;
        try {
            parsed = Formula.parse(text);
        } catch (FormulaException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(error -> {
                assertThat(error.rule()).isIn(SYNTAX_RULES);
                assertThat(error.position()).isBetween(0, text.length());
                assertThat(error.position() + error.length()).isLessThanOrEqualTo(text.length());
                assertThat(error.messageZh()).isNotBlank();
                assertThat(error.messageEn()).isNotBlank();
            });
            return;
        }
        assertThat(Formula.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("0123456789.eE+-*/()[]{}<>, \tsumaxbskWh#主（）\u0000").ofMaxLength(30);
    }

    @Provide
    Arbitrary<Character> noiseChars() {
        return Arbitraries.chars().with("0123456789.eE+-*/()[]{}<>, x主\n".toCharArray());
    }

    @Provide
    Arbitrary<Expr> trees() {
        return tree(4);
    }

    private Arbitrary<Expr> tree(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> tree(depth - 1));
        Arbitrary<Expr> neg = sub.map(Neg::new);
        Arbitrary<Expr> binary = Combinators.combine(Arbitraries.of(Op.class), sub, sub).as(Binary::new);
        Arbitrary<Expr> call = Arbitraries.of(Function.class).flatMap(f -> sub.list()
                .ofMinSize(f.minArgs()).ofMaxSize(Math.min(f.maxArgs(), 4)).map(args -> new Call(f, args)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf()), net.jqwik.api.Tuple.of(1, neg),
                net.jqwik.api.Tuple.of(4, binary), net.jqwik.api.Tuple.of(1, call));
    }

    private Arbitrary<Expr> leaf() {
        Arbitrary<BigDecimal> values = Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000_000_000L), Arbitraries.integers().between(-12, 12))
                .as(BigDecimal::valueOf);
        Arbitrary<Expr> num = Combinators.combine(values,
                Arbitraries.of("", "", "", "kWh", "kgce/kWh", "m3/h", "%", "万元", "t / 10^4m3")).as(Num::new);
        Arbitrary<Expr> point = Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789.-_ #{}()<>主变电量，")
                .ofMinLength(1).ofMaxLength(20).map(String::strip).filter(s -> !s.isEmpty()).map(PointRef::new);
        Arbitrary<Expr> item = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(16).map(ItemRef::new);
        return Arbitraries.oneOf(num, point, item);
    }
}
