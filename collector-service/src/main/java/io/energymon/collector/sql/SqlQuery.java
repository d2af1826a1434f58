package io.energymon.collector.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A point's query, checked and translated for JDBC: one {@code SELECT} (or {@code WITH ... SELECT}) statement whose
 * named parameters ({@code :slot_start}, {@code :slot_end}, {@code :watermark}) become {@code ?} placeholders, the
 * values being bound by the driver (never concatenated into the text).
 *
 * <p>The scan knows the lexical parts where a colon or a semicolon is not one: string literals ({@code '...'} with
 * {@code ''}, {@code E'...'} with backslash escapes), quoted identifiers ({@code "..."}), dollar-quoted strings
 * ({@code $$...$$}, {@code $tag$...$tag$}), line comments ({@code -- ...}) and block comments
 * ({@code /* ... *}{@code /}, nested as in PostgreSQL); {@code ::} casts and {@code :=} are left as they are.
 * Refused, with a bilingual reason: a statement that does not start with {@code SELECT} or {@code WITH}, a second
 * statement after a {@code ;}, a bare {@code ?} (drivers would take it for a placeholder), an unknown parameter and
 * an unterminated literal or comment.
 * This check is the first line; the read-only connection (see {@link SqlSource}) is the guarantee.
 *
 * @param sql        the text given to {@code Connection.prepareStatement}
 * @param parameters the parameter bound to each placeholder, in order (a name may appear several times)
 */
public record SqlQuery(String sql, List<String> parameters) {
    public static final String SLOT_START = "slot_start";
    public static final String SLOT_END = "slot_end";
    public static final String WATERMARK = "watermark";

    public SqlQuery {
        parameters = List.copyOf(parameters);
    }

    /** Refusal of a query, with a bilingual message. */
    public static final class InvalidQueryException extends IllegalArgumentException {
        InvalidQueryException(String zh, String en) {
            super("查询语句无效 / invalid query: " + zh + " / " + en);
        }
    }

    /**
     * Checks and translates a query.
     *
     * @param query   the configured text
     * @param allowed the parameter names it may use
     * @throws InvalidQueryException when it is not one SELECT statement or uses another parameter
     */
    public static SqlQuery parse(String query, Set<String> allowed) {
        if (query == null || query.isBlank()) {
            throw new InvalidQueryException("未填写查询语句（应为 SELECT 查询）", "no query (a SELECT is expected)");
        }
        StringBuilder out = new StringBuilder(query.length());
        List<String> params = new ArrayList<>();
        String firstWord = null;
        int n = query.length();
        int i = 0;
        int statementEnd = -1; // index of a ';' ending the statement
        while (i < n) {
            char c = query.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                boolean backslash = c == '\'' && i > 0 && (query.charAt(i - 1) == 'E' || query.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentifierPart(query.charAt(i - 2)));
                end = quotedEnd(query, i, c, backslash);
            } else if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
                int nl = query.indexOf('\n', i);
                end = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                end = blockCommentEnd(query, i);
            } else if (c == '$' && (i == 0 || !isIdentifierPart(query.charAt(i - 1)))
                    && dollarTag(query, i) != null) {
                String tag = dollarTag(query, i);
                int close = query.indexOf(tag, i + tag.length());
                if (close < 0) {
                    throw new InvalidQueryException("美元符号引用的字符串 " + tag + " 未结束", "unterminated " + tag
                            + " string");
                }
                end = close + tag.length();
            } else if (c == ':' && i + 1 < n && query.charAt(i + 1) == ':') {
                end = i + 2; // cast
            } else if (c == ':' && i + 1 < n && isIdentifierStart(query.charAt(i + 1))
                    && (i == 0 || query.charAt(i - 1) != ':')) {
                int j = i + 1;
                while (j < n && isIdentifierPart(query.charAt(j))) {
                    j++;
                }
                String name = query.substring(i + 1, j).toLowerCase(Locale.ROOT);
                if (!allowed.contains(name)) {
                    throw new InvalidQueryException("未知参数 :" + name + "，可用参数为 " + names(allowed),
                            "unknown parameter :" + name + ", the parameters are " + names(allowed));
                }
                params.add(name);
                out.append('?');
                i = j;
                continue;
            } else if (c == '?') {
                throw new InvalidQueryException("不能使用 ?，请使用命名参数 " + names(allowed),
                        "a bare ? is not allowed, use the named parameters " + names(allowed));
            } else if (c == ';') {
                statementEnd = i;
                break;
            } else if (isIdentifierStart(c) && (i == 0 || !isIdentifierPart(query.charAt(i - 1)))) {
                int j = i + 1;
                while (j < n && isIdentifierPart(query.charAt(j))) {
                    j++;
                }
                if (firstWord == null) {
                    firstWord = query.substring(i, j).toLowerCase(Locale.ROOT);
                }
                end = j;
            } else {
                end = i + 1;
            }
            out.append(query, i, end);
            i = end;
        }
        if (statementEnd >= 0 && !onlyBlanksAndComments(query, statementEnd + 1)) {
            throw new InvalidQueryException("只能有一条语句（分号后还有内容）",
                    "only one statement is allowed (there is more after the ';')");
        }
        if (firstWord == null || !firstWord.equals("select") && !firstWord.equals("with")) {
            throw new InvalidQueryException("查询语句只能是 SELECT 查询（以 SELECT 或 WITH 开头），实际以“"
                    + (firstWord == null ? "" : firstWord) + "”开头",
                    "the query must be a SELECT (starting with SELECT or WITH), it starts with '"
                            + (firstWord == null ? "" : firstWord) + "'");
        }
        return new SqlQuery(out.toString().strip(), params);
    }

    /** Whether the query uses the parameter. */
    public boolean uses(String name) {
        return parameters.contains(name);
    }

    private static String names(Set<String> allowed) {
        StringBuilder sb = new StringBuilder();
        for (String a : new TreeSet<>(allowed)) {
            sb.append(sb.isEmpty() ? "" : ", ").append(':').append(a);
        }
        return sb.isEmpty() ? "(none)" : sb.toString();
    }

    private static int quotedEnd(String q, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < q.length() && q.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw quote == '\'' ? new InvalidQueryException("字符串未结束", "unterminated string literal")
                : new InvalidQueryException("带引号的标识符未结束", "unterminated quoted identifier");
    }

    private static int blockCommentEnd(String q, int start) {
        int depth = 0;
        int i = start;
        while (i < q.length()) {
            if (q.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (q.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new InvalidQueryException("注释未结束", "unterminated comment");
    }

    /** The opening tag ($$ or $tag$) of a dollar-quoted string at {@code i}, or null. */
    private static String dollarTag(String q, int i) {
        int j = i + 1;
        if (j < q.length() && isIdentifierStart(q.charAt(j))) {
            j++;
            while (j < q.length() && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '_')) {
                j++;
            }
        }
        return j < q.length() && q.charAt(j) == '$' ? q.substring(i, j + 1) : null;
    }

    private static boolean onlyBlanksAndComments(String q, int from) {
        int i = from;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (q.startsWith("--", i)) {
                int nl = q.indexOf('\n', i);
                i = nl < 0 ? q.length() : nl + 1;
            } else if (q.startsWith("/*", i)) {
                i = blockCommentEnd(q, i);
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
