package io.energymon.formula;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** The values of one period that {@link Formula#evaluate} reads. */
public interface ValueSource {

    /** The value of a point in the period, or empty when it has none (yet). */
    Optional<BigDecimal> point(String pointId);

    /** The value of a data item (code as bare digits) in the period, or empty when it has none (yet). */
    Optional<BigDecimal> item(String itemCode);

    /** A source from maps; item codes in {@code items} may carry hyphens. */
    static ValueSource of(Map<String, BigDecimal> points, Map<String, BigDecimal> items) {
        Map<String, BigDecimal> bare = new java.util.HashMap<>();
        items.forEach((code, value) -> bare.put(Formula.bareCode(code), value));
        return new ValueSource() {
            @Override
            public Optional<BigDecimal> point(String pointId) {
                return Optional.ofNullable(points.get(pointId));
            }

            @Override
            public Optional<BigDecimal> item(String itemCode) {
                return Optional.ofNullable(bare.get(itemCode));
            }
        };
    }
}
