package io.energymon.formula;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * An immutable, parsed formula of a data item: {@code [point-id]}, {@code {dataCode}}, numbers (optionally typed,
 * {@code 0.1229<kgce/kWh>}), {@code + - * /}, unary minus, parentheses, {@code sum/min/max/abs(...)}.
 * Two formulas are equal when their trees are equal, whatever their spacing; {@link #toString()} is the canonical text.
 */
public final class Formula {

    private final String text;
    private final Expr root;
    private final Map<Expr, Span> spans;
    private final List<Reference> references;
    private final String canonical;

    private Formula(String text, Parser.Result parsed) {
        this.text = text;
        this.root = parsed.root();
        this.spans = Collections.unmodifiableMap(parsed.spans());
        this.references = List.copyOf(parsed.references());
        this.canonical = Formatter.format(root);
    }

    /** Parses a formula; throws {@link FormulaException} with the position of the first syntax error. */
    public static Formula parse(String text) {
        return new Formula(text, Parser.parse(text));
    }

    /** The formula of a tree built in code; its text is the canonical text. */
    public static Formula of(Expr root) {
        return parse(Formatter.format(root));
    }

    /**
     * A data item code as formulas reference it: surrounding whitespace and hyphens removed. Lenient (no validation,
     * null gives ""), so a map keyed by user input never fails here; a code that is not digits matches no reference.
     */
    public static String bareCode(String itemCode) {
        return itemCode == null ? "" : itemCode.strip().replace("-", "");
    }

    /** The text as given to {@link #parse}. */
    public String text() {
        return text;
    }

    public Expr root() {
        return root;
    }

    /** Every reference occurrence in text order, with its position. */
    public List<Reference> references() {
        return references;
    }

    /** The distinct point ids referenced, in order of first appearance. */
    public SequencedSet<String> pointRefs() {
        return keys(Reference.Kind.POINT);
    }

    /** The distinct data item codes referenced (bare digits), in order of first appearance. */
    public SequencedSet<String> itemRefs() {
        return keys(Reference.Kind.ITEM);
    }

    /** Unknown references and unit problems; empty when the formula may be saved. */
    public List<FormulaError> check(UnitContext context) {
        return new UnitChecker(this, context).check();
    }

    /** The value for one period, or the references still without a value, or why it cannot be computed. */
    public Evaluation evaluate(ValueSource source) {
        return Evaluator.evaluate(this, source);
    }

    /** Where a node of this formula's tree is (for a binary node: its operator). */
    Span span(Expr node) {
        Span s = spans.get(node);
        return s != null ? s : new Span(0, text.length());
    }

    private SequencedSet<String> keys(Reference.Kind kind) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        references.stream().filter(r -> r.kind() == kind).forEach(r -> keys.add(r.key()));
        return Collections.unmodifiableSequencedSet(keys);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Formula f && root.equals(f.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    /** The canonical text, e.g. {@code [a] + 2 * sum({0001}, [b])}; parses back to an equal formula. */
    @Override
    public String toString() {
        return canonical;
    }
}
