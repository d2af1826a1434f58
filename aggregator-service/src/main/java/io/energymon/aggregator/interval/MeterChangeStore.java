package io.energymon.aggregator.interval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The counter changes of {@code meter-events.v1}, stored durably by series ({@code meter_change}); keyed by
 * (event id, series), so a replayed event changes nothing. Runs inside the caller's transaction.
 */
@Component
public class MeterChangeStore {
    private final JdbcClient jdbc;

    public MeterChangeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One change to store. */
    public record Row(UUID eventId, int type, MeterChange change) {
    }

    /**
     * Serialises a meter event with readings ingest: waits for the ingest transactions in flight (they hold ROW
     * EXCLUSIVE on {@code reading}) and makes new ones wait until this transaction ends. Without it, an event and
     * the readings around it committed concurrently would not see each other and the interval would stay unresolved.
     * Ingest reads the changes after writing its readings, so it sees an event committed before it could write.
     * Events are rare and their transactions short.
     */
    public void lockAgainstIngest() {
        jdbc.sql("lock table reading in share mode").update();
    }

    /** Inserts the changes not stored yet; returns those that were new. */
    public List<MeterChange> insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        insert into meter_change (series_id, occurred_at, final_reading, initial_reading, type, event_id)
                        select * from unnest(?::int[], ?::timestamptz[], ?::numeric[], ?::numeric[], ?::smallint[],
                                             ?::uuid[])
                        on conflict (event_id, series_id) do nothing
                        returning series_id, occurred_at, final_reading, initial_reading
                        """)
                .params(rows.stream().map(r -> r.change().seriesId()).toArray(Integer[]::new),
                        rows.stream().map(r -> r.change().occurredAt().toString()).toArray(String[]::new),
                        rows.stream().map(r -> r.change().finalReading().toPlainString()).toArray(String[]::new),
                        rows.stream().map(r -> r.change().initialReading().toPlainString()).toArray(String[]::new),
                        rows.stream().map(Row::type).toArray(Integer[]::new),
                        rows.stream().map(r -> r.eventId().toString()).toArray(String[]::new))
                .query((rs, i) -> change(rs))
                .list();
    }

    /** All stored changes of the series, in time order per series (few: a meter changes a few times a year). */
    public Map<Integer, List<MeterChange>> of(Collection<Integer> seriesIds) {
        Map<Integer, List<MeterChange>> out = new HashMap<>();
        if (seriesIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select series_id, occurred_at, final_reading, initial_reading from meter_change
                         where series_id = any(?) order by series_id, occurred_at, event_id
                        """)
                .param(seriesIds.toArray(Integer[]::new))
                .query((rs, i) -> change(rs))
                .list()
                .forEach(c -> out.computeIfAbsent(c.seriesId(), k -> new ArrayList<>()).add(c));
        return out;
    }

    /** The usable readings around a change: the last one before it and the first one at or after it. */
    public record Around(LastValue previous, LastValue next) {
    }

    public Around around(int seriesId, Instant occurredAt) {
        return jdbc.sql("""
                        select p.ts, p.value, p.quality, n.ts, n.value, n.quality from (select 1) x
                          left join lateral reading_usable_before(?, ?) p on true
                          left join lateral reading_usable_after(?, ? - interval '1 microsecond') n on true
                        """)
                .params(seriesId, occurredAt.atOffset(java.time.ZoneOffset.UTC), seriesId,
                        occurredAt.atOffset(java.time.ZoneOffset.UTC))
                .query((rs, i) -> new Around(value(rs, 1), value(rs, 4)))
                .single();
    }

    private static LastValue value(ResultSet rs, int col) throws SQLException {
        OffsetDateTime ts = rs.getObject(col, OffsetDateTime.class);
        return ts == null ? null : new LastValue(ts.toInstant(), rs.getBigDecimal(col + 1), rs.getInt(col + 2) == 0);
    }

    private static MeterChange change(ResultSet rs) throws SQLException {
        return new MeterChange(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBigDecimal(3),
                rs.getBigDecimal(4));
    }
}
