package io.energymon.aggregator.compaction;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.partition.MonthlyPartitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Packs the readings of closed UTC days into one {@code reading_day} row per series and day (arrays in time order),
 * deleting them from the narrow {@code reading} table in the same statement: about 20 bytes per reading instead of
 * about 100 (DESIGN §9). A day is closed once it ended {@code compact-after} ago ({@link #horizon(Instant)}).
 *
 * <p>A round walks every {@code reading} partition with rows before the horizon, {@code compaction-chunk} series per
 * statement, each statement its own transaction. A reading already packed for the same (series, ts) is replaced by the
 * newer one from {@code reading}, except that a BAD reading never replaces a usable one, as at ingest. Late readings
 * of packed days wait in {@code reading} until the next round; reads of history see both tables meanwhile (SQL
 * functions {@code reading_usable_before / after / at}). Only timestamps on whole milliseconds are packed (offsets
 * are milliseconds in an {@code integer}); a finer one stays in {@code reading}. A past month's narrow partition
 * whose readings are all packed is truncated, which frees the pages its deleted rows and index entries held.
 */
@Component
public class ReadingCompactor {
    private static final Logger log = LoggerFactory.getLogger(ReadingCompactor.class);

    /** An empty B-tree index: its meta page. */
    private static final long EMPTY_INDEX_BYTES = 8192;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AggregatorProperties props;
    private final Clock clock;

    @Autowired
    public ReadingCompactor(JdbcClient jdbc, PlatformTransactionManager txm, AggregatorProperties props) {
        this(jdbc, txm, props, Clock.systemUTC());
    }

    ReadingCompactor(JdbcClient jdbc, PlatformTransactionManager txm, AggregatorProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txm);
        this.props = props;
        this.clock = clock;
    }

    /** What a round did. */
    public record Result(long readingsPacked, long dayRowsWritten, Duration took) {
    }

    /** Start of the first UTC day that is not closed yet: readings before it are packed (or will be next round). */
    public Instant horizon() {
        return horizon(clock.instant());
    }

    /** Start of the first UTC day that is not closed yet at {@code now}: readings before it are packed. */
    public Instant horizon(Instant now) {
        return horizon(now, props.compactAfter());
    }

    static Instant horizon(Instant now, Duration compactAfter) {
        return now.minus(compactAfter).truncatedTo(ChronoUnit.DAYS);
    }

    /** One round up to the horizon of now. */
    public Result compact() {
        return compact(horizon(clock.instant()));
    }

    /** One round: packs every reading before {@code before} (start of a UTC day). */
    public Result compact(Instant before) {
        if (!before.equals(before.truncatedTo(ChronoUnit.DAYS))) {
            throw new IllegalArgumentException("not the start of a UTC day: " + before);
        }
        long t0 = System.nanoTime();
        Integer maxSeries = jdbc.sql("select max(series_id) from series").query(Integer.class).single();
        long packed = 0;
        long rows = 0;
        if (maxSeries != null) {
            for (String partition : partitions()) {
                YearMonth month = MonthlyPartitions.monthOfPartition("reading", partition);
                Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!from.isBefore(before)) {
                    continue;
                }
                Instant until = to.isBefore(before) ? to : before;
                for (int low = 1; low <= maxSeries; low += props.compactionChunk()) {
                    long[] done = packChunk(partition, low, low + props.compactionChunk(), from, until);
                    packed += done[0];
                    rows += done[1];
                }
                if (!to.isAfter(before)) {
                    truncateIfEmpty(partition);
                }
            }
        }
        Result result = new Result(packed, rows, Duration.ofNanos(System.nanoTime() - t0));
        if (packed > 0) {
            log.info("packed {} readings into {} day rows (before {}) in {} ms", packed, rows, before,
                    result.took().toMillis());
        }
        return result;
    }

    /**
     * Gives the disk of a month's narrow partition back once all of it was packed: deleted rows leave their B-tree
     * entries' pages allocated (about 30 bytes per reading), and nothing would reuse them in a past month. Waits at
     * most 2 s for the lock (ingest of a late reading of that month holds it briefly); the next round tries again.
     */
    private void truncateIfEmpty(String partition) {
        try {
            tx.executeWithoutResult(s -> {
                jdbc.sql("set local lock_timeout = '2s'").update();
                jdbc.sql("lock table " + partition + " in access exclusive mode").update();
                boolean empty = jdbc.sql("select not exists (select 1 from " + partition + ")")
                        .query(Boolean.class).single();
                boolean allocated = jdbc.sql("""
                                select pg_relation_size(c.oid) > 0
                                    or pg_indexes_size(c.oid) > ? * (select count(*) from pg_index where indrelid = c.oid)
                                  from pg_class c where c.oid = ?::regclass""")
                        .params(EMPTY_INDEX_BYTES, partition).query(Boolean.class).single();
                if (empty && allocated) {
                    jdbc.sql("truncate " + partition).update();
                    log.info("truncated {}: all its readings are packed", partition);
                }
            });
        } catch (RuntimeException e) {
            log.info("{} not truncated this round: {}", partition, e.getMessage());
        }
    }

    /** The {@code reading} partitions of a month, oldest first. */
    private List<String> partitions() {
        return jdbc.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                         where i.inhparent = 'reading'::regclass order by c.relname
                        """).query(String.class).list().stream()
                .filter(p -> MonthlyPartitions.monthOfPartition("reading", p) != null).toList();
    }

    /** Moves the readings of series [low, high) in [from, until) of one partition; returns {moved, day rows}. */
    private long[] packChunk(String partition, int low, int high, Instant from, Instant until) {
        long[] out = new long[2];
        jdbc.sql("""
                        with moved as (
                            delete from %s r
                             where r.series_id >= ? and r.series_id < ? and r.ts >= ? and r.ts < ?
                               and r.ts = date_trunc('milliseconds', r.ts)
                            returning r.series_id, r.ts, r.quality, r.source, r.value
                        ), incoming as (
                            select m.series_id, date_trunc('day', m.ts, 'UTC') as day_start, m.ts, m.quality,
                                   m.source, m.value, 0 as pref
                              from moved m
                        ), packed as (
                            select d.series_id, d.day_start, d.day_start + u.off * interval '1 millisecond' as ts,
                                   u.q, u.s, u.v, 1 as pref
                              from reading_day d
                              join (select distinct series_id, day_start from incoming) k
                                on d.series_id = k.series_id and d.day_start = k.day_start
                             cross join lateral unnest(d.offsets, d.quality, d.source, d.value) as u(off, q, s, v)
                        ), chosen as (
                            select distinct on (series_id, ts) series_id, day_start, ts, quality, source, value
                              from (select * from incoming union all select * from packed) a
                             order by series_id, ts, quality = 2, pref
                        ), written as (
                            insert into reading_day (day_start, series_id, offsets, quality, source, value)
                            select day_start, series_id,
                                   array_agg((extract(epoch from ts - day_start) * 1000)::int order by ts),
                                   array_agg(quality order by ts), array_agg(source order by ts),
                                   array_agg(value order by ts)
                              from chosen group by day_start, series_id
                            on conflict (series_id, day_start) do update
                               set offsets = excluded.offsets, quality = excluded.quality,
                                   source = excluded.source, value = excluded.value
                            returning 1
                        )
                        select (select count(*) from moved), (select count(*) from written)
                        """.formatted(partition))
                .params(low, high, from.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> {
                    out[0] = rs.getLong(1);
                    out[1] = rs.getLong(2);
                    return null;
                })
                .list();
        return out;
    }
}
