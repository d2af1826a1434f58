package io.energymon.portal.workbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Workbooks made by hand for tests, as a person (or Excel) would: numbers, dates, booleans and text in cells. */
final class Books {
    private Books() {
    }

    /** A workbook of sheets, each given as its name and rows of cell values (String, Number, Boolean, LocalDate). */
    static byte[] of(Object... nameAndRows) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            for (int s = 0; s < nameAndRows.length; s += 2) {
                Sheet sheet = wb.createSheet((String) nameAndRows[s]);
                Object[][] rows = (Object[][]) nameAndRows[s + 1];
                for (int r = 0; r < rows.length; r++) {
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < rows[r].length; c++) {
                        set(row, c, rows[r][c], date);
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a workbook changed by {@code edit}. */
    static byte[] edit(byte[] xlsx, Consumer<Workbook> edit) {
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            edit.accept(wb);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a cell (0-based row, column letter) to a value, as typing it would. */
    static void set(Sheet sheet, int rowNumber, String column, Object value) {
        Row row = sheet.getRow(rowNumber - 1) == null ? sheet.createRow(rowNumber - 1) : sheet.getRow(rowNumber - 1);
        int c = org.apache.poi.ss.util.CellReference.convertColStringToIndex(column);
        Cell old = row.getCell(c);
        if (old != null) {
            row.removeCell(old);
        }
        CellStyle date = sheet.getWorkbook().createCellStyle();
        date.setDataFormat(sheet.getWorkbook().createDataFormat().getFormat("yyyy-mm-dd"));
        set(row, c, value, date);
    }

    private static void set(Row row, int c, Object v, CellStyle date) {
        if (v == null) {
            return;
        }
        Cell cell = row.createCell(c);
        switch (v) {
            case String s -> cell.setCellValue(s);
            case Number n -> cell.setCellValue(n.doubleValue());
            case Boolean b -> cell.setCellValue(b);
            case LocalDate d -> {
                cell.setCellValue(d);
                cell.setCellStyle(date);
            }
            default -> throw new IllegalArgumentException(v.toString());
        }
    }

    /** The text of a cell (for finding rows by key in tests). */
    static String text(Sheet sheet, int rowNumber, String column) {
        Row row = sheet.getRow(rowNumber - 1);
        Cell cell = row == null ? null : row.getCell(org.apache.poi.ss.util.CellReference.convertColStringToIndex(column));
        return cell == null ? null : cell.toString();
    }
}
