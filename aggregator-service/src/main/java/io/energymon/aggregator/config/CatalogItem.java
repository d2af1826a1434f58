package io.energymon.aggregator.config;

import io.energymon.domain.config.ItemConfig;
import io.energymon.formula.Formula;

/**
 * A data item of the catalog: its configuration and its parsed formula.
 *
 * @param dataCode the data item code as bare digits (the form formulas reference it by, {@code {dataCode}})
 */
public record CatalogItem(String dataCode, ItemConfig config, Formula formula) {
}
