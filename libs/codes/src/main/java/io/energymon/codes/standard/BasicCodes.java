package io.energymon.codes.standard;

import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

/** Format checks of the 2-digit codes of §7.5 (process 生产工序) and §7.6 (process unit 工序单元). */
public final class BasicCodes {

    private BasicCodes() {
    }

    /** A process code: 2 digits (§7.5); {@code 00} stands for the whole plant in a data item code. */
    public static ValidationResult validateProcess(String field, String code) {
        return digits(field, code, 2, "process.format", "生产工序编码", "Process code");
    }

    /** A process unit code: 2 digits (§7.6). */
    public static ValidationResult validateProcessUnit(String field, String code) {
        return digits(field, code, 2, "process-unit.format", "工序单元编码", "Process unit code");
    }

    static ValidationResult digits(String field, String code, int length, String rule, String zh, String en) {
        if (code != null && code.length() == length && code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return ValidationResult.ok();
        }
        return ValidationResult.of(Violation.error(field, rule, length + " digits",
                zh + "格式错误：应为" + length + "位数字，实际为“" + code + "”",
                en + " malformed: expected " + length + " digits, got '" + code + "'"));
    }
}
