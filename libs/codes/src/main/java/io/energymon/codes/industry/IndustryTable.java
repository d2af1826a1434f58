package io.energymon.codes.industry;

import io.energymon.codes.csv.CsvRows;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The national industry classification GB/T 4754-2017 (国民经济行业分类) as first published: 20 sections, 97
 * divisions, 473 groups, 1,381 classes. The 2019 amendment (第1号修改单) is NOT applied: a well-formed code that is
 * not in the table but whose enclosing division is gets a warning, not an error.
 */
public final class IndustryTable {

    public static final String RESOURCE = "/io/energymon/codes/industry/gbt4754-2017.csv";
    public static final String SOURCE = "GB/T 4754-2017 as first published (2019 amendment not applied); "
            + "cross-checked table from the project's shared data";

    /** Accepts {@code C}, {@code 33}, {@code 331}, {@code 3311} and the §7.3 letter-prefixed form {@code C3311}. */
    private static final Pattern FORM = Pattern.compile("([A-T])?(\\d{2,4})?");

    private final Map<String, IndustryCategory> byCode;
    private final Map<String, List<IndustryCategory>> children;

    public IndustryTable(Collection<IndustryCategory> entries) {
        Map<String, IndustryCategory> codes = new LinkedHashMap<>();
        Map<String, List<IndustryCategory>> kids = new LinkedHashMap<>();
        for (IndustryCategory c : entries) {
            if (codes.putIfAbsent(c.code(), c) != null) {
                throw new IllegalArgumentException("duplicate industry code " + c.code());
            }
            if (!c.parentCode().isEmpty()) {
                kids.computeIfAbsent(c.parentCode(), k -> new ArrayList<>()).add(c);
            }
        }
        kids.replaceAll((k, v) -> List.copyOf(v));
        this.byCode = Collections.unmodifiableMap(codes);
        this.children = Collections.unmodifiableMap(kids);
    }

    private static final class Holder {
        private static final IndustryTable STANDARD = CsvRows.fromResource(IndustryTable.class, RESOURCE,
                IndustryTable::read);
    }

    public static IndustryTable standard() {
        return Holder.STANDARD;
    }

    /**
     * Reads {@code code,parent,level,name} (level section/division/group/class); names may contain commas. The first
     * line is the header; the format has no comment lines.
     */
    public static IndustryTable read(InputStream in) throws IOException {
        return new IndustryTable(CsvRows.readWithoutComments(in, 4, f -> {
            String name = f[3].strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
            }
            return new IndustryCategory(f[0], f[1], IndustryLevel.valueOf(f[2].toUpperCase(Locale.ROOT)), name);
        }));
    }

    public int size() {
        return byCode.size();
    }

    public Collection<IndustryCategory> all() {
        return byCode.values();
    }

    public List<IndustryCategory> ofLevel(IndustryLevel level) {
        return byCode.values().stream().filter(c -> c.level() == level).toList();
    }

    /** Looks a code up; the letter-prefixed form {@code C3311} is accepted too. */
    public Optional<IndustryCategory> byCode(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(stripSection(code)));
    }

    public List<IndustryCategory> children(String code) {
        return children.getOrDefault(stripSection(code), List.of());
    }

    /** The section (门类) of any code whose division is in the table. */
    public Optional<IndustryCategory> section(String code) {
        String digits = stripSection(code);
        if (digits.length() == 1) {
            return byCode(digits);
        }
        if (digits.length() < 2) {
            return Optional.empty();
        }
        return byCode(digits.substring(0, 2)).flatMap(d -> byCode(d.parentCode()));
    }

    /** The chain from the section down to the code itself, for a code in the table. */
    public List<IndustryCategory> path(String code) {
        List<IndustryCategory> path = new ArrayList<>();
        Optional<IndustryCategory> c = byCode(code);
        while (c.isPresent()) {
            path.addFirst(c.get());
            c = c.get().parentCode().isEmpty() ? Optional.empty() : byCode(c.get().parentCode());
        }
        return path;
    }

    /**
     * Validates an industry code: form (letter A-T, or 2/3/4 digits, optionally prefixed by its section letter), the
     * letter matching the section, and presence in the table. A well-formed code missing from the 2017 table whose
     * enclosing division exists gets a warning (it may come from the 2019 amendment or a newer edition).
     */
    public ValidationResult validate(String field, String code) {
        Matcher m = code == null ? null : FORM.matcher(code);
        if (m == null || code.isEmpty() || !m.matches()) {
            return ValidationResult.of(Violation.error(field, "industry.format",
                    "A-T, or 2/3/4 digits optionally prefixed by the section letter",
                    "行业代码格式错误：应为门类字母A-T或2/3/4位数字（可带门类字母前缀），实际为“" + code + "”",
                    "Industry code malformed: expected a section letter A-T or 2/3/4 digits (optionally prefixed by "
                            + "the section letter), got '" + code + "'"));
        }
        String letter = m.group(1);
        String digits = m.group(2);
        if (digits == null) {
            return ValidationResult.ok();
        }
        Optional<IndustryCategory> division = byCode(digits.substring(0, 2));
        if (division.isEmpty()) {
            return ValidationResult.of(Violation.error(field, "industry.division-unknown", "a division 01-97 of GB/T 4754",
                    "行业大类代码“" + digits.substring(0, 2) + "”不存在（GB/T 4754-2017）",
                    "Industry division '" + digits.substring(0, 2) + "' does not exist (GB/T 4754-2017)"));
        }
        if (letter != null && !letter.equals(division.get().parentCode())) {
            String exp = division.get().parentCode();
            return ValidationResult.of(Violation.error(field, "industry.section-mismatch", exp,
                    "行业代码门类字母错误：大类" + digits.substring(0, 2) + "属于门类 " + exp,
                    "Industry section letter wrong: division " + digits.substring(0, 2) + " belongs to section "
                            + exp));
        }
        if (byCode.containsKey(digits)) {
            return ValidationResult.ok();
        }
        String parent = digits.substring(0, digits.length() - 1);
        boolean parentKnown = byCode.containsKey(parent);
        return ValidationResult.of(Violation.warning(field, "industry.unknown-in-edition", "a code of GB/T 4754-2017",
                "行业代码“" + digits + "”不在 GB/T 4754-2017 代码表中" + (parentKnown ? "（上级“" + parent + "”存在）" : "")
                        + "，可能来自修改单或新版本，请核对",
                "Industry code '" + digits + "' is not in the GB/T 4754-2017 table"
                        + (parentKnown ? " (its parent '" + parent + "' is)" : "")
                        + "; it may come from the amendment or a newer edition, please check"));
    }

    private static String stripSection(String code) {
        if (code != null && code.length() > 1 && Character.isLetter(code.charAt(0))) {
            return code.substring(1);
        }
        return code == null ? "" : code;
    }
}
