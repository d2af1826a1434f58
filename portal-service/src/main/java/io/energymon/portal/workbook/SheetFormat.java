package io.energymon.portal.workbook;

import io.energymon.portal.masterdata.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One sheet of the workbook, and the CSV file of the same kind: its name, its columns (the one definition XLSX and
 * CSV are both read and written by), which columns form the key, and how a row becomes a record.
 *
 * @param name      English name: the kind's name ({@code points}) or {@code enterprise}; the CSV's kind in URLs
 * @param nameZh    Chinese name ({@code 采集点})
 * @param kind      the master-data kind, null for the enterprise sheet
 * @param columns   the columns, in sheet order
 * @param keyFields the fields that form the key ({@code processCode, code} for process units); a row whose key is
 *                  blank is refused, and findings about the whole entity point at the last of them
 * @param key       the key of a record as findings name it ({@code points[<key>]})
 * @param build     a record from the parsed cells of a row
 */
record SheetFormat<T>(String name, String nameZh, Kind<?> kind, List<Column<T>> columns, List<String> keyFields,
                      Function<T, String> key, Function<Values, T> build) {

    SheetFormat {
        columns = List.copyOf(columns);
        keyFields = List.copyOf(keyFields);
        for (String f : keyFields) {
            if (columns.stream().noneMatch(c -> c.field().equals(f))) {
                throw new IllegalArgumentException(name + ": no key column " + f);
            }
        }
    }

    /** The sheet's name in the workbook: {@code 采集点 points}. */
    String title() {
        return nameZh + " " + name;
    }

    /** Whether a workbook sheet is this one: its full title, the Chinese or the English name, any case. */
    boolean titled(String sheetName) {
        String s = sheetName.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return s.equals(title().toLowerCase(Locale.ROOT)) || s.equals(nameZh) || s.equals(name.toLowerCase(Locale.ROOT));
    }

    Optional<Column<T>> column(String field) {
        return columns.stream().filter(c -> c.field().equals(field)).findFirst();
    }

    int indexOf(Column<T> column) {
        return columns.indexOf(column);
    }

    /** The column that whole-entity findings (duplicate key, missing address) point at. */
    Column<T> keyColumn() {
        return column(keyFields.getLast()).orElseThrow();
    }

    /**
     * The column a finding's field (below the entity) belongs to: the column of that field, else the column of the
     * nearest enclosing field ({@code dataCode.process} → {@code dataCode}), else the first column inside it
     * ({@code address} → {@code address.register}), else the key column.
     */
    Column<T> columnFor(String field) {
        if (field == null || field.isEmpty()) {
            return keyColumn();
        }
        Optional<Column<T>> exact = column(field);
        if (exact.isPresent()) {
            return exact.get();
        }
        String f = field;
        while (f.contains(".")) {
            f = f.substring(0, f.lastIndexOf('.'));
            Optional<Column<T>> outer = column(f);
            if (outer.isPresent()) {
                return outer.get();
            }
        }
        return columns.stream().filter(c -> c.field().startsWith(field + ".")).findFirst().orElse(keyColumn());
    }
}
