package io.energymon.aggregator.interval;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Set-based reads and writes of intervals and of the readings they are derived from: one statement for many series.
 * Runs inside the caller's transaction.
 */
@Component
public class IntervalStore {
    private final JdbcClient jdbc;

    public IntervalStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The neighbours of a reading: the usable readings of its series just before and just after it. */
    public record Neighbours(int seriesId, Instant ts, LastValue previous, LastValue next) {
    }

    /** The latest usable reading of each series (empty when it has none). */
    public Map<Integer, Optional<LastValue>> latestUsable(Collection<Integer> seriesIds) {
        Map<Integer, Optional<LastValue>> out = new HashMap<>();
        if (seriesIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select s.id, l.ts, l.value, l.quality from unnest(?::int[]) as s(id)
                          left join lateral reading_usable_before(s.id, 'infinity') l on true
                        """)
                .param(seriesIds.toArray(Integer[]::new))
                .query((rs, i) -> out.put(rs.getInt(1), Optional.ofNullable(lastValue(rs, 2))))
                .list();
        return out;
    }

    /** The usable neighbours of each (series, ts), as stored now (call after the readings were written). */
    public List<Neighbours> neighbours(List<Integer> seriesIds, List<Instant> ts) {
        if (seriesIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select c.series_id, c.ts, p.ts, p.value, p.quality, n.ts, n.value, n.quality
                          from unnest(?::int[], ?::timestamptz[]) as c(series_id, ts)
                          left join lateral reading_usable_before(c.series_id, c.ts) p on true
                          left join lateral reading_usable_after(c.series_id, c.ts) n on true
                        """)
                .params(seriesIds.toArray(Integer[]::new), ts.stream().map(Instant::toString).toArray(String[]::new))
                .query((rs, i) -> new Neighbours(rs.getInt(1), instant(rs, 2), lastValue(rs, 3), lastValue(rs, 6)))
                .list();
    }

    /**
     * Upserts the intervals (at most one per series and start) with whether they are good; returns how many were
     * written.
     */
    public int upsert(Map<Integer, List<Interval>> bySeries) {
        int n = bySeries.values().stream().mapToInt(List::size).sum();
        if (n == 0) {
            return 0;
        }
        String[] starts = new String[n];
        String[] ends = new String[n];
        Integer[] ids = new Integer[n];
        Integer[] flags = new Integer[n];
        String[] startValues = new String[n];
        String[] endValues = new String[n];
        String[] consumptions = new String[n];
        Boolean[] good = new Boolean[n];
        int i = 0;
        for (Map.Entry<Integer, List<Interval>> e : bySeries.entrySet()) {
            for (Interval in : e.getValue()) {
                starts[i] = in.start().toString();
                ends[i] = in.end().toString();
                ids[i] = e.getKey();
                flags[i] = in.flag().ordinal();
                startValues[i] = in.startValue().toPlainString();
                endValues[i] = in.endValue().toPlainString();
                consumptions[i] = in.consumption() == null ? null : in.consumption().toPlainString();
                good[i] = in.good();
                i++;
            }
        }
        jdbc.sql("""
                        insert into interval_consumption (interval_start, interval_end, series_id, flag, start_value,
                                                          end_value, consumption, good)
                        select * from unnest(?::timestamptz[], ?::timestamptz[], ?::int[], ?::smallint[], ?::numeric[],
                                             ?::numeric[], ?::numeric[], ?::boolean[])
                        on conflict (series_id, interval_start) do update
                           set interval_end = excluded.interval_end, flag = excluded.flag,
                               start_value = excluded.start_value, end_value = excluded.end_value,
                               consumption = excluded.consumption, good = excluded.good
                         where (interval_consumption.interval_end, interval_consumption.flag,
                                interval_consumption.start_value, interval_consumption.end_value,
                                interval_consumption.consumption, interval_consumption.good)
                               is distinct from (excluded.interval_end, excluded.flag, excluded.start_value,
                                                 excluded.end_value, excluded.consumption, excluded.good)
                        """)
                .params(starts, ends, ids, flags, startValues, endValues, consumptions, good)
                .update();
        return n;
    }

    private static LastValue lastValue(ResultSet rs, int col) throws SQLException {
        OffsetDateTime ts = rs.getObject(col, OffsetDateTime.class);
        BigDecimal value = rs.getBigDecimal(col + 1);
        return ts == null ? null : new LastValue(ts.toInstant(), value, rs.getInt(col + 2) == 0);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class).toInstant();
    }
}
