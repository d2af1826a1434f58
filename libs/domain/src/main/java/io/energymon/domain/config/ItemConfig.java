package io.energymon.domain.config;

import java.math.BigDecimal;
import java.util.List;

/**
 * A data item 上传数据项 (§9.4): what the platform receives, computed by a formula over points and other items.
 *
 * @param dataCode   the data item code, bare digits, built from its segments under the enterprise's layout profile
 *                   (PROTOCOL.md §3)
 * @param name       its name
 * @param statTypes  periods it is reported for: 0 real-time (15 min), 1 day, 2 month, 3 year
 * @param formula    expression over points {@code [point-id]} and items {@code {dataCode}} (libs/formula)
 * @param inputType  data source (Table 3) reported with each value
 * @param scope      1 whole plant, 2 process, 3 process unit, 4 key equipment
 * @param unit       unit of the values
 * @param valueMin   lowest plausible value of one period, optional (platform's {@code dataValueMin})
 * @param valueMax   highest plausible value, optional
 */
public record ItemConfig(String dataCode, String name, List<Integer> statTypes, String formula, int inputType,
                         int scope, String unit, BigDecimal valueMin, BigDecimal valueMax) {
    public ItemConfig {
        statTypes = statTypes == null || statTypes.isEmpty() ? List.of(0, 1, 2) : List.copyOf(statTypes);
    }
}
