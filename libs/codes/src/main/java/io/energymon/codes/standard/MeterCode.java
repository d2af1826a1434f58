package io.energymon.codes.standard;

import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * A meter code 计量器具编码 (§7.12): 8-digit meter type (JJF 1051, Table A.3) + level (1/2/3) + 3-digit serial
 * (001-999), 12 digits in all.
 */
public record MeterCode(String meterType, MeterLevel level, String serial) {

    public MeterCode {
        validate("meterCode", meterType + (level == null ? "" : level.code()) + serial).throwIfInvalid();
    }

    public static MeterCode parse(String code) {
        ValidationResult r = validate("meterCode", code);
        if (!r.isValid()) {
            throw new CodeFormatException(r);
        }
        return new MeterCode(code.substring(0, 8), MeterLevel.ofCode(code.substring(8, 9)).orElseThrow(),
                code.substring(9));
    }

    /**
     * Checks form, level and serial; a meter type that is not in Table A.3 gives a warning (JJF 1051 has more types
     * than the table lists).
     */
    public static ValidationResult validate(String field, String code) {
        ValidationResult format = BasicCodes.digits(field, code, 12, "meter.format", "计量器具编码", "Meter code");
        if (!format.isValid()) {
            return format;
        }
        List<Violation> out = new ArrayList<>();
        String level = code.substring(8, 9);
        if (MeterLevel.ofCode(level).isEmpty()) {
            out.add(Violation.error(field, "meter.level", "1, 2 or 3",
                    "计量器具等级代码（第9位）错误：应为1、2或3，实际为“" + level + "”",
                    "Meter level (position 9) wrong: expected 1, 2 or 3, got '" + level + "'"));
        }
        if (code.endsWith("000")) {
            out.add(Violation.error(field, "meter.serial", "001-999",
                    "计量器具序号（第10-12位）错误：应为001-999", "Meter serial (positions 10-12) wrong: expected 001-999"));
        }
        String type = code.substring(0, 8);
        if (!StandardTables.meterTypes().contains(type)) {
            out.add(Violation.warning(field, "meter.type-unlisted", "a code of Table A.3",
                    "计量器具类型代码“" + type + "”不在附录A表A.3中，请核对 JJF 1051",
                    "Meter type '" + type + "' is not in Table A.3; check it against JJF 1051"));
        }
        return new ValidationResult(out);
    }

    public String value() {
        return meterType + level.code() + serial;
    }

    @Override
    public String toString() {
        return value();
    }
}
