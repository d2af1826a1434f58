package io.energymon.aggregator.interval;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Consumption of a cumulative point between two consecutive usable readings.
 *
 * @param consumption end - start; null when it cannot be derived (see flag)
 * @param flag        NORMAL (exactly one slot), GAP (readings missing in between: the consumption spans several slots
 *                    and is never spread over them silently), DECREASE (the counter went down: rollover, reset or
 *                    meter swap, to be resolved by meter events; no consumption is invented)
 */
public record Interval(Instant start, Instant end, BigDecimal startValue, BigDecimal endValue, BigDecimal consumption,
                       Flag flag) {

    public enum Flag { NORMAL, GAP, DECREASE }

    /** Derives the interval between two readings of a cumulative point, a before b. */
    public static Interval between(Instant aTs, BigDecimal a, Instant bTs, BigDecimal b, Duration slot) {
        Objects.requireNonNull(slot, "slot");
        if (!bTs.isAfter(aTs)) {
            throw new IllegalArgumentException("interval end " + bTs + " must be after its start " + aTs);
        }
        BigDecimal delta = b.subtract(a);
        if (delta.signum() < 0) {
            return new Interval(aTs, bTs, a, b, null, Flag.DECREASE);
        }
        Flag flag = Duration.between(aTs, bTs).equals(slot) ? Flag.NORMAL : Flag.GAP;
        return new Interval(aTs, bTs, a, b, delta, flag);
    }
}
