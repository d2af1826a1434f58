package io.energymon.codes.uscc;

import io.energymon.codes.division.DivisionTable;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import java.util.ArrayList;
import java.util.List;

/** Checks of a unified social credit code, each finding naming the rule and the expected form. */
public final class UsccValidator {

    /** The national-level region code used by registrations at central level (e.g. 91100000…). */
    public static final String NATIONAL_REGION = "100000";

    private static final String FORM = "18位，字符取自 0-9 A-H J-N P-R T U W-Y / 18 characters of 0-9 A-H J-N P-R T U W-Y";

    private UsccValidator() {
    }

    /** Format, alphabet, registration authority, region digits, embedded organization code and check character. */
    public static ValidationResult validateFormat(String field, String text) {
        List<Violation> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            out.add(Violation.error(field, "uscc.required", FORM,
                    "统一社会信用代码不能为空", "USCC is required"));
            return new ValidationResult(out);
        }
        if (text.length() != 18) {
            out.add(Violation.error(field, "uscc.length", "18",
                    "统一社会信用代码长度错误：应为18位，实际" + text.length() + "位",
                    "USCC length wrong: expected 18 characters, got " + text.length()));
            return new ValidationResult(out);
        }
        for (int i = 0; i < 18; i++) {
            char c = text.charAt(i);
            if (!UsccAlphabet.contains(c)) {
                out.add(Violation.error(field, "uscc.alphabet", FORM,
                        "统一社会信用代码第" + (i + 1) + "位字符“" + c + "”不合法：应为 0-9 A-H J-N P-R T U W-Y",
                        "USCC character '" + c + "' at position " + (i + 1)
                                + " is not allowed: expected one of 0-9 A-H J-N P-R T U W-Y"));
            }
        }
        if (!out.isEmpty()) {
            return new ValidationResult(out);
        }
        char expected = UsccAlphabet.checkCharacter(text.substring(0, 17));
        if (expected != text.charAt(17)) {
            out.add(Violation.error(field, "uscc.check-digit", String.valueOf(expected),
                    "统一社会信用代码校验位错误：应为 " + expected,
                    "USCC check digit wrong: expected " + expected));
        }
        var authority = RegistrationAuthority.ofCode(text.charAt(0));
        if (authority.isEmpty()) {
            out.add(Violation.error(field, "uscc.registration-authority", "1-9, A, N, Y",
                    "统一社会信用代码登记管理部门代码“" + text.charAt(0) + "”不存在：应为 1-9、A、N 或 Y",
                    "USCC registration authority '" + text.charAt(0) + "' unknown: expected 1-9, A, N or Y"));
        } else if (authority.get().hasKnownTypes()
                && authority.get().organizationTypeName(text.charAt(1)).isEmpty()) {
            out.add(Violation.warning(field, "uscc.organization-type", "a type of " + authority.get().nameEn(),
                    "统一社会信用代码机构类别“" + text.charAt(1) + "”不在" + authority.get().nameZh() + "的类别表中",
                    "USCC organization type '" + text.charAt(1) + "' is not in the table of "
                            + authority.get().nameEn()));
        }
        String region = text.substring(2, 8);
        if (!region.chars().allMatch(Character::isDigit)) {
            out.add(Violation.error(field, "uscc.region-format", "6 digits",
                    "统一社会信用代码第3-8位行政区划码应为6位数字，实际为“" + region + "”",
                    "USCC positions 3-8 (region code) must be 6 digits, got '" + region + "'"));
        }
        String org = text.substring(8, 17);
        if (!OrganizationCode.isValid(org)) {
            String exp = String.valueOf(OrganizationCode.checkCharacter(org.substring(0, 8)));
            out.add(Violation.error(field, "uscc.organization-code-check", exp,
                    "统一社会信用代码中组织机构代码“" + org + "”校验码错误（GB 11714）：第17位应为 " + exp,
                    "Organization code '" + org + "' inside the USCC has a wrong check character (GB 11714): "
                            + "position 17 expected " + exp));
        }
        return new ValidationResult(out);
    }

    /**
     * The format checks plus a look-up of the region code: a code that is not in the current division table gives a
     * warning (USCCs keep the region code of their first registration, which may have been abolished since).
     */
    public static ValidationResult validate(String field, String text, DivisionTable divisions) {
        ValidationResult format = validateFormat(field, text);
        if (!format.isValid()) {
            return format;
        }
        String region = text.substring(2, 8);
        if (region.equals(NATIONAL_REGION) || divisions.byCode(region).isPresent()) {
            return format;
        }
        return format.and(ValidationResult.of(Violation.warning(field, "uscc.region-unknown",
                "a GB/T 2260 code or 100000",
                "统一社会信用代码行政区划码“" + region + "”不在现行行政区划代码表中（可能已撤销）",
                "USCC region code '" + region + "' is not in the current GB/T 2260 table (possibly abolished)")));
    }
}
