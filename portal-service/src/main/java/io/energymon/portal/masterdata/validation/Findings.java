package io.energymon.portal.masterdata.validation;

import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the findings of one validation under a field prefix ({@code points[m1.energy]}), with the small rules
 * every form needs (required, pattern, range), each bilingual and naming the field, the rule and the expected form.
 */
final class Findings {
    private final List<Violation> out;
    private final String prefix;

    Findings(List<Violation> out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    static Findings root(List<Violation> out) {
        return new Findings(out, "");
    }

    Findings under(String path) {
        return new Findings(out, field(path));
    }

    String field(String name) {
        if (name.isEmpty()) {
            return prefix;
        }
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    void add(ValidationResult r, String name) {
        r.violations().forEach(v -> out.add(v.forField(field(name))));
    }

    void error(String name, String rule, String expected, String zh, String en) {
        out.add(Violation.error(field(name), rule, expected, zh, en));
    }

    void warning(String name, String rule, String expected, String zh, String en) {
        out.add(Violation.warning(field(name), rule, expected, zh, en));
    }

    /** @return true when present */
    boolean required(String name, Object value, String labelZh, String labelEn) {
        if (value == null || value instanceof String s && s.isBlank()) {
            error(name, "required", "a value", labelZh + "不能为空", labelEn + " is required");
            return false;
        }
        return true;
    }

    void maxLength(String name, String value, int max, String labelZh, String labelEn) {
        if (value != null && value.length() > max) {
            error(name, "max-length", "at most " + max + " characters",
                    labelZh + "过长：最多" + max + "个字符，实际" + value.length() + "个",
                    labelEn + " too long: at most " + max + " characters, got " + value.length());
        }
    }

    void pattern(String name, String value, Pattern p, String expected, String labelZh, String labelEn) {
        if (value != null && !p.matcher(value).matches()) {
            error(name, "format", expected, labelZh + "格式错误：应为 " + expected + "，实际为“" + value + "”",
                    labelEn + " malformed: expected " + expected + ", got '" + value + "'");
        }
    }

    void range(String name, Number value, long min, long max, String labelZh, String labelEn) {
        if (value != null && (value.longValue() < min || value.longValue() > max
                || value.doubleValue() != Math.rint(value.doubleValue()))) {
            error(name, "range", min + ".." + max, labelZh + "超出范围：应为" + min + "至" + max + "，实际为" + value,
                    labelEn + " out of range: expected " + min + ".." + max + ", got " + value);
        }
    }

    void reference(String name, String value, boolean exists, String targetZh, String targetEn) {
        if (value != null && !value.isBlank() && !exists) {
            error(name, "reference", "an existing " + targetEn,
                    "引用的" + targetZh + "“" + value + "”不存在", "Referenced " + targetEn + " '" + value
                            + "' does not exist");
        }
    }
}
