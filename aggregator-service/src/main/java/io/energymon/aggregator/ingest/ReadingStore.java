package io.energymon.aggregator.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes raw readings and the latest reading of each series set-based: one statement each per batch. Quality is
 * stored as its ordinal (0 GOOD, 1 UNCERTAIN, 2 BAD).
 */
@Component
class ReadingStore {
    private static final int BAD = 2;
    private final JdbcClient jdbc;

    ReadingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored reading's key. */
    record Key(int seriesId, Instant ts) {
    }

    /**
     * Upserts the readings (at most one per series and ts); returns the keys of those new or changed. A BAD reading
     * never overwrites a usable one; an equal one (a replay) changes nothing. Readings before {@code packedBefore}
     * (the compaction horizon) are first compared with what is packed in {@code reading_day}: equal ones, and BAD ones
     * over a usable packed reading, change nothing; the others go to {@code reading} like any, where they win over
     * the packed one until the next compaction round merges them.
     */
    Set<Key> upsert(Collection<ReadingRow> all, Instant packedBefore) {
        Collection<ReadingRow> rows = withoutPackedAlready(all, packedBefore);
        if (rows.isEmpty()) {
            return Set.of();
        }
        int n = rows.size();
        String[] ts = new String[n];
        Integer[] ids = new Integer[n];
        Integer[] quality = new Integer[n];
        Integer[] source = new Integer[n];
        String[] value = new String[n];
        int i = 0;
        for (ReadingRow r : rows) {
            ts[i] = r.ts().toString();
            ids[i] = r.seriesId();
            quality[i] = r.reading().quality().ordinal();
            source[i] = r.reading().source();
            value[i] = r.value() == null ? null : r.value().toPlainString();
            i++;
        }
        Set<Key> changed = new HashSet<>();
        jdbc.sql("""
                        insert into reading (ts, series_id, quality, source, value)
                        select * from unnest(?::timestamptz[], ?::int[], ?::smallint[], ?::smallint[], ?::numeric[])
                        on conflict (series_id, ts) do update
                           set quality = excluded.quality, source = excluded.source, value = excluded.value
                         where (reading.value, reading.quality) is distinct from (excluded.value, excluded.quality)
                           and (excluded.quality <> 2 or reading.quality = 2)
                        returning series_id, ts
                        """)
                .params(ts, ids, quality, source, value)
                .query((rs, row) -> changed.add(new Key(rs.getInt(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant())))
                .list();
        return changed;
    }

    /** The readings minus those of packed days that would change nothing there (one statement, only when any). */
    private Collection<ReadingRow> withoutPackedAlready(Collection<ReadingRow> rows, Instant packedBefore) {
        List<ReadingRow> old = rows.stream().filter(r -> r.ts().isBefore(packedBefore)).toList();
        if (old.isEmpty()) {
            return rows;
        }
        record Packed(int quality, BigDecimal value) {
        }
        Map<Key, Packed> packed = new HashMap<>();
        jdbc.sql("""
                        select q.series_id, q.ts, u.q, u.v from unnest(?::int[], ?::timestamptz[]) as q(series_id, ts)
                          join reading_day d on d.series_id = q.series_id and d.day_start = date_trunc('day', q.ts, 'UTC')
                         cross join lateral (select x.q, x.v from unnest(d.offsets, d.quality, d.value) as x(off, q, v)
                                              where d.day_start + x.off * interval '1 millisecond' = q.ts) u
                        """)
                .params(old.stream().map(ReadingRow::seriesId).toArray(Integer[]::new),
                        old.stream().map(r -> r.ts().toString()).toArray(String[]::new))
                .query((rs, i) -> packed.put(new Key(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()),
                        new Packed(rs.getInt(3), rs.getBigDecimal(4))))
                .list();
        if (packed.isEmpty()) {
            return rows;
        }
        List<ReadingRow> out = new ArrayList<>(rows.size());
        for (ReadingRow r : rows) {
            Packed p = packed.get(new Key(r.seriesId(), r.ts()));
            int quality = r.reading().quality().ordinal();
            boolean same = p != null && p.quality() == quality
                    && (p.value() == null ? r.value() == null : r.value() != null && p.value().compareTo(r.value()) == 0);
            boolean badOverUsable = p != null && quality == BAD && p.quality() != BAD;
            if (!same && !badOverUsable) {
                out.add(r);
            }
        }
        return out;
    }

    /** Upserts the latest reading of each series (one row per series): a later one replaces it, by the same rule. */
    void upsertLatest(Collection<ReadingRow> latest) {
        if (latest.isEmpty()) {
            return;
        }
        int n = latest.size();
        Integer[] ids = new Integer[n];
        String[] ts = new String[n];
        Integer[] quality = new Integer[n];
        String[] value = new String[n];
        String[] error = new String[n];
        String[] collector = new String[n];
        int i = 0;
        for (ReadingRow r : latest) {
            ids[i] = r.seriesId();
            ts[i] = r.ts().toString();
            quality[i] = r.reading().quality().ordinal();
            value[i] = r.value() == null ? null : r.value().toPlainString();
            error[i] = r.reading().error();
            collector[i] = r.collectorId();
            i++;
        }
        jdbc.sql("""
                        insert into reading_latest (series_id, ts, quality, value, error, collector_id)
                        select * from unnest(?::int[], ?::timestamptz[], ?::smallint[], ?::numeric[], ?::text[], ?::text[])
                        on conflict (series_id) do update
                           set ts = excluded.ts, quality = excluded.quality, value = excluded.value,
                               error = excluded.error, collector_id = excluded.collector_id, received_at = now()
                         where excluded.ts > reading_latest.ts
                            or (excluded.ts = reading_latest.ts
                                and (excluded.quality <> 2 or reading_latest.quality = 2))
                        """)
                .params(ids, ts, quality, value, error, collector)
                .update();
    }
}
