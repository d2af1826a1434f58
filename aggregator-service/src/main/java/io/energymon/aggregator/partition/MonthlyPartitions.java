package io.energymon.aggregator.partition;

import io.energymon.aggregator.config.AggregatorProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Monthly range partitions (UTC months) of the time-partitioned tables {@code reading}, {@code reading_day} and
 * {@code interval_consumption}, named {@code <table>_yYYYYmMM}. Partitions are created ahead by
 * {@link PartitionMaintenance}, and on demand for a batch with readings of a month that has none (a back-fill), in a
 * transaction of their own committed before the batch's. Expired months are dropped whole.
 */
@Component
public class MonthlyPartitions {
    private static final Logger log = LoggerFactory.getLogger(MonthlyPartitions.class);
    /** The partitioned tables and their partition key. */
    public static final List<String> TABLES = List.of("reading", "reading_day", "interval_consumption");

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTx;
    private final AggregatorProperties props;
    private final Clock clock;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();
    private volatile Set<String> hypertables;

    @Autowired
    public MonthlyPartitions(JdbcClient jdbc, PlatformTransactionManager txm, AggregatorProperties props) {
        this(jdbc, txm, props, Clock.systemUTC());
    }

    MonthlyPartitions(JdbcClient jdbc, PlatformTransactionManager txm, AggregatorProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.ownTx = new TransactionTemplate(txm);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.props = props;
        this.clock = clock;
    }

    public static YearMonth monthOf(Instant ts) {
        return YearMonth.from(ts.atOffset(ZoneOffset.UTC));
    }

    /** The oldest month kept: readings before it are expired. */
    public YearMonth oldestKept() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(props.retentionMonths() - 1L);
    }

    /** Whether a reading at ts can be stored: within the retention and not absurdly far in the future. */
    public boolean storable(Instant ts) {
        return !monthOf(ts).isBefore(oldestKept()) && !ts.isAfter(clock.instant().plus(props.futureTolerance()));
    }

    /** Makes sure every table has a partition for each month; one round trip per month not known yet. */
    public synchronized void ensure(Collection<YearMonth> months) {
        for (YearMonth m : new TreeSet<>(months)) {
            if (known.contains(m)) {
                continue;
            }
            ownTx.executeWithoutResult(s -> {
                for (String table : TABLES) {
                    if (hypertables().contains(table)) {
                        continue; // TimescaleDB creates its chunks itself
                    }
                    jdbc.sql("create table if not exists " + name(table, m) + " partition of " + table
                            + " for values from ('" + m.atDay(1) + " 00:00:00+00') to ('" + m.plusMonths(1).atDay(1)
                            + " 00:00:00+00')").update();
                }
            });
            known.add(m);
        }
    }

    /** Creates the current month and the months ahead; drops the months older than the retention. */
    public void maintain() {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        List<YearMonth> ahead = new java.util.ArrayList<>();
        for (int i = 0; i <= props.partitionsAhead(); i++) {
            ahead.add(now.plusMonths(i));
        }
        ensure(ahead);
        dropExpired();
    }

    /** Drops whole partitions of months before {@link #oldestKept()}; returns the names dropped. */
    public List<String> dropExpired() {
        YearMonth oldest = oldestKept();
        List<String> dropped = new java.util.ArrayList<>();
        for (String table : TABLES) {
            if (hypertables().contains(table)) {
                dropped.addAll(jdbc.sql("select drop_chunks(?::regclass, older_than => ?::timestamptz)::text")
                        .params(table, oldest.atDay(1) + " 00:00:00+00").query(String.class).list());
                continue;
            }
            List<String> parts = jdbc.sql("""
                            select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                             where i.inhparent = ?::regclass
                            """).param(table).query(String.class).list();
            for (String part : parts) {
                YearMonth m = monthOfPartition(table, part);
                if (m != null && m.isBefore(oldest)) {
                    ownTx.executeWithoutResult(s -> jdbc.sql("drop table " + part).update());
                    known.remove(m);
                    dropped.add(part);
                    log.info("dropped expired partition {} (retention {} months)", part, props.retentionMonths());
                }
            }
        }
        return dropped;
    }

    /**
     * The tables among {@link #TABLES} that are TimescaleDB hypertables (migration V8 makes them so when TimescaleDB
     * is loaded): their chunks are created and dropped by TimescaleDB. Empty on plain PostgreSQL. Read once.
     */
    public Set<String> hypertables() {
        Set<String> found = hypertables;
        if (found == null) {
            boolean timescale = jdbc.sql("select exists (select 1 from pg_extension where extname = 'timescaledb')")
                    .query(Boolean.class).single();
            found = timescale ? Set.copyOf(jdbc.sql("""
                    select hypertable_name::text from timescaledb_information.hypertables
                     where hypertable_schema = current_schema()""").query(String.class).list()) : Set.of();
            hypertables = found;
            log.info("time-partitioned tables: {}", found.isEmpty() ? "monthly partitions (plain PostgreSQL)"
                    : "TimescaleDB hypertables " + found + ", monthly partitions for the others");
        }
        return found;
    }

    static String name(String table, YearMonth m) {
        return String.format("%s_y%04dm%02d", table, m.getYear(), m.getMonthValue());
    }

    /** The month of a partition named {@code <table>_yYYYYmMM}, or null when the name is not of that form. */
    public static YearMonth monthOfPartition(String table, String partition) {
        String prefix = table + "_y";
        if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 7) {
            return null;
        }
        try {
            String rest = partition.substring(prefix.length());
            return YearMonth.of(Integer.parseInt(rest.substring(0, 4)), Integer.parseInt(rest.substring(5, 7)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
