package io.energymon.formula;

import io.energymon.formula.Expr.Binary;
import io.energymon.formula.Expr.Call;
import io.energymon.formula.Expr.Function;
import io.energymon.formula.Expr.ItemRef;
import io.energymon.formula.Expr.Neg;
import io.energymon.formula.Expr.Num;
import io.energymon.formula.Expr.Op;
import io.energymon.formula.Expr.PointRef;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive descent parser; stops at the first syntax error. Grammar:
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := '-' unary | primary
 * primary := number ('&lt;' unit '&gt;')? | '[' pointId ']' | '{' code '}' | name '(' expr (',' expr)* ')' | '(' expr ')'
 * </pre>
 * Full-width operators, parentheses and commas (as typed with a Chinese input method) are read as their ASCII forms.
 */
final class Parser {

    static final int MAX_LENGTH = 20_000;
    static final int MAX_DEPTH = 200;
    static final int MAX_SCALE = 100;

    /** What a parse gives: the tree, the source span of each node (the operator's for a binary node), the refs. */
    record Result(Expr root, Map<Expr, Span> spans, List<Reference> references) {
    }

    private final String text;
    private final Map<Expr, Span> spans = new IdentityHashMap<>();
    private final Map<Expr, Integer> heights = new IdentityHashMap<>();
    private final List<Reference> references = new ArrayList<>();
    private int pos;
    private int nesting;

    private Parser(String text) {
        this.text = text;
    }

    static Result parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FormulaException(new FormulaError(FormulaError.EMPTY, 0, 0, "公式为空", "the formula is empty"));
        }
        Parser p = new Parser(text);
        if (text.length() > MAX_LENGTH) {
            throw p.fail(MAX_LENGTH, 0, "公式超过" + MAX_LENGTH + "个字符", "formula longer than " + MAX_LENGTH + " characters");
        }
        Expr root = p.expression();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.startsOperand() ? p.missingOperator()
                    : p.peek() == ')' ? p.fail(p.pos, 1, "多余的右括号 ')'", "unmatched ')'")
                    : p.fail(p.pos, p.charLength(), "多余的内容 '" + p.current() + "'", "unexpected '" + p.current() + "'");
        }
        return new Result(root, p.spans, p.references);
    }

    private Expr expression() {
        Expr left = term();
        for (skipSpace(); peek() == '+' || peek() == '-'; skipSpace()) {
            int at = pos++;
            left = node(new Binary(peek(at) == '+' ? Op.ADD : Op.SUB, left, term()), at, 1);
        }
        return left;
    }

    private Expr term() {
        Expr left = unary();
        for (skipSpace(); peek() == '*' || peek() == '/'; skipSpace()) {
            int at = pos++;
            left = node(new Binary(peek(at) == '*' ? Op.MUL : Op.DIV, left, unary()), at, 1);
        }
        return left;
    }

    private Expr unary() {
        skipSpace();
        if (peek() != '-') {
            return primary();
        }
        int start = pos++;
        enter(start);
        Expr operand = unary();
        nesting--;
        return node(new Neg(operand), start, pos - start);
    }

    private Expr primary() {
        skipSpace();
        int start = pos;
        if (pos >= text.length() || ")+*/,".indexOf(peek()) >= 0) {
            throw fail(pos, pos >= text.length() ? 0 : 1,
                    "缺少运算数（数值、引用、函数或括号）", "expected a number, reference, function or '('");
        }
        char c = peek();
        if (isDigit(c) || c == '.') {
            return number();
        } else if (c == '[') {
            return pointRef();
        } else if (c == '{') {
            return itemRef();
        } else if (isLetter(c)) {
            return call();
        } else if (c == '(') {
            pos++;
            enter(start);
            Expr inner = expression();
            nesting--;
            expectClosing(')');
            return inner;
        }
        throw fail(pos, charLength(), "无法识别的字符 '" + current() + "'", "unexpected character '" + current() + "'");
    }

    private Expr number() {
        int start = pos;
        skipDigits();
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw fail(pos - 1, 1, "小数点后缺少数字", "digits expected after '.'");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw fail(start, pos - start, "数值的指数缺少数字", "exponent of the number lacks digits");
            }
            skipDigits();
        }
        BigDecimal value = null;
        try {
            value = new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            // exponent beyond int: reported below
        }
        if (value == null || Math.abs(value.scale()) > MAX_SCALE) {
            throw fail(start, pos - start, "数值超出范围", "number out of range");
        }
        int end = pos;
        skipSpace();
        if (peek() != '<') {
            pos = end;
            return node(new Num(value), start, end - start);
        }
        int open = pos;
        int close = text.indexOf('>', open);
        if (close < 0) {
            throw fail(open, text.length() - open, "单位缺少 '>'", "unit lacks its closing '>'");
        }
        String unit = text.substring(open + 1, close).strip();
        if (unit.isEmpty() || !Expr.isPlainText(unit, "<>")) {
            throw fail(open, close + 1 - open, "单位为空或含有非法字符", "unit is empty or has invalid characters");
        }
        pos = close + 1;
        return node(new Num(value, unit), start, pos - start);
    }

    private Expr pointRef() {
        int start = pos;
        int close = scanTo(']', "测点引用缺少 ']'", "point reference lacks its closing ']'");
        String id = text.substring(start + 1, close);
        int bad = firstIndexOf(id, c -> c == '[' || Character.isISOControl(c));
        if (bad >= 0) {
            throw fail(start + 1 + bad, 1, "测点编号中有非法字符", "invalid character in the point id");
        }
        if (id.isBlank()) {
            throw fail(start, close + 1 - start, "测点编号为空", "empty point id");
        }
        pos = close + 1;
        PointRef ref = new PointRef(id);
        references.add(new Reference(Reference.Kind.POINT, ref.pointId(), start, pos - start));
        return node(ref, start, pos - start);
    }

    private Expr itemRef() {
        int start = pos;
        int close = scanTo('}', "数据项引用缺少 '}'", "data item reference lacks its closing '}'");
        String raw = text.substring(start + 1, close);
        String code = raw.strip();
        int bad = firstIndexOf(code, c -> !isDigit((char) c) && c != '-');
        if (bad >= 0 || code.chars().noneMatch(c -> isDigit((char) c))) {
            int at = bad >= 0 ? start + 1 + raw.indexOf(code) + bad : start;
            throw fail(at, bad >= 0 ? 1 : close + 1 - start,
                    "数据项编码只能由数字和 '-' 组成", "a data item code consists of digits and '-'");
        }
        pos = close + 1;
        ItemRef ref = new ItemRef(code);
        references.add(new Reference(Reference.Kind.ITEM, ref.code(), start, pos - start));
        return node(ref, start, pos - start);
    }

    private Expr call() {
        int start = pos;
        while (isLetter(peek())) {
            pos++;
        }
        String name = text.substring(start, pos);
        Function function;
        try {
            function = Function.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FormulaException(FormulaError.at(FormulaError.UNKNOWN_FUNCTION, start, pos - start,
                    "未知函数 '" + name + "'（可用：sum、min、max、abs）",
                    "unknown function '" + name + "' (known: sum, min, max, abs)"));
        }
        skipSpace();
        if (peek() != '(') {
            throw fail(pos, charLength(), "函数名后缺少 '('", "expected '(' after the function name");
        }
        pos++;
        enter(start);
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (peek() != ')') {
            args.add(expression());
            for (skipSpace(); peek() == ','; skipSpace()) {
                pos++;
                args.add(expression());
            }
        }
        nesting--;
        expectClosing(')');
        if (args.size() < function.minArgs() || args.size() > function.maxArgs()) {
            String n = function.minArgs() == function.maxArgs() ? "exactly " + function.minArgs() : "at least " + function.minArgs();
            throw fail(start, pos - start, "函数 " + function.text() + " 的参数个数不对（需要" + function.arity() + "个）",
                    function.text() + " takes " + n + " argument(s)");
        }
        return node(new Call(function, args), start, pos - start);
    }

    // ---- helpers ----

    /** Records the node's span and refuses trees deeper than MAX_DEPTH (evaluation is recursive). */
    private Expr node(Expr e, int start, int length) {
        int height = 1 + switch (e) {
            case Binary b -> Math.max(heights.get(b.left()), heights.get(b.right()));
            case Neg n -> heights.get(n.operand());
            case Call c -> c.args().stream().mapToInt(heights::get).max().orElse(0);
            case Num n -> 0;
            case PointRef r -> 0;
            case ItemRef r -> 0;
        };
        if (height > MAX_DEPTH) {
            throw fail(start, length, "公式层次超过" + MAX_DEPTH + "层，长串加法请改用 sum()",
                    "formula nested deeper than " + MAX_DEPTH + " levels; use sum() instead of long chains of '+'");
        }
        heights.put(e, height);
        spans.put(e, new Span(start, length));
        return e;
    }

    private void enter(int at) {
        if (++nesting > MAX_DEPTH) {
            throw fail(at, 1, "嵌套超过" + MAX_DEPTH + "层", "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expectClosing(char closing) {
        skipSpace();
        if (startsOperand()) {
            throw missingOperator();
        }
        if (peek() != closing) {
            throw fail(pos, pos >= text.length() ? 0 : charLength(), "缺少右括号 '" + closing + "'", "missing '" + closing + "'");
        }
        pos++;
    }

    private boolean startsOperand() {
        char c = peek();
        return pos < text.length() && (isDigit(c) || isLetter(c) || "[{(.".indexOf(c) >= 0);
    }

    private FormulaException missingOperator() {
        return fail(pos, charLength(), "缺少运算符（+ - * /）", "missing operator (+ - * /)");
    }

    /** Index of {@code closing} after pos; fails at pos when the text ends first. */
    private int scanTo(char closing, String zh, String en) {
        int close = text.indexOf(closing, pos + 1);
        if (close < 0) {
            throw fail(pos, text.length() - pos, zh, en);
        }
        return close;
    }

    private static int firstIndexOf(String s, java.util.function.IntPredicate p) {
        for (int i = 0; i < s.length(); i++) {
            if (p.test(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private FormulaException fail(int at, int length, String zh, String en) {
        return new FormulaException(FormulaError.at(FormulaError.SYNTAX, at, length, zh, en));
    }

    private void skipSpace() {
        while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || Character.isSpaceChar(text.charAt(pos)))) {
            pos++;
        }
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private char peek() {
        return peek(pos);
    }

    /** The character at i with full-width operators mapped to ASCII; '\0' past the end. */
    private char peek(int i) {
        if (i >= text.length()) {
            return '\0';
        }
        char c = text.charAt(i);
        return switch (c) {
            case '（' -> '(';
            case '）' -> ')';
            case '，' -> ',';
            case '＋' -> '+';
            case '－' -> '-';
            case '＊', '×' -> '*';
            case '／', '÷' -> '/';
            default -> c;
        };
    }

    private int charLength() {
        return pos >= text.length() ? 0 : Character.charCount(text.codePointAt(pos));
    }

    private String current() {
        return text.substring(pos, pos + charLength());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
