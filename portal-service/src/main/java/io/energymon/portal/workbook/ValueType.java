package io.energymon.portal.workbook;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.NumberToTextConverter;

/**
 * How a column's cells are written as text (CSV, text cells) and parsed back. Parsing is lenient where a person
 * typing into Excel would expect it (a number typed into a code column, {@code 是}/{@code 否} for booleans, a real date
 * cell) and strict where a guess could change the meaning (no locale-specific decimals, no durations without ISO form).
 */
enum ValueType {
    /** Free text, kept exactly (names, addresses, queries, formulas). */
    TEXT("文本", "text"),
    /** A code, an identifier or a value of a fixed list: surrounding blanks removed. */
    CODE("编码/标识", "code or identifier"),
    /** A whole number. */
    INTEGER("整数", "whole number"),
    /** A decimal number, kept with every digit (written as text). */
    DECIMAL("数值（按文本保存，保留全部位数）", "decimal (stored as text, every digit kept)"),
    /** A date {@code yyyy-MM-dd} (in a workbook a real date cell). */
    DATE("日期 yyyy-MM-dd", "date yyyy-MM-dd"),
    /** An ISO-8601 duration such as {@code PT15M} or {@code PT2S}. */
    DURATION("时长 ISO-8601，如 PT15M、PT2S", "ISO-8601 duration, e.g. PT15M, PT2S"),
    /** {@code true} or {@code false}. */
    BOOLEAN("是否 true/false", "true/false"),
    /** A constant of a Java enum (upper case). */
    ENUM("枚举值", "one of a fixed list"),
    /** Whole numbers separated by commas, e.g. {@code 0,1,2}. */
    INTEGER_LIST("整数列表，逗号分隔，如 0,1,2", "whole numbers separated by commas, e.g. 0,1,2"),
    /** A time zone id such as {@code Asia/Shanghai}. */
    ZONE("时区，如 Asia/Shanghai", "time zone id, e.g. Asia/Shanghai");

    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d");
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("uuuu-M-d");

    final String describeZh;
    final String describeEn;

    ValueType(String describeZh, String describeEn) {
        this.describeZh = describeZh;
        this.describeEn = describeEn;
    }

    /** Why a cell cannot be parsed: a rule id, the expected form and a bilingual message. */
    static final class BadValue extends RuntimeException {
        final String rule;
        final String expected;
        final String messageZh;
        final String messageEn;

        BadValue(String rule, String expected, String messageZh, String messageEn) {
            super(messageEn, null, false, false);
            this.rule = rule;
            this.expected = expected;
            this.messageZh = messageZh;
            this.messageEn = messageEn;
        }
    }

    /** The text form of a value (CSV fields, text cells); null stays null. */
    String format(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case INTEGER_LIST -> ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","));
            case ZONE -> ((ZoneId) value).getId();
            case ENUM -> value instanceof Enum<?> e ? e.name() : value.toString();
            default -> value.toString();
        };
    }

    /**
     * The value of a non-blank cell: String (TEXT, CODE, ENUM), Integer, BigDecimal, LocalDate, Duration, Boolean,
     * List of Integer or ZoneId.
     *
     * @param choices the allowed values of an ENUM (or the suggested values of a CODE, matched ignoring case)
     * @throws BadValue when the cell does not hold a value of this type
     */
    Object parse(RawCell cell, List<String> choices) {
        if (cell instanceof RawCell.Error e) {
            throw new BadValue("cell.error", describeEn, "单元格为错误值 " + e.code(), "cell holds the error " + e.code());
        }
        return switch (this) {
            case TEXT -> cell instanceof RawCell.Text t ? t.value() : cell.display();
            case CODE -> choice(cell.display().strip(), choices, false);
            case ENUM -> choice(cell.display().strip(), choices, true);
            case INTEGER -> integer(cell);
            case DECIMAL -> decimal(cell);
            case DATE -> date(cell);
            case DURATION -> duration(cell);
            case BOOLEAN -> bool(cell);
            case INTEGER_LIST -> integers(cell);
            case ZONE -> zone(cell);
        };
    }

    private static String choice(String text, List<String> choices, boolean strict) {
        for (String c : choices) {
            if (c.equalsIgnoreCase(text)) {
                return c;
            }
        }
        if (strict) {
            String expected = String.join(", ", choices);
            throw new BadValue("cell.enum", expected, "“" + text + "”不是可选值：应为 " + expected + " 之一",
                    "'" + text + "' is not allowed: expected one of " + expected);
        }
        return text;
    }

    private static Integer integer(RawCell cell) {
        BigDecimal d = switch (cell) {
            case RawCell.Number n -> new BigDecimal(NumberToTextConverter.toText(n.value()));
            case RawCell.Text t -> parseDecimal(t.value().strip(), "cell.integer", "a whole number", "整数",
                    "a whole number");
            default -> throw notInteger(cell.display());
        };
        try {
            return d.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw notInteger(cell.display());
        }
    }

    private static BadValue notInteger(String text) {
        return new BadValue("cell.integer", "a whole number from -2147483648 to 2147483647",
                "“" + text + "”不是整数", "'" + text + "' is not a whole number");
    }

    private static BigDecimal decimal(RawCell cell) {
        return switch (cell) {
            case RawCell.Number n -> new BigDecimal(NumberToTextConverter.toText(n.value()));
            case RawCell.Text t -> parseDecimal(t.value().strip(), "cell.decimal", "a decimal number, e.g. 0.01",
                    "数值", "a number");
            default -> throw new BadValue("cell.decimal", "a decimal number, e.g. 0.01",
                    "“" + cell.display() + "”不是数值", "'" + cell.display() + "' is not a number");
        };
    }

    private static BigDecimal parseDecimal(String text, String rule, String expected, String zh, String en) {
        try {
            if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?")) {
                throw new NumberFormatException(text);
            }
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new BadValue(rule, expected, "“" + text + "”不是" + zh, "'" + text + "' is not " + en);
        }
    }

    private static LocalDate date(RawCell cell) {
        String expected = "a date yyyy-MM-dd, e.g. 2026-01-10";
        if (cell instanceof RawCell.Number n) {
            if (DateUtil.isValidExcelDate(n.value()) && n.value() >= 1) {
                LocalDateTime t = DateUtil.getLocalDateTime(n.value());
                if (t != null) {
                    return t.toLocalDate();
                }
            }
            throw new BadValue("cell.date", expected, "“" + cell.display() + "”不是日期（应为 yyyy-MM-dd）",
                    "'" + cell.display() + "' is not a date (expected yyyy-MM-dd)");
        }
        String text = cell.display().strip();
        for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE, DASHED, SLASHED)) {
            try {
                return LocalDate.parse(text, f);
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        throw new BadValue("cell.date", expected, "“" + text + "”不是日期（应为 yyyy-MM-dd）",
                "'" + text + "' is not a date (expected yyyy-MM-dd)");
    }

    private static Duration duration(RawCell cell) {
        String text = cell.display().strip();
        try {
            if (cell instanceof RawCell.Text) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new BadValue("cell.duration", "an ISO-8601 duration, e.g. PT15M, PT1H, PT2S",
                "“" + text + "”不是 ISO-8601 时长（如 PT15M、PT1H、PT2S）",
                "'" + text + "' is not an ISO-8601 duration (e.g. PT15M, PT1H, PT2S)");
    }

    private static Boolean bool(RawCell cell) {
        if (cell instanceof RawCell.Bool b) {
            return b.value();
        }
        String text = cell.display().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "y", "1", "是", "t" -> true;
            case "false", "no", "n", "0", "否", "f" -> false;
            default -> throw new BadValue("cell.boolean", "true or false", "“" + cell.display() + "”不是 true 或 false",
                    "'" + cell.display() + "' is not true or false");
        };
    }

    private static List<Integer> integers(RawCell cell) {
        if (cell instanceof RawCell.Number) {
            return List.of(integer(cell));
        }
        List<Integer> out = new ArrayList<>();
        for (String part : cell.display().strip().split("[,，;；\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                out.add(integer(new RawCell.Text(part)));
            } catch (BadValue e) {
                throw new BadValue("cell.integer-list", "whole numbers separated by commas, e.g. 0,1,2",
                        "“" + cell.display() + "”不是逗号分隔的整数列表（如 0,1,2）",
                        "'" + cell.display() + "' is not a list of whole numbers separated by commas (e.g. 0,1,2)");
            }
        }
        return List.copyOf(out);
    }

    private static ZoneId zone(RawCell cell) {
        String text = cell.display().strip();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new BadValue("cell.zone", "a time zone id, e.g. Asia/Shanghai",
                    "“" + text + "”不是时区标识（如 Asia/Shanghai）", "'" + text + "' is not a time zone id (e.g. Asia/Shanghai)");
        }
    }
}
