package io.energymon.aggregator.interval;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A counter change of one series from {@code meter-events.v1} (replacement, reset, recalibration with an adjusted
 * counter): readings before {@code occurredAt} belong to the old counter, whose last reading was {@code finalReading};
 * readings from {@code occurredAt} on to the new one, which started at {@code initialReading}.
 */
public record MeterChange(int seriesId, Instant occurredAt, BigDecimal finalReading, BigDecimal initialReading) {

    /** Whether the change lies in the span of the interval {@code (aTs, bTs]}. */
    public boolean within(Instant aTs, Instant bTs) {
        return occurredAt.isAfter(aTs) && !occurredAt.isAfter(bTs);
    }

    /** The changes (in time order) within {@code (aTs, bTs]}. */
    public static List<MeterChange> within(List<MeterChange> changes, Instant aTs, Instant bTs) {
        if (changes == null || changes.isEmpty()) {
            return List.of();
        }
        return changes.stream().filter(c -> c.within(aTs, bTs)).toList();
    }
}
