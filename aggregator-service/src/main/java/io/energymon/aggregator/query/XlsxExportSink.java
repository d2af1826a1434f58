package io.energymon.aggregator.query;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * An export as an Excel workbook, written streaming with Apache POI's SXSSF: only the last {@link #WINDOW} rows are in
 * memory, the others are flushed to a temporary file (deleted when closed) that is zipped to the stream at the end.
 * Stat dates are date cells ({@code yyyy-mm-dd hh:mm}), values numbers (a missing value an empty cell). A sheet holds
 * at most {@link #ROWS_PER_SHEET} rows; more go on to the next sheet ("数据 2", ...), each with the header row.
 */
final class XlsxExportSink implements ExportFormat.ExportSink {
    static final int WINDOW = 200;
    static final int ROWS_PER_SHEET = SpreadsheetVersion.EXCEL2007.getMaxRows() - 1;
    private final OutputStream stream;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final CellStyle dateStyle;
    private Sheet sheet;
    private int rowIndex;
    private int sheets;

    XlsxExportSink(OutputStream stream) {
        this.stream = stream;
        workbook.setCompressTempFiles(true);
        dateStyle = workbook.createCellStyle();
        dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
        nextSheet();
    }

    private void nextSheet() {
        sheets++;
        sheet = workbook.createSheet("数据 " + sheets);
        Row header = sheet.createRow(0);
        for (int i = 0; i < ExportRow.HEADER.size(); i++) {
            header.createCell(i).setCellValue(ExportRow.HEADER.get(i));
        }
        rowIndex = 1;
    }

    @Override
    public void row(ExportRow r) {
        if (rowIndex > ROWS_PER_SHEET) {
            nextSheet();
        }
        Row row = sheet.createRow(rowIndex++);
        row.createCell(0).setCellValue(r.dataCode());
        if (r.name() != null) {
            row.createCell(1).setCellValue(r.name());
        }
        var date = row.createCell(2);
        date.setCellValue(r.statDate());
        date.setCellStyle(dateStyle);
        row.createCell(3).setCellValue(r.period());
        number(row, 4, r.value());
        if (r.unit() != null) {
            row.createCell(5).setCellValue(r.unit());
        }
        number(row, 6, r.kgceCalorific());
        number(row, 7, r.kgceEqualValue());
        row.createCell(8).setCellValue(r.valid());
        row.createCell(9).setCellValue(r.version());
    }

    private static void number(Row row, int column, BigDecimal value) {
        if (value != null) {
            row.createCell(column).setCellValue(value.doubleValue());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            workbook.write(stream);
            stream.flush();
        } finally {
            workbook.close(); // deletes the temporary files
        }
    }
}
