package io.energymon.aggregator.query;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The period of a point, energy type or process series ({@code period=15min|hour|day|month|year}), always local to the
 * enterprise's zone (a Shanghai day starts at 16:00Z the day before, never at 00:00Z), and the longest range one
 * request may ask for. Periods are local wall-clock periods: in a zone with daylight saving a day may be 23 or 25
 * hours.
 */
public enum SeriesPeriod {
    QUARTER("15min", "15 minutes", 0, Duration.ofDays(31)),
    HOUR("hour", "1 hour", 0, Duration.ofDays(92)),
    DAY("day", "1 day", 1, Duration.ofDays(2 * 366)),
    MONTH("month", "1 month", 2, Duration.ofDays(10 * 366)),
    YEAR("year", "1 year", 3, Duration.ofDays(10 * 366));

    /** The request parameter value. */
    final String param;
    /** The PostgreSQL interval of one period. */
    final String step;
    /** The stat type of the stored item values a period is read from (hours are summed from quarter hours). */
    final int statType;
    final Duration maxRange;

    SeriesPeriod(String param, String step, int statType, Duration maxRange) {
        this.param = param;
        this.step = step;
        this.statType = statType;
        this.maxRange = maxRange;
    }

    /** The period a request names; a bilingual 400 listing the accepted values otherwise. */
    public static SeriesPeriod parse(String text) {
        for (SeriesPeriod p : values()) {
            if (p.param.equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        String accepted = Arrays.stream(values()).map(p -> p.param).collect(Collectors.joining("|"));
        throw new IllegalArgumentException("参数 period 的值“" + text + "”无效，应为 " + accepted
                + " / parameter period has an invalid value '" + text + "', expected " + accepted);
    }

    /** SQL: the local start of the period a local timestamp expression lies in. */
    String bucketOf(String localTimestamp) {
        return this == QUARTER ? "date_bin('15 minutes', " + localTimestamp + ", timestamp '2000-01-01')"
                : "date_trunc('" + name().toLowerCase() + "', " + localTimestamp + ")";
    }

    /**
     * The periods of a request: those whose local start lies in {@code [from, to)} (local dates; a month series from
     * the 15th starts with the next month). Checks the range: {@code to} after {@code from}, at most
     * {@link #maxRange}.
     */
    Range range(LocalDate from, LocalDate to, ZoneId zone) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("结束日期 to 须晚于开始日期 from / to (" + to + ") must be after from ("
                    + from + ")");
        }
        if (Duration.between(from.atStartOfDay(zone), to.atStartOfDay(zone)).compareTo(maxRange) > 0) {
            throw new IllegalArgumentException("时间范围过长：period=" + param + " 最多 " + maxRange.toDays() + " 天 / range "
                    + from + ".." + to + " too long: at most " + maxRange.toDays() + " days with period=" + param);
        }
        return aligned(from, to, zone);
    }

    /**
     * The periods whose local start lies in {@code [from, to)}, without the range checks of
     * {@link #range(LocalDate, LocalDate, ZoneId)} (for a caller with its own limits, such as the export).
     */
    Range aligned(LocalDate from, LocalDate to, ZoneId zone) {
        LocalDate first = switch (this) {
            case QUARTER, HOUR, DAY -> from;
            case MONTH -> from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
            case YEAR -> from.getDayOfYear() == 1 ? from : from.withDayOfYear(1).plusYears(1);
        };
        return new Range(first.atStartOfDay(), to.atStartOfDay(), zone);
    }

    /**
     * Local period starts from {@code first} (inclusive) to {@code end} (exclusive), in a zone; empty when no period
     * starts in the range.
     */
    record Range(LocalDateTime first, LocalDateTime end, ZoneId zone) {
        boolean empty() {
            return !first.isBefore(end);
        }
    }
}
