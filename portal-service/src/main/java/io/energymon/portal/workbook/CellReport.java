package io.energymon.portal.workbook;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One bad (or doubtful) cell of an imported workbook or CSV file, as a person finds it in Excel.
 *
 * @param sheet       the sheet's name as it is in the file ({@code 采集点 points}); for a CSV import the kind
 *                    ({@code points}); for a finding about stored data not in the file, the kind's sheet
 * @param row         1-based row number as Excel shows it (the header is row 1); null when the finding is about the
 *                    file or a sheet as a whole, or about stored data that is not in the file
 * @param column      column letter ({@code F}); null when the finding is not about one cell
 * @param columnTitle the column's title ({@code 寄存器 register})
 * @param field       the finding's field path ({@code points[main.energy].address.register}); for cells that cannot
 *                    be parsed, the path the value would have had
 * @param rule        stable rule id ({@code range}, {@code cell.integer}, {@code division.unknown} ...)
 * @param expected    the expected form or value
 * @param value       the cell's content as read (text), when there is a cell
 * @param messageZh   what is wrong, Chinese
 * @param messageEn   what is wrong, English
 */
@Schema(description = "A bad cell of an imported workbook or CSV file")
public record CellReport(String sheet, Integer row, String column, String columnTitle, String field, String rule,
                         String expected, String value, String messageZh, String messageEn) {
}
