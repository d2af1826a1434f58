package io.energymon.aggregator.interval;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Consumption of a cumulative point between two consecutive usable readings.
 *
 * <p><b>Rollover rule.</b> A counter with a {@code rolloverMax} counts {@code 0 … rolloverMax} in steps of the last
 * decimal of {@code rolloverMax} (its scale: 99999.99 counts in 0.01) and after {@code rolloverMax} shows 0 again, so
 * one full turn is {@code rolloverMax + step} (100000.00 for 99999.99). A reading that goes down from {@code start}
 * to {@code end} wrapped once when the implied consumption {@code (rolloverMax + step − start) + end} is plausible:
 * at most half of {@code rolloverMax}. Example: max 99999.99, 99990.00 → 5.00: (99999.99 + 0.01 − 99990.00) + 5.00
 * = 15.00. An implausible one (or a point without {@code rolloverMax}) stays a {@code DECREASE} and no consumption
 * is invented.
 *
 * @param consumption end - start (or the wrapped consumption); null when it cannot be derived (see flag)
 * @param flag        NORMAL (exactly one slot), GAP (readings missing in between: the consumption spans several slots
 *                    and is never spread over them silently), DECREASE (the counter went down and it is not a
 *                    plausible rollover: reset or meter swap, to be resolved by meter events; no consumption is
 *                    invented), ROLLOVER (exactly one slot, the counter wrapped past rolloverMax: usable like NORMAL)
 * @param good        whether the readings at both ends are GOOD; an interval derived from an UNCERTAIN reading (an
 *                    estimated or substituted one) keeps its consumption and flag but the item values computed from it
 *                    are doubtful ({@code valid = false}, still counted). The derivations below give {@code true}: the
 *                    caller, who knows the readings' quality, says otherwise with {@link #withEnds(boolean, boolean)}
 */
public record Interval(Instant start, Instant end, BigDecimal startValue, BigDecimal endValue, BigDecimal consumption,
                       Flag flag, boolean good) {

    /** A good interval (both end readings GOOD). */
    public Interval(Instant start, Instant end, BigDecimal startValue, BigDecimal endValue, BigDecimal consumption,
                    Flag flag) {
        this(start, end, startValue, endValue, consumption, flag, true);
    }

    /** This interval, good only when the readings at both its ends are GOOD. */
    public Interval withEnds(boolean startGood, boolean endGood) {
        return new Interval(start, end, startValue, endValue, consumption, flag, startGood && endGood);
    }

    /** Stored by ordinal (0 NORMAL, 1 GAP, 2 DECREASE, 3 ROLLOVER, 4 METER_CHANGE): append only. */
    public enum Flag {
        NORMAL, GAP, DECREASE, ROLLOVER, METER_CHANGE;

        /** Whether the consumption of such an interval is an input of item values (one slot, derived). */
        public boolean usable() {
            return this == NORMAL || this == ROLLOVER || this == METER_CHANGE;
        }
    }

    /**
     * Derives the interval between two readings of a cumulative point, a before b, whose span contains the given meter
     * changes (replacement, reset, adjusting recalibration; {@code aTs < occurredAt <= bTs}, in time order). Without
     * changes, see {@link #between(Instant, BigDecimal, Instant, BigDecimal, Duration, BigDecimal)}. With changes,
     * the consumption is that of each counter in turn: {@code (final1 − a) + (final2 − initial1) + … + (b − initialN)},
     * flag {@code METER_CHANGE} (usable) over one slot, {@code GAP} over several; a negative part (the readings
     * contradict the event) makes it a {@code DECREASE} without consumption.
     */
    public static Interval between(Instant aTs, BigDecimal a, Instant bTs, BigDecimal b, Duration slot,
                                   BigDecimal rolloverMax, java.util.List<MeterChange> changes) {
        if (changes == null || changes.isEmpty()) {
            return between(aTs, a, bTs, b, slot, rolloverMax);
        }
        if (!bTs.isAfter(aTs)) {
            throw new IllegalArgumentException("interval end " + bTs + " must be after its start " + aTs);
        }
        BigDecimal consumption = BigDecimal.ZERO;
        BigDecimal from = a;
        for (MeterChange c : changes) {
            BigDecimal part = c.finalReading().subtract(from);
            if (part.signum() < 0) {
                return new Interval(aTs, bTs, a, b, null, Flag.DECREASE);
            }
            consumption = consumption.add(part);
            from = c.initialReading();
        }
        BigDecimal last = b.subtract(from);
        if (last.signum() < 0) {
            return new Interval(aTs, bTs, a, b, null, Flag.DECREASE);
        }
        boolean oneSlot = Duration.between(aTs, bTs).equals(slot);
        return new Interval(aTs, bTs, a, b, consumption.add(last), oneSlot ? Flag.METER_CHANGE : Flag.GAP);
    }

    /** Derives the interval between two readings of a cumulative point without rollover, a before b. */
    public static Interval between(Instant aTs, BigDecimal a, Instant bTs, BigDecimal b, Duration slot) {
        return between(aTs, a, bTs, b, slot, null);
    }

    /**
     * Derives the interval between two readings of a cumulative point, a before b; {@code rolloverMax} null when
     * the counter does not wrap.
     */
    public static Interval between(Instant aTs, BigDecimal a, Instant bTs, BigDecimal b, Duration slot,
                                   BigDecimal rolloverMax) {
        Objects.requireNonNull(slot, "slot");
        if (!bTs.isAfter(aTs)) {
            throw new IllegalArgumentException("interval end " + bTs + " must be after its start " + aTs);
        }
        boolean oneSlot = Duration.between(aTs, bTs).equals(slot);
        BigDecimal delta = b.subtract(a);
        if (delta.signum() < 0) {
            BigDecimal wrapped = wrappedConsumption(a, b, rolloverMax);
            if (wrapped == null) {
                return new Interval(aTs, bTs, a, b, null, Flag.DECREASE);
            }
            return new Interval(aTs, bTs, a, b, wrapped, oneSlot ? Flag.ROLLOVER : Flag.GAP);
        }
        return new Interval(aTs, bTs, a, b, delta, oneSlot ? Flag.NORMAL : Flag.GAP);
    }

    /** The consumption of a counter that wrapped once from start to end, or null when that is not plausible. */
    static BigDecimal wrappedConsumption(BigDecimal start, BigDecimal end, BigDecimal rolloverMax) {
        if (rolloverMax == null || rolloverMax.signum() <= 0 || start.compareTo(rolloverMax) > 0 || end.signum() < 0) {
            return null;
        }
        BigDecimal step = BigDecimal.ONE.movePointLeft(Math.max(rolloverMax.scale(), 0));
        BigDecimal consumption = rolloverMax.add(step).subtract(start).add(end);
        BigDecimal half = rolloverMax.divide(BigDecimal.valueOf(2));
        return consumption.compareTo(half) <= 0 ? consumption : null;
    }
}
