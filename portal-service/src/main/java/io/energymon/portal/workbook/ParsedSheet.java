package io.energymon.portal.workbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sheet (or CSV file) as read: its records, and where each record and each column is in the file, so that a
 * finding about {@code points[p1].address.register} can be turned back into a cell.
 */
final class ParsedSheet<T> {
    final SheetFormat<T> format;
    /** The sheet's name as it is in the file (or the kind, for a CSV file). */
    final String sheetName;
    /** Column index (0-based) of each field whose column the header names. */
    final Map<String, Integer> columnIndex = new HashMap<>();
    final List<T> records = new ArrayList<>();
    /** Row number (1-based) of each record by its key ({@link SheetFormat#key()}). */
    final Map<String, Integer> rowOfKey = new HashMap<>();
    /** Row number of each record, in the order of {@link #records}. */
    final List<Integer> rows = new ArrayList<>();
    /** The cells of every data row, for the value of a reported cell. */
    final Map<Integer, List<RawCell>> cells = new HashMap<>();

    ParsedSheet(SheetFormat<T> format, String sheetName) {
        this.format = format;
        this.sheetName = sheetName;
    }

    /** The row of the record with this key, or null when the file does not hold it. */
    Integer rowOf(String key) {
        if (format == WorkbookFormat.ENTERPRISE) {
            return rows.isEmpty() ? null : rows.getFirst();
        }
        return rowOfKey.get(key);
    }

    /** What the file holds at a cell, or null. */
    String display(Integer row, Integer column) {
        if (row == null || column == null) {
            return null;
        }
        List<RawCell> r = cells.get(row);
        RawCell c = r == null || column >= r.size() ? null : r.get(column);
        return c == null ? null : c.display();
    }
}
