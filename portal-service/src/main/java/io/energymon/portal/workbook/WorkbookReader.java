package io.energymon.portal.workbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Reads a plant's configuration from a workbook (XLSX; XLS is read too) or from the CSV file of one kind, by the
 * columns of {@link WorkbookFormat}. Columns are found by their header (full title, Chinese or English part), so a
 * person may reorder or leave out columns. Every cell is read; a cell that cannot be parsed is reported and read as
 * blank, so that the rest can still be validated and every bad cell of the file is reported at once.
 *
 * <p>Tenant and enterprise are never taken from the file: an enterprise sheet whose USCC differs from the enterprise
 * being imported into is a bad cell.
 */
public final class WorkbookReader {
    /** More data rows than this in one sheet is refused (a plant has a few thousand points). */
    static final int MAX_ROWS = 100_000;

    private WorkbookReader() {
    }

    /** Reads a workbook. A file that is not a workbook gives one file-level error. */
    public static WorkbookContent readXlsx(byte[] bytes, String enterpriseCode) {
        Workbook wb;
        try {
            wb = WorkbookFactory.create(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) { // POI signals a file that is not a workbook with runtime exceptions
            WorkbookContent bad = new WorkbookContent(false);
            bad.error(fileLevel(null, null, "workbook.unreadable", "an .xlsx workbook",
                    "文件不是可读取的 Excel 工作簿（.xlsx）：" + e.getMessage(),
                    "the file is not a readable Excel workbook (.xlsx): " + e.getMessage()));
            return bad;
        }
        WorkbookContent out = new WorkbookContent(false);
        try (wb) {
            for (Sheet sheet : wb) {
                String name = sheet.getSheetName();
                SheetFormat<?> format = WorkbookFormat.ALL.stream().filter(f -> f.titled(name)).findFirst().orElse(null);
                if (format == null) {
                    if (!name.strip().equalsIgnoreCase(WorkbookFormat.README) && !name.strip().equals("说明")
                            && !name.strip().equalsIgnoreCase("README")) {
                        out.warning(fileLevel(name, null, "sheet.unknown", "a sheet named as in " + WorkbookFormat.README,
                                "未知的工作表“" + name + "”已忽略", "unknown sheet '" + name + "' ignored"));
                    }
                    continue;
                }
                if (out.has(format)) {
                    out.error(fileLevel(name, null, "sheet.duplicate", "one sheet per kind",
                            "工作表“" + name + "”与另一工作表同为" + format.nameZh(),
                            "sheet '" + name + "' is a second sheet of " + format.name()));
                    continue;
                }
                if (sheet.getLastRowNum() > MAX_ROWS) {
                    out.error(fileLevel(name, null, "sheet.too-many-rows", "at most " + MAX_ROWS + " rows",
                            "工作表“" + name + "”超过" + MAX_ROWS + "行", "sheet '" + name + "' has more than " + MAX_ROWS
                                    + " rows"));
                    continue;
                }
                read(format, name, rows(sheet), enterpriseCode, out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // closing an in-memory workbook
        }
        return out;
    }

    /** Reads the CSV file of one sheet ({@code points}, {@code enterprise} ...). */
    public static WorkbookContent readCsv(String sheetName, byte[] bytes, String enterpriseCode) {
        SheetFormat<?> format = WorkbookFormat.byName(sheetName).orElseThrow(() -> new IllegalArgumentException(sheetName));
        WorkbookContent out = new WorkbookContent(true);
        CsvTables.Parsed csv = CsvTables.read(bytes);
        if (csv.gb18030()) {
            out.warning(fileLevel(sheetName, null, "csv.encoding", "UTF-8", "文件不是 UTF-8 编码，已按 GB18030 读取",
                    "the file is not UTF-8; read as GB18030"));
        }
        if (csv.errorRecord() != null) {
            out.error(fileLevel(sheetName, csv.errorRecord(), "csv.syntax", "RFC 4180 CSV", csv.errorZh(),
                    csv.errorEn()));
        }
        if (csv.records().size() > MAX_ROWS) {
            out.error(fileLevel(sheetName, null, "sheet.too-many-rows", "at most " + MAX_ROWS + " rows",
                    "文件超过" + MAX_ROWS + "行", "the file has more than " + MAX_ROWS + " rows"));
            return out;
        }
        List<RawRow> rows = csv.records().stream().map(r -> new RawRow(r.number(),
                r.fields().stream().map(f -> f.isEmpty() ? null : (RawCell) new RawCell.Text(f)).toList())).toList();
        read(format, sheetName, rows, enterpriseCode, out);
        return out;
    }

    /** A row of a sheet: its 1-based number and its cells by column (null: blank). */
    record RawRow(int number, List<RawCell> cells) {
        RawCell cell(int column) {
            return column < cells.size() ? cells.get(column) : null;
        }

        boolean isBlank() {
            return cells.stream().allMatch(RawCell::isBlank);
        }
    }

    private static List<RawRow> rows(Sheet sheet) {
        List<RawRow> out = new ArrayList<>();
        for (Row row : sheet) {
            List<RawCell> cells = new ArrayList<>();
            for (int c = 0; c < Math.max(row.getLastCellNum(), 0); c++) {
                cells.add(raw(row.getCell(c)));
            }
            out.add(new RawRow(row.getRowNum() + 1, cells));
        }
        return out;
    }

    private static RawCell raw(Cell cell) {
        if (cell == null) {
            return null;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> new RawCell.Text(cell.getRichStringCellValue().getString());
            case NUMERIC -> new RawCell.Number(cell.getNumericCellValue(), DateUtil.isCellDateFormatted(cell));
            case BOOLEAN -> new RawCell.Bool(cell.getBooleanCellValue());
            case ERROR -> new RawCell.Error(FormulaError.forInt(cell.getErrorCellValue()).getString());
            default -> null;
        };
    }

    private static <T> void read(SheetFormat<T> format, String sheetName, List<RawRow> rows, String enterpriseCode,
                                 WorkbookContent out) {
        ParsedSheet<T> sheet = new ParsedSheet<>(format, sheetName);
        out.add(sheet);
        int h = 0;
        while (h < rows.size() && rows.get(h).isBlank()) {
            h++;
        }
        if (h == rows.size()) {
            return; // an empty sheet: no records
        }
        RawRow header = rows.get(h);
        if (!header(format, sheet, header, out)) {
            return;
        }
        for (RawRow row : rows.subList(h + 1, rows.size())) {
            if (sheet.columnIndex.values().stream().allMatch(c -> RawCell.isBlank(row.cell(c)))) {
                continue;
            }
            readRow(format, sheet, row, enterpriseCode, out);
        }
    }

    /** Maps the header to columns; false when a required column is missing (the sheet's rows are not read). */
    private static <T> boolean header(SheetFormat<T> format, ParsedSheet<T> sheet, RawRow header, WorkbookContent out) {
        for (int c = 0; c < header.cells().size(); c++) {
            RawCell cell = header.cell(c);
            if (RawCell.isBlank(cell)) {
                continue;
            }
            String title = cell.display();
            Column<T> column = format.columns().stream().filter(col -> col.titled(title)).findFirst().orElse(null);
            String letter = WorkbookContent.letter(c);
            if (column == null) {
                out.warning(new CellReport(sheet.sheetName, header.number(), letter, title, format.name(),
                        "column.unknown", "a column title of " + WorkbookFormat.README, title,
                        "未知的列“" + title + "”已忽略", "unknown column '" + title + "' ignored"));
            } else if (sheet.columnIndex.containsKey(column.field())) {
                out.error(new CellReport(sheet.sheetName, header.number(), letter, column.title(),
                        format.name() + "." + column.field(), "column.duplicate", "one column per field", title,
                        "列“" + column.title() + "”重复出现", "column '" + column.title() + "' appears twice"));
                out.unparsed(sheet.sheetName, header.number(), c);
            } else {
                sheet.columnIndex.put(column.field(), c);
            }
        }
        boolean complete = true;
        for (Column<T> column : format.columns()) {
            if (column.required() && !sheet.columnIndex.containsKey(column.field())) {
                out.error(new CellReport(sheet.sheetName, header.number(), null, column.title(),
                        format.name() + "." + column.field(), "column.missing", column.title(), null,
                        "缺少必填列“" + column.title() + "”", "required column '" + column.title() + "' is missing"));
                complete = false;
            }
        }
        return complete;
    }

    /** A cell the reader refuses, before the row's key (and so the finding's field path) is known. */
    private record Pending(Column<?> column, int index, String rule, String expected, String value, String zh,
                           String en) {
    }

    private static <T> void readRow(SheetFormat<T> format, ParsedSheet<T> sheet, RawRow row, String enterpriseCode,
                                    WorkbookContent out) {
        sheet.cells.put(row.number(), row.cells());
        if (format == WorkbookFormat.ENTERPRISE && !sheet.rows.isEmpty()) {
            out.error(new CellReport(sheet.sheetName, row.number(), null, null, "profile", "enterprise.one-row",
                    "one row", null, "用能单位工作表只能有一行数据（第" + sheet.rows.getFirst() + "行）",
                    "the enterprise sheet holds one row only (row " + sheet.rows.getFirst() + ")"));
            return;
        }
        Map<String, Object> values = new HashMap<>();
        List<Pending> pending = new ArrayList<>();
        boolean keyBlank = false;
        for (Column<T> column : format.columns()) {
            Integer c = sheet.columnIndex.get(column.field());
            RawCell cell = c == null ? null : row.cell(c);
            if (RawCell.isBlank(cell)) {
                if (column.required()) {
                    pending.add(new Pending(column, c, "required", "a value", null, column.titleZh() + "不能为空",
                            column.titleEn() + " is required"));
                    keyBlank |= format.keyFields().contains(column.field());
                }
                continue;
            }
            try {
                values.put(column.field(), column.type().parse(cell, column.choices()));
            } catch (ValueType.BadValue e) {
                pending.add(new Pending(column, c, e.rule, e.expected, cell.display(),
                        column.titleZh() + "：" + e.messageZh, column.titleEn() + ": " + e.messageEn));
            }
        }
        T record = keyBlank ? null : format.build().apply(new Values(values));
        String key = record == null ? null : format.key().apply(record);
        String path = format == WorkbookFormat.ENTERPRISE ? "profile"
                : format.name() + "[" + (key == null ? "" : key) + "]";
        for (Pending p : pending) {
            String field = p.column().field().equals("enterpriseCode") && format == WorkbookFormat.ENTERPRISE
                    ? "enterpriseCode" : path + "." + p.column().field();
            out.error(new CellReport(sheet.sheetName, row.number(), WorkbookContent.letter(p.index()),
                    p.column().title(), field, p.rule(), p.expected(), p.value(), p.zh(), p.en()));
            out.unparsed(sheet.sheetName, row.number(), p.index());
        }
        if (record == null) {
            return; // nothing to name it by: not imported (the import fails on the error above anyway)
        }
        if (format == WorkbookFormat.ENTERPRISE) {
            String uscc = ((WorkbookFormat.ProfileRow) record).enterpriseCode();
            if (uscc != null && !uscc.toUpperCase(Locale.ROOT).equals(enterpriseCode)) {
                int c = sheet.columnIndex.get("enterpriseCode");
                out.error(new CellReport(sheet.sheetName, row.number(), WorkbookContent.letter(c),
                        format.column("enterpriseCode").orElseThrow().title(), "enterpriseCode", "enterprise.mismatch",
                        enterpriseCode, uscc, "工作簿属于用能单位“" + uscc + "”，不能导入到“" + enterpriseCode + "”",
                        "the workbook is enterprise '" + uscc + "''s and cannot be imported into '" + enterpriseCode
                                + "'"));
                out.unparsed(sheet.sheetName, row.number(), c);
            }
        } else {
            Integer first = sheet.rowOfKey.get(key);
            if (first != null) {
                Column<T> k = format.keyColumn();
                Integer c = sheet.columnIndex.get(k.field());
                out.error(new CellReport(sheet.sheetName, row.number(), WorkbookContent.letter(c), k.title(),
                        path, "duplicate", "a unique key", key,
                        format.nameZh() + "“" + key + "”重复（已在第" + first + "行）",
                        "duplicate " + format.name() + " key '" + key + "' (already in row " + first + ")"));
                return;
            }
            sheet.rowOfKey.put(key, row.number());
        }
        sheet.records.add(record);
        sheet.rows.add(row.number());
    }

    private static CellReport fileLevel(String sheet, Integer row, String rule, String expected, String zh, String en) {
        return new CellReport(sheet, row, null, null, sheet == null ? "file" : sheet, rule, expected, null, zh, en);
    }
}
