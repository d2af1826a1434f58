package io.energymon.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads months of one enterprise's data item values straight into the aggregator's {@code item_value} table (its
 * real schema, after its Flyway migrations) by {@code COPY}: the real-time value of every item and quarter hour
 * (statType 0) and their day, month and year rollups (statTypes 1–3: sums of the valid values below within the
 * local period, as {@code RollupJob} computes them), in the order the aggregator writes them — each day's quarter
 * hours slot by slot, then the day's values, a month's value after its last day, a year's after its last month (the
 * last, partial year at the end). Values are deterministic ({@link #cents}).
 */
final class ItemValueLoad {
    private static final int QUARTERS = 96;
    private static final int FLUSH_CHARS = 8 << 20;

    /** Rows written per statType, and the time the COPY took. */
    record Loaded(long quarters, long days, long months, long years, double seconds) {
        long total() {
            return quarters + days + months + years;
        }
    }

    private ItemValueLoad() {
    }

    /** The real-time value of item {@code item} in quarter hour {@code slot} (counted from the first), in 0.01. */
    static long cents(int item, long slot) {
        return 100 + (item * 37L + slot * 11L) % 1000;
    }

    /** The day value of item {@code item} on day {@code day} (counted from the first), in 0.01. */
    static long dayCents(int item, long day) {
        long sum = 0;
        for (int q = 0; q < QUARTERS; q++) {
            sum += cents(item, day * QUARTERS + q);
        }
        return sum;
    }

    static Loaded copy(Connection c, String tenant, String enterprise, List<String> codes, LocalDate firstMonth,
                       int months, ZoneId zone) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        int n = codes.size();
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = tenant + '\t' + enterprise + '\t' + codes.get(i);
        }
        long[] day = new long[n];
        long[] month = new long[n];
        long[] year = new long[n];
        long quarters = 0;
        long days = 0;
        long monthRows = 0;
        long yearRows = 0;
        long slot = 0;
        LocalDate end = firstMonth.plusMonths(months);
        LocalDate monthStart = firstMonth;
        LocalDate yearStart = firstMonth;
        StringBuilder sb = new StringBuilder(FLUSH_CHARS + (1 << 20));
        long t = System.nanoTime();
        for (LocalDate d = firstMonth; d.isBefore(end); d = d.plusDays(1)) {
            java.util.Arrays.fill(day, 0);
            for (int q = 0; q < QUARTERS; q++, slot++) {
                LocalDateTime local = d.atStartOfDay().plusMinutes(15L * q);
                String period = period(0, local, local.plusMinutes(15), zone);
                for (int i = 0; i < n; i++) {
                    long v = cents(i, slot);
                    day[i] += v;
                    row(sb, keys[i], period, v);
                }
                quarters += n;
            }
            String dayPeriod = period(1, d.atStartOfDay(), d.plusDays(1).atStartOfDay(), zone);
            for (int i = 0; i < n; i++) {
                row(sb, keys[i], dayPeriod, day[i]);
                month[i] += day[i];
            }
            days += n;
            LocalDate next = d.plusDays(1);
            if (next.getDayOfMonth() == 1) {
                String monthPeriod = period(2, monthStart.atStartOfDay(), next.atStartOfDay(), zone);
                for (int i = 0; i < n; i++) {
                    row(sb, keys[i], monthPeriod, month[i]);
                    year[i] += month[i];
                    month[i] = 0;
                }
                monthRows += n;
                monthStart = next;
                if (next.getDayOfYear() == 1 || !next.isBefore(end)) {
                    LocalDate first = yearStart.withDayOfYear(1);
                    String yearPeriod = period(3, first.atStartOfDay(), first.plusYears(1).atStartOfDay(), zone);
                    // a year is valid only when all its months are there (item.Validity): not the partial ones
                    boolean whole = yearStart.getDayOfYear() == 1 && next.getDayOfYear() == 1;
                    for (int i = 0; i < n; i++) {
                        row(sb, keys[i], yearPeriod, year[i], whole);
                        year[i] = 0;
                    }
                    yearRows += n;
                    yearStart = next;
                }
            }
            if (sb.length() > FLUSH_CHARS || !next.isBefore(end)) {
                copy.copyIn("copy item_value (tenant_id, enterprise_code, data_code, stat_type, period_start, "
                        + "period_end, stat_date, computed_at, value, version, valid) from stdin", new StringReader(sb.toString()));
                sb.setLength(0);
            }
        }
        return new Loaded(quarters, days, monthRows, yearRows, (System.nanoTime() - t) / 1e9);
    }

    /**
     * The columns of a period: statType, start and end (UTC), local start, and the time the value was computed: its
     * period's end, i.e. on time (what {@code /quality}'s timeliness reads).
     */
    private static String period(int statType, LocalDateTime start, LocalDateTime end, ZoneId zone) {
        Instant s = start.atZone(zone).toInstant();
        Instant e = end.atZone(zone).toInstant();
        return "\t" + statType + '\t' + s + '\t' + e + '\t' + start + '\t' + e + '\t';
    }

    private static void row(StringBuilder sb, String key, String period, long cents) {
        row(sb, key, period, cents, true);
    }

    private static void row(StringBuilder sb, String key, String period, long cents, boolean valid) {
        long frac = cents % 100;
        sb.append(key).append(period).append(cents / 100).append('.').append(frac < 10 ? "0" : "").append(frac)
                .append(valid ? "\t1\tt\n" : "\t1\tf\n");
    }
}
