package io.energymon.aggregator.interval;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The latest usable (GOOD or UNCERTAIN) reading of a series stored in the database.
 *
 * @param good whether the reading is GOOD (an UNCERTAIN one makes the intervals ending at it doubtful)
 */
public record LastValue(Instant ts, BigDecimal value, boolean good) {
    /** Whether this reading is later than the other, or at the same time (a correction of it). */
    public boolean supersedes(LastValue other) {
        return other == null || !ts.isBefore(other.ts);
    }
}
