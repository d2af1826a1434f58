package io.energymon.portal.workbook;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.portal.masterdata.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.poi.ss.util.CellReference;

/**
 * What {@link WorkbookReader} read from a workbook or a CSV file: the records of each sheet present, the cells it
 * could not parse (with every other bad cell found in the same pass), warnings (unknown sheets and columns), and the
 * map from a validation finding's field ({@code points[p1].address.register}) back to its cell.
 */
public final class WorkbookContent {
    private final Map<String, ParsedSheet<?>> sheets = new LinkedHashMap<>();
    private final List<CellReport> errors = new ArrayList<>();
    private final List<CellReport> warnings = new ArrayList<>();
    /** {@code sheet|row|column} of every cell that could not be parsed: findings there are consequences, not news. */
    private final Set<String> unparsed = new java.util.HashSet<>();
    private final boolean csv;

    WorkbookContent(boolean csv) {
        this.csv = csv;
    }

    // ---- filled by the reader

    void add(ParsedSheet<?> sheet) {
        sheets.put(sheet.format.name(), sheet);
    }

    boolean has(SheetFormat<?> format) {
        return sheets.containsKey(format.name());
    }

    void error(CellReport cell) {
        errors.add(cell);
    }

    void unparsed(String sheet, int row, int column) {
        unparsed.add(sheet + "|" + row + "|" + column);
    }

    void warning(CellReport cell) {
        warnings.add(cell);
    }

    // ---- read by the import

    /** True when some cell could not be read. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The cells the reader refused (unparseable values, blank keys, duplicate keys, another USCC ...). */
    public List<CellReport> errors() {
        return sorted(errors);
    }

    /** Unknown sheets and columns, ignored. */
    public List<CellReport> warnings() {
        return List.copyOf(warnings);
    }

    /** Whether the file holds the sheet of this kind (a CSV file holds exactly one). */
    public boolean has(Kind<?> kind) {
        return has(WorkbookFormat.of(kind));
    }

    /** Whether the file holds the enterprise sheet with a row. */
    public Optional<EnterpriseProfile> profile() {
        ParsedSheet<?> s = sheets.get(WorkbookFormat.ENTERPRISE.name());
        if (s == null || s.records.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(((WorkbookFormat.ProfileRow) s.records.getFirst()).profile());
    }

    /** The records of a kind read from the file (empty when its sheet is missing, see {@link #has(Kind)}). */
    @SuppressWarnings("unchecked")
    public <T> List<T> list(Kind<T> kind) {
        ParsedSheet<?> s = sheets.get(kind.name());
        return s == null ? List.of() : List.copyOf((List<T>) s.records);
    }

    /** The sheet's name in reports for a sheet the file does not hold. */
    String canonicalName(SheetFormat<?> format) {
        return csv ? format.name() : format.title();
    }

    /**
     * The cells of validation findings, in sheet, row and column order. A finding at a cell the reader could not
     * parse is dropped (it is a consequence: the value was absent to the validator). A finding about data the file
     * does not hold (an item's formula in stored data when only points are imported) names the kind's sheet without a
     * row.
     */
    public List<CellReport> locate(List<Violation> violations) {
        return sorted(located(violations));
    }

    /** The reader's errors and the cells of the validation errors, all in one order: the refusal of an import. */
    public List<CellReport> errorsWith(List<Violation> violations) {
        List<CellReport> all = new ArrayList<>(errors);
        all.addAll(located(violations));
        return sorted(all);
    }

    /**
     * True when the file (or a whole sheet of it) could not be read — not a workbook, CSV syntax, too many rows — so
     * that validating the rest would only report consequences.
     */
    public boolean unreadable() {
        return errors.stream().anyMatch(e -> FATAL.contains(e.rule()));
    }

    private static final Set<String> FATAL = Set.of("workbook.unreadable", "csv.syntax", "sheet.too-many-rows");

    private List<CellReport> located(List<Violation> violations) {
        Set<CellReport> out = new LinkedHashSet<>();
        for (Violation v : violations) {
            Located l = locate(v.field());
            if (l.row != null && l.column != null && unparsed.contains(l.sheet + "|" + l.row + "|" + l.column)) {
                continue;
            }
            out.add(new CellReport(l.sheet, l.row, l.column == null ? null : letter(l.column),
                    l.col == null ? null : l.col.title(), v.field(), v.rule(), v.expected(), l.value, v.messageZh(),
                    v.messageEn()));
        }
        return new ArrayList<>(out);
    }

    private record Located(String sheet, Integer row, Integer column, Column<?> col, String value) {
    }

    private Located locate(String field) {
        SheetFormat<?> format = null;
        String key = null;
        String rest = "";
        if (field.equals("enterpriseCode")) {
            format = WorkbookFormat.ENTERPRISE;
            rest = "enterpriseCode";
        } else if (field.equals("profile") || field.startsWith("profile.")) {
            format = WorkbookFormat.ENTERPRISE;
            rest = field.substring(Math.min(field.length(), "profile.".length()));
        } else {
            int open = field.indexOf('[');
            int close = field.lastIndexOf(']');
            if (open > 0 && close > open) {
                format = WorkbookFormat.byName(field.substring(0, open)).orElse(null);
                key = field.substring(open + 1, close);
                rest = field.substring(close + 1);
                rest = rest.startsWith(".") ? rest.substring(1) : rest;
            }
        }
        if (format == null) {
            return new Located(null, null, null, null, null);
        }
        return locate(format, key, rest);
    }

    private <T> Located locate(SheetFormat<T> format, String key, String rest) {
        Column<T> col = format.columnFor(rest);
        ParsedSheet<?> s = sheets.get(format.name());
        if (s == null) {
            return new Located(canonicalName(format), null, null, col, null);
        }
        Integer row = s.rowOf(key);
        Integer column = row == null ? null : s.columnIndex.get(col.field());
        return new Located(s.sheetName, row, column, col, s.display(row, column));
    }

    static String letter(int column) {
        return CellReference.convertNumToColString(column);
    }

    /** Sheets in workbook order (file-level findings first), then rows (findings without a row last), then columns. */
    private List<CellReport> sorted(List<CellReport> cells) {
        Map<String, Integer> order = new LinkedHashMap<>();
        for (ParsedSheet<?> s : sheets.values()) {
            order.put(s.sheetName, WorkbookFormat.ALL.indexOf(s.format));
        }
        for (SheetFormat<?> f : WorkbookFormat.ALL) {
            order.putIfAbsent(canonicalName(f), WorkbookFormat.ALL.indexOf(f));
        }
        Comparator<CellReport> c = Comparator.comparing(r -> r.sheet() == null ? -1 : order.getOrDefault(r.sheet(), 99));
        c = c.thenComparing(CellReport::row, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> r.column() == null ? "" : String.format("%3s", r.column()));
        return cells.stream().sorted(c).toList();
    }

    /** The reader's warnings as findings, for the import result. */
    List<Violation> warningViolations() {
        return warnings.stream().map(w -> Violation.warning(w.field(), w.rule(), w.expected(), w.messageZh(),
                w.messageEn())).toList();
    }
}
