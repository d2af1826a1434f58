package io.energymon.aggregator.query;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One row of an export (§9.9): a data item's value in one period.
 *
 * @param name            the item's configured name, null when it has none
 * @param statDate        the period's start in the enterprise's local time
 * @param period          the period's request value ({@code 15min}, {@code hour}, {@code day}, {@code month}, {@code year})
 * @param value           in the item's unit; null when withdrawn (no value any more), or for an hour all of whose
 *                        quarters are withdrawn
 * @param kgceCalorific   kgce by the calorific-equivalent method (当量值), null when the item has no conversion
 * @param kgceEqualValue  kgce by the equal-value method (等价值), null when the item has no conversion
 * @param valid           as the series API's {@code valid}: computed from good data and complete
 * @param version         the value's version (an hour: the highest of its quarters)
 */
public record ExportRow(String dataCode, String name, LocalDateTime statDate, String period, BigDecimal value,
                        String unit, BigDecimal kgceCalorific, BigDecimal kgceEqualValue, boolean valid,
                        long version) {

    /** The header row, bilingual, in column order. */
    public static final List<String> HEADER = List.of("数据项编码 / data code", "数据项名称 / item name",
            "统计时间 / stat date", "统计周期 / period", "数值 / value", "单位 / unit",
            "当量值折标煤 kgce / kgce (calorific equivalent)", "等价值折标煤 kgce / kgce (equal value)",
            "有效 / valid", "版本 / version");
}
