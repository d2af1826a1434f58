package io.energymon.aggregator.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes raw readings and the latest reading of each series set-based: one statement each per batch. Quality is
 * stored as its ordinal (0 GOOD, 1 UNCERTAIN, 2 BAD).
 */
@Component
class ReadingStore {
    private final JdbcClient jdbc;

    ReadingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored reading's key. */
    record Key(int seriesId, Instant ts) {
    }

    /**
     * Upserts the readings (at most one per series and ts); returns the keys of those new or changed. A BAD reading
     * never overwrites a usable one; an equal one (a replay) changes nothing.
     */
    Set<Key> upsert(Collection<ReadingRow> rows) {
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
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant())))
                .list();
        return changed;
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
