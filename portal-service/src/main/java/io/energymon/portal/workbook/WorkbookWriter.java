package io.energymon.portal.workbook;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.portal.masterdata.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes a plant's configuration as the workbook of {@link WorkbookFormat} (README sheet, then one sheet per kind,
 * header frozen, columns sized, drop-downs for the fixed lists) or as the CSV file of one kind. What it writes,
 * {@link WorkbookReader} reads back to the same configuration: decimals are text cells with every digit, whole
 * numbers numeric cells, dates real date cells ({@code yyyy-mm-dd}), everything else text cells.
 */
public final class WorkbookWriter {
    private static final int MIN_WIDTH = 8;
    private static final int MAX_WIDTH = 60;

    private WorkbookWriter() {
    }

    /** The workbook of the whole configuration. */
    public static byte[] xlsx(EnterpriseConfig config) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles styles = new Styles(wb);
            readme(wb, styles);
            for (SheetFormat<?> format : WorkbookFormat.ALL) {
                sheet(wb, styles, format, config);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV file of one sheet ({@code points}, {@code enterprise} ...): UTF-8 with BOM, RFC 4180. */
    public static byte[] csv(EnterpriseConfig config, String sheetName) {
        return csv(WorkbookFormat.byName(sheetName).orElseThrow(() -> new IllegalArgumentException(sheetName)), config);
    }

    private static <T> byte[] csv(SheetFormat<T> format, EnterpriseConfig config) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(format.columns().stream().map(Column::title).toList());
        for (T record : records(format, config)) {
            rows.add(format.columns().stream().map(c -> c.textOf(record)).toList());
        }
        return CsvTables.write(rows);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> records(SheetFormat<T> format, EnterpriseConfig config) {
        if (format == WorkbookFormat.ENTERPRISE) {
            return (List<T>) List.of(new WorkbookFormat.ProfileRow(config.enterpriseCode(), config.profile()));
        }
        return ((Kind<T>) format.kind()).in(config);
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle text;
        final CellStyle date;
        final CellStyle wrap;
        final CellStyle title;

        Styles(XSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.LIGHT_CORNFLOWER_BLUE.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            header.setWrapText(true);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setDataFormat(wb.createDataFormat().getFormat("@"));
            text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            wrap.setVerticalAlignment(VerticalAlignment.TOP);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title = wb.createCellStyle();
            title.setFont(big);
        }
    }

    private static <T> void sheet(XSSFWorkbook wb, Styles styles, SheetFormat<T> format, EnterpriseConfig config) {
        Sheet sheet = wb.createSheet(format.title());
        List<Column<T>> columns = format.columns();
        List<T> records = records(format, config);
        int[] widths = new int[columns.size()];
        Row header = sheet.createRow(0);
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            Cell cell = header.createCell(c);
            cell.setCellValue(column.title());
            cell.setCellStyle(styles.header);
            widths[c] = width(column.title());
            if (column.type() != ValueType.INTEGER && column.type() != ValueType.DATE) {
                sheet.setDefaultColumnStyle(c, styles.text); // what a person types stays text ("01" keeps its 0)
            } else if (column.type() == ValueType.DATE) {
                sheet.setDefaultColumnStyle(c, styles.date);
            }
        }
        int r = 1;
        for (T record : records) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                Object value = column.valueOf(record);
                if (value == null) {
                    continue;
                }
                Cell cell = row.createCell(c);
                switch (column.type()) {
                    case INTEGER -> cell.setCellValue(((Number) value).doubleValue());
                    case DATE -> {
                        cell.setCellValue((LocalDate) value);
                        cell.setCellStyle(styles.date);
                    }
                    default -> {
                        cell.setCellValue(column.type().format(value));
                        cell.setCellStyle(styles.text);
                    }
                }
                widths[c] = Math.max(widths[c], width(column.type().format(value)));
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            sheet.setColumnWidth(c, Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[c] + 2)) * 256);
        }
        sheet.createFreezePane(0, 1);
        dropDowns(sheet, columns);
    }

    /** A drop-down on every data cell of the columns with a fixed list; other values warn but are allowed. */
    private static <T> void dropDowns(Sheet sheet, List<Column<T>> columns) {
        DataValidationHelper helper = sheet.getDataValidationHelper();
        int last = SpreadsheetVersion.EXCEL2007.getLastRowIndex();
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            List<String> list = column.type() == ValueType.BOOLEAN ? List.of("true", "false") : column.choices();
            if (list.isEmpty()) {
                continue;
            }
            DataValidation v = helper.createValidation(helper.createExplicitListConstraint(list.toArray(String[]::new)),
                    new CellRangeAddressList(1, last, c, c));
            v.setSuppressDropDownArrow(true); // XSSF: true shows the arrow
            v.setErrorStyle(DataValidation.ErrorStyle.WARNING);
            v.setShowErrorBox(true);
            v.createErrorBox(column.titleZh(), "应为 " + String.join(", ", list) + " / expected one of the list");
            sheet.addValidationData(v);
        }
    }

    /** Display width in Excel character units: CJK characters count twice; the widest line of a multi-line text. */
    static int width(String text) {
        int max = 0;
        for (String line : text.split("\n", -1)) {
            int w = 0;
            for (int i = 0; i < line.length(); i++) {
                w += line.charAt(i) > 0x2E80 ? 2 : 1;
            }
            max = Math.max(max, w);
        }
        return max;
    }

    // ---- README

    private static void readme(XSSFWorkbook wb, Styles styles) {
        Sheet sheet = wb.createSheet(WorkbookFormat.README);
        int r = 0;
        Cell title = sheet.createRow(r++).createCell(0);
        title.setCellValue("用能单位配置工作簿 / Plant configuration workbook");
        title.setCellStyle(styles.title);
        for (String[] line : GENERAL) { // one language a row, unwrapped: the text runs on over the empty cells
            sheet.createRow(r++).createCell(0).setCellValue(line[0]);
            sheet.createRow(r++).createCell(0).setCellValue(line[1]);
        }
        r++;
        Row head = sheet.createRow(r++);
        String[] titles = {"工作表 sheet", "列 column", "列标题 title", "字段 field", "格式 format", "说明", "notes"};
        for (int c = 0; c < titles.length; c++) {
            cell(head, c, titles[c], styles.header);
        }
        for (SheetFormat<?> format : WorkbookFormat.ALL) {
            for (Column<?> column : format.columns()) {
                Row row = sheet.createRow(r++);
                cell(row, 0, format.title(), styles.wrap);
                cell(row, 1, WorkbookContent.letter(format.columns().indexOf(column)), styles.wrap);
                cell(row, 2, column.title(), styles.wrap);
                cell(row, 3, column.field(), styles.wrap);
                String type = column.type().describeZh + " / " + column.type().describeEn;
                if (!column.choices().isEmpty()) {
                    type += "：" + String.join(", ", column.choices());
                }
                cell(row, 4, type, styles.wrap);
                cell(row, 5, (column.required() ? "必填。" : "") + column.noteZh(), styles.wrap);
                cell(row, 6, (column.required() ? "Required. " : "") + column.noteEn(), styles.wrap);
            }
        }
        int[] widths = {22, 60, 26, 26, 36, 40, 40};
        for (int c = 0; c < widths.length; c++) {
            sheet.setColumnWidth(c, widths[c] * 256);
        }
    }

    private static void cell(Row row, int c, String text, CellStyle style) {
        Cell cell = row.createCell(c);
        cell.setCellValue(text);
        cell.setCellStyle(style);
    }

    private static final String[][] GENERAL = {
        {"每个工作表是一类数据：第1行为列标题，以下每行一条记录。列按标题识别，可调整顺序；未知的工作表和列被忽略（导入结果中给出警告）。",
            "Each sheet is one kind of data: row 1 holds the column titles, every row below one record. Columns are "
                    + "found by their title and may be reordered; unknown sheets and columns are ignored (with a "
                    + "warning in the import result)."},
        {"空单元格表示未填写：可选字段为空，有默认值的字段取默认值（见各列说明）。",
            "A blank cell means not given: optional fields stay empty, fields with a default take it (see the "
                    + "notes)."},
        {"格式：日期 yyyy-MM-dd；时长 ISO-8601（PT15M、PT1H、PT2S）；列表用逗号分隔（0,1,2）；是否填 true/false；数值按文本填写以保留全部位数（如 0.01、42949672.95）。",
            "Formats: dates yyyy-MM-dd; durations ISO-8601 (PT15M, PT1H, PT2S); lists separated by commas (0,1,2); "
                    + "booleans true/false; decimals as text so that every digit is kept (0.01, 42949672.95)."},
        {"编码列（工序、设备、计量器具、数据项编码等）请按文本填写，以免 Excel 去掉前导0。",
            "Enter codes (processes, equipment, meters, data items ...) as text so that Excel keeps leading zeros."},
        {"租户和用能单位由导入地址确定，不取自文件；“用能单位”工作表中的统一社会信用代码可留空，填写时须与之一致。",
            "Tenant and enterprise are those of the import URL, never of the file; the USCC on the enterprise sheet "
                    + "may be blank and must otherwise be that enterprise's."},
        {"导入是全部或全不：任何一个单元格有误，整个文件都不导入，并列出每个错误单元格（工作表、行、列、原因）。按标识新建或更新；与现有数据相同的记录不变。",
            "An import is all or nothing: if any cell is wrong nothing is imported and every bad cell is listed "
                    + "(sheet, row, column, reason). Records are created or updated by their key; records equal to the "
                    + "stored ones stay unchanged."},
        {"retireMissing=false（默认）：文件中没有的记录保持不变。retireMissing=true：文件中没有的记录被停用；缺少某个工作表即停用该类全部记录！",
            "retireMissing=false (default): records not in the file stay. retireMissing=true: records not in the "
                    + "file are retired; a missing sheet retires every record of that kind!"},
        {"缺少“用能单位”工作表（或该表无数据行）时，用能单位信息保持不变。营业执照另行上传，不在工作簿中。",
            "Without the enterprise sheet (or without a row on it) the profile stays as it is. The business licence "
                    + "is uploaded separately and is not part of the workbook."},
        {"采集点地址按协议填写：Modbus 填寄存器、功能码、数据类型、字序；DL/T 645 填表地址、数据标识；CJ/T 188 填仪表类型、表地址、数据标识；OPC UA 填节点标识；SQL 填查询语句。",
            "Point addresses by protocol: Modbus register, function, dataType, wordOrder; DL/T 645 meterAddress, "
                    + "dataId; CJ/T 188 meterType, meterAddress, dataId; OPC UA nodeId; SQL query."},
        {"每类数据也可用同样列的 CSV 文件导入导出（UTF-8，带 BOM）。",
            "Each kind can also be exported and imported as a CSV file with the same columns (UTF-8 with BOM)."},
    };
}
