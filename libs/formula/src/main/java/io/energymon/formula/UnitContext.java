package io.energymon.formula;

import java.util.Map;
import java.util.Optional;

/** What {@link Formula#check} needs to know from master data. */
public interface UnitContext {

    /** The unit of a point ({@code "1"} for a unitless one), or empty when no such point exists. */
    Optional<String> pointUnit(String pointId);

    /** The unit of a data item (code as bare digits), or empty when no such item exists. */
    Optional<String> itemUnit(String itemCode);

    /** The unit of the item the formula computes; empty to skip the result check. */
    Optional<String> resultUnit();

    /** A context from maps; item codes in {@code itemUnits} may carry hyphens. */
    static UnitContext of(Map<String, String> pointUnits, Map<String, String> itemUnits, String resultUnit) {
        Map<String, String> items = new java.util.HashMap<>();
        itemUnits.forEach((code, unit) -> items.put(Formula.bareCode(code), unit));
        return new UnitContext() {
            @Override
            public Optional<String> pointUnit(String pointId) {
                return Optional.ofNullable(pointUnits.get(pointId));
            }

            @Override
            public Optional<String> itemUnit(String itemCode) {
                return Optional.ofNullable(items.get(itemCode));
            }

            @Override
            public Optional<String> resultUnit() {
                return Optional.ofNullable(resultUnit);
            }
        };
    }
}
