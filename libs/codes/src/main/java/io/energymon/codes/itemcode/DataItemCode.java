package io.energymon.codes.itemcode;

import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A data item code 采集数据项编码 as typed segments under a {@link LayoutProfile}.
 *
 * @param profile         the layout
 * @param process         2 digits, {@code 00} for the whole plant
 * @param processUnit     2 digits
 * @param equipmentType   2 digits
 * @param equipmentSerial 2 (NHJC16) or 3 (DB36_17) digits
 * @param dataClass       2 digits (Table 4)
 * @param subjectCode     4 digits: energy type, working medium, product or indicator code
 * @param useCode         2 digits (数据用途, from the platform's code list)
 */
public record DataItemCode(LayoutProfile profile, String process, String processUnit, String equipmentType,
                           String equipmentSerial, String dataClass, String subjectCode, String useCode) {

    public DataItemCode {
        Objects.requireNonNull(profile, "profile");
        List<Violation> out = new ArrayList<>();
        segment(out, "process", process, 2, "生产工序", "process");
        segment(out, "processUnit", processUnit, 2, "工序单元", "process unit");
        segment(out, "equipmentType", equipmentType, profile.equipmentTypeDigits(), "设备类型", "equipment type");
        segment(out, "equipmentSerial", equipmentSerial, profile.equipmentSerialDigits(), "设备编号",
                "equipment serial");
        segment(out, "dataClass", dataClass, 2, "数据类型", "data class");
        segment(out, "subjectCode", subjectCode, 4, "能源品种/耗能工质/产品/指标编码",
                "energy/medium/product/indicator code");
        segment(out, "useCode", useCode, 2, "数据用途", "use code");
        new ValidationResult(out).throwIfInvalid();
    }

    /**
     * Parses a code of the given layout, bare or hyphenated.
     *
     * @throws CodeFormatException with the expected form when it does not match the layout
     */
    public static DataItemCode parse(String text, LayoutProfile profile) {
        ValidationResult r = validateFormat("dataCode", text, profile);
        if (!r.isValid()) {
            throw new CodeFormatException(r);
        }
        String bare = text.replace("-", "");
        int e = 4 + profile.equipmentTypeDigits();
        int s = 4 + profile.equipmentDigits();
        return new DataItemCode(profile, bare.substring(0, 2), bare.substring(2, 4), bare.substring(4, e),
                bare.substring(e, s), bare.substring(s, s + 2), bare.substring(s + 2, s + 6),
                bare.substring(s + 6, s + 8));
    }

    /** Parses a code, choosing the layout by its length (16/20 characters NHJC16, 17/21 DB36_17). */
    public static DataItemCode parse(String text) {
        for (LayoutProfile p : LayoutProfile.values()) {
            if (text != null && (text.length() == p.length() || text.length() == p.hyphenatedLength())) {
                return parse(text, p);
            }
        }
        throw new CodeFormatException(ValidationResult.of(Violation.error("dataCode", "item-code.length",
                "16/17 digits or PP-UU-EEEE-CCTTTT-DD / PP-UU-EEEEE-CCTTTT-DD",
                "采集数据项编码长度错误：应为16或17位数字（或带连字符的20或21位），实际为“" + text + "”",
                "Data item code length wrong: expected 16 or 17 digits (20 or 21 characters with hyphens), got '"
                        + text + "'")));
    }

    /** Checks that a text is a code of the layout, bare or with hyphens exactly where the pattern has them. */
    public static ValidationResult validateFormat(String field, String text, LayoutProfile profile) {
        String expected = profile.length() + " digits or " + profile.pattern();
        if (text != null && text.length() == profile.length() && text.chars().allMatch(Character::isDigit)
                && text.chars().allMatch(c -> c < 128)) {
            return ValidationResult.ok();
        }
        if (text != null && text.length() == profile.hyphenatedLength()) {
            String pattern = profile.pattern();
            boolean ok = true;
            for (int i = 0; i < pattern.length() && ok; i++) {
                char p = pattern.charAt(i);
                char c = text.charAt(i);
                ok = p == '-' ? c == '-' : c >= '0' && c <= '9';
            }
            if (ok) {
                return ValidationResult.ok();
            }
        }
        return ValidationResult.of(Violation.error(field, "item-code.format", expected,
                "采集数据项编码格式错误（" + profile + "）：应为" + profile.length() + "位数字或 " + profile.pattern()
                        + "，实际为“" + text + "”",
                "Data item code malformed (" + profile + "): expected " + profile.length() + " digits or "
                        + profile.pattern() + ", got '" + text + "'"));
    }

    /** The equipment segment (type + serial). */
    public String equipment() {
        return equipmentType + equipmentSerial;
    }

    /** The bare digits. */
    public String format() {
        return process + processUnit + equipment() + dataClass + subjectCode + useCode;
    }

    /** {@code PP-UU-EEEE-CCTTTT-DD} (NHJC16) or {@code PP-UU-EEEEE-CCTTTT-DD} (DB36_17). */
    public String formatHyphenated() {
        return process + "-" + processUnit + "-" + equipment() + "-" + dataClass + subjectCode + "-" + useCode;
    }

    /** The same code with the segments narrower than the scope set to zeros. */
    public DataItemCode withScope(Scope scope) {
        String p = scope == Scope.ENTERPRISE ? "00" : process;
        String u = scope.code() <= Scope.PROCESS.code() ? "00" : processUnit;
        boolean noEquipment = scope.code() <= Scope.PROCESS_UNIT.code();
        String et = noEquipment ? "0".repeat(equipmentType.length()) : equipmentType;
        String es = noEquipment ? "0".repeat(equipmentSerial.length()) : equipmentSerial;
        return new DataItemCode(profile, p, u, et, es, dataClass, subjectCode, useCode);
    }

    /** The same segments under another layout (equipment serial widened with a leading zero, or narrowed). */
    public DataItemCode toProfile(LayoutProfile target) {
        if (target == profile) {
            return this;
        }
        int n = target.equipmentSerialDigits();
        String serial = equipmentSerial.length() < n ? "0".repeat(n - equipmentSerial.length()) + equipmentSerial
                : equipmentSerial.substring(equipmentSerial.length() - n);
        if (equipmentSerial.length() > n && equipmentSerial.charAt(0) != '0') {
            throw new CodeFormatException(ValidationResult.of(Violation.error("equipmentSerial",
                    "item-code.serial-too-wide", n + " digits",
                    "设备编号“" + equipmentSerial + "”超出 " + target + " 的" + n + "位",
                    "Equipment serial '" + equipmentSerial + "' does not fit the " + n + " digits of " + target)));
        }
        return new DataItemCode(target, process, processUnit, equipmentType, serial, dataClass, subjectCode, useCode);
    }

    @Override
    public String toString() {
        return formatHyphenated();
    }

    private static void segment(List<Violation> out, String field, String value, int digits, String zh, String en) {
        if (value != null && value.length() == digits && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return;
        }
        out.add(Violation.error(field, "item-code.segment", digits + " digits",
                "采集数据项编码的" + zh + "段错误：应为" + digits + "位数字，实际为“" + value + "”",
                "Data item code segment " + en + " wrong: expected " + digits + " digits, got '" + value + "'"));
    }
}
