package io.energymon.aggregator.rollup;

import io.energymon.aggregator.item.ItemValueWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The day (stat type 1), month (2) or year (3) containing an instant, in the enterprise's time zone: its start and
 * end as instants (a day in Asia/Shanghai starts at 16:00 UTC the day before) and its local start as statDate.
 */
public final class RollupPeriod {
    private RollupPeriod() {
    }

    public static ItemValueWriter.Period of(int statType, Instant instant, ZoneId zone) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate start = switch (statType) {
            case 1 -> day;
            case 2 -> day.withDayOfMonth(1);
            case 3 -> day.withDayOfYear(1);
            default -> throw new IllegalArgumentException("not a rolled-up stat type: " + statType);
        };
        LocalDate end = switch (statType) {
            case 1 -> start.plusDays(1);
            case 2 -> start.plusMonths(1);
            default -> start.plusYears(1);
        };
        ZonedDateTime from = start.atStartOfDay(zone);
        return new ItemValueWriter.Period(statType, from.toInstant(), end.atStartOfDay(zone).toInstant(),
                from.toLocalDateTime());
    }

    /** Whether an item reported for {@code statTypes} needs values of {@code level}: a year needs months and days. */
    public static boolean needed(java.util.List<Integer> statTypes, int level) {
        return statTypes.stream().anyMatch(t -> t >= level);
    }
}
