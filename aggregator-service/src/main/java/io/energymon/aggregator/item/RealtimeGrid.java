package io.energymon.aggregator.item;

import io.energymon.aggregator.config.AggregatorProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The periods of real-time (statType 0) item values: the 15-minute grid of §9.8.1 (periods starting at multiples of
 * the period since the epoch, so :00, :15, :30, :45 in every zone whose offset is a multiple of 15 minutes;
 * {@code energymon.aggregator.realtime-period}) for points polled as often or more often, whose finer intervals and
 * readings are summed into their period; a point polled less often (hourly, daily) gives values of its own slot, as
 * fine as it is measured.
 */
@Component
public final class RealtimeGrid {
    private final Duration period;
    private final long periodMs;

    public RealtimeGrid(AggregatorProperties props) {
        this.period = props.realtimePeriod();
        this.periodMs = period.toMillis();
    }

    /** A real-time period {@code [start, end)}. */
    public record Period(Instant start, Instant end) {
    }

    /** The grid's period length. */
    public Duration period() {
        return period;
    }

    /**
     * The real-time periods that data of {@code [start, end)} from a point polled every {@code slot} contributes to:
     * the grid periods it overlaps when the slot is at most the grid's period, else the span itself.
     */
    public List<Period> periodsOf(Instant start, Instant end, Duration slot) {
        if (slot.compareTo(period) > 0) {
            return List.of(new Period(start, end));
        }
        List<Period> out = new ArrayList<>(1);
        for (long q = Math.floorDiv(start.toEpochMilli(), periodMs) * periodMs; q < end.toEpochMilli(); q += periodMs) {
            out.add(new Period(Instant.ofEpochMilli(q), Instant.ofEpochMilli(q + periodMs)));
        }
        return out;
    }
}
