package io.energymon.uploader.queue;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.uploader.directory.Enterprise;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Item values that cannot be queued yet because their enterprise's configuration has not arrived on
 * {@code config.v1} (or names no upload target). They are kept durably in {@code parked_item_value} (upsert on the
 * event's natural key, the highest version wins), the Kafka offset is committed, and as soon as the enterprise's
 * configuration gives them somewhere to go they are moved into the queue, one row per target, and deleted from the
 * park, in one set-based transaction. The move applies the listener's rule: a parked value whose item the
 * configuration has but does not report for its statType ({@link Enterprise#reports}) is deleted from the park, not
 * queued, and counted ({@code uploader_items_not_reported_total}); a value of an item the configuration does not
 * have is moved like any other.
 *
 * <p>Race between parking and moving: both take a PostgreSQL advisory lock per enterprise, and the listener looks
 * the enterprise up again once it holds the lock, while the directory is updated before the move starts. So a value
 * is either queued directly or parked before the move and moved by it, never left behind. A periodic sweep (and
 * every start) moves whatever a failed move left.
 */
@Component
public class ParkingLot {
    private static final Logger log = LoggerFactory.getLogger(ParkingLot.class);
    /** Enterprises per moving transaction (each takes one advisory lock). */
    private static final int CHUNK = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Counter parkedTotal;
    private final Counter notReported;
    private final AtomicLong parkedRows = new AtomicLong();
    private final AtomicReference<Instant> oldest = new AtomicReference<>();

    public ParkingLot(JdbcClient jdbc, TransactionTemplate tx, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.parkedTotal = Counter.builder("uploader_items_parked_total")
                .description("item values parked because their enterprise's configuration had not arrived")
                .register(registry);
        this.notReported = ItemValuesListener.notReportedCounter(registry);
        Gauge.builder("uploader_parked_items", parkedRows, AtomicLong::get)
                .description("item values waiting in the park for their enterprise's configuration")
                .register(registry);
        Gauge.builder("uploader_parked_oldest_age_seconds", this, ParkingLot::oldestAgeSeconds)
                .description("age of the oldest parked item value").register(registry);
    }

    /**
     * Serialises parking and moving for one enterprise until the end of the current transaction. The caller looks
     * the enterprise up again after this returns.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(String tenantId, String enterpriseCode) {
        jdbc.sql("select 1 from (select pg_advisory_xact_lock(?)) l")
                .param(lockKey(tenantId, enterpriseCode)).query(Integer.class).single();
    }

    /**
     * Parks a value (upsert, the highest version wins).
     *
     * @param payload the event as received (JSON)
     * @return true when the park changed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean park(ItemValue v, byte[] payload, String reason) {
        List<Boolean> inserted = jdbc.sql("""
                        insert into parked_item_value (tenant_id, enterprise_code, data_code, stat_type, stat_date, value,
                                                       version, input_type, scope, valid, payload, reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (tenant_id, enterprise_code, data_code, stat_type, stat_date) do update
                           set value = excluded.value, version = excluded.version, input_type = excluded.input_type,
                               scope = excluded.scope, valid = excluded.valid, payload = excluded.payload,
                               reason = excluded.reason, updated_at = now()
                         where excluded.version > parked_item_value.version
                        returning (xmax = 0)
                        """)
                .params(v.tenantId(), v.enterpriseCode(), v.dataCode(), v.statType(), Timestamp.valueOf(v.statDate()),
                        v.value(), v.version(), v.inputType(), v.scope(), v.valid(),
                        new String(payload, StandardCharsets.UTF_8), reason)
                .query(Boolean.class).list();
        if (inserted.isEmpty()) {
            return false;
        }
        parkedTotal.increment();
        if (inserted.getFirst()) {
            parkedRows.incrementAndGet();
            oldest.compareAndSet(null, Instant.now());
        }
        return true;
    }

    /**
     * Moves the parked values of these enterprises into the queue, one row per target (enabled or paused), with the
     * queue's upsert rule, and deletes them from the park; those their item is not reported for are deleted without
     * being queued. Enterprises without targets are left parked.
     *
     * @return rows of the queue that changed
     */
    public int unpark(Collection<Enterprise> enterprises) {
        List<Enterprise> sorted = enterprises.stream().filter(Enterprise::hasTargets)
                .sorted(Comparator.comparingLong((Enterprise e) -> lockKey(e.tenantId(), e.enterpriseCode()))
                        .thenComparing(Enterprise::key))
                .toList();
        int changed = 0;
        for (int from = 0; from < sorted.size(); from += CHUNK) {
            List<Enterprise> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
            Moved m = tx.execute(status -> moveChunk(chunk));
            if (m != null) {
                changed += m.queued();
                notReported.increment(m.notReported()); // after the commit: a rolled back move counted nothing
            }
        }
        if (!sorted.isEmpty()) {
            refreshStats();
        }
        return changed;
    }

    /** What one chunk's move did: queue rows changed, parked values deleted as not reported. */
    private record Moved(int queued, int notReported) {
    }

    private Moved moveChunk(List<Enterprise> chunk) {
        List<String> tenants = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<String> platforms = new ArrayList<>();
        for (Enterprise e : chunk) {
            lock(e.tenantId(), e.enterpriseCode());
            for (Enterprise.Target t : e.targets()) {
                tenants.add(e.tenantId());
                codes.add(e.enterpriseCode());
                platforms.add(t.platformId());
            }
        }
        int dropped = dropNotReported(chunk);
        int n = jdbc.sql("""
                        with t (tenant_id, enterprise_code, platform_id) as (
                                 select * from unnest(?::text[], ?::text[], ?::text[])),
                             moved as (
                                 delete from parked_item_value p
                                  where (p.tenant_id, p.enterprise_code) in (select tenant_id, enterprise_code from t)
                                 returning p.tenant_id, p.enterprise_code, p.data_code, p.stat_type, p.stat_date, p.value,
                                           p.version, p.input_type, p.scope, p.valid)
                        insert into upload_item (platform_id, tenant_id, enterprise_code, data_code, stat_type, stat_date,
                                                 value, version, input_type, scope, valid, status)
                        select t.platform_id, m.tenant_id, m.enterprise_code, m.data_code, m.stat_type, m.stat_date,
                               m.value, m.version, m.input_type, m.scope, m.valid, 'PENDING'
                          from moved m join t on t.tenant_id = m.tenant_id and t.enterprise_code = m.enterprise_code
                        """ + UploadQueue.ON_CONFLICT_KEEP_NEWEST)
                .params(tenants.toArray(String[]::new), codes.toArray(String[]::new), platforms.toArray(String[]::new))
                .update();
        if (n > 0) {
            log.info("moved parked item values of {} enterprise(s) into the queue: {} queue row(s) changed",
                    chunk.size(), n);
        }
        return new Moved(n, dropped);
    }

    /**
     * Deletes the parked values of the chunk whose item its enterprise's configuration does not report for their
     * statType. Set-based: one query lists the (item, statType) pairs parked, one delete removes those the rule
     * excludes. Runs in the move's transaction, under its locks.
     *
     * @return parked values deleted
     */
    private int dropNotReported(List<Enterprise> chunk) {
        UnreportedPairs pairs = UnreportedPairs.find(jdbc, "parked_item_value", "true", chunk);
        if (pairs.isEmpty()) {
            return 0;
        }
        int n = jdbc.sql("""
                        delete from parked_item_value p
                         using unnest(?::text[], ?::text[], ?::text[], ?::int[])
                               as n(tenant_id, enterprise_code, data_code, stat_type)
                         where p.tenant_id = n.tenant_id and p.enterprise_code = n.enterprise_code
                           and p.data_code = n.data_code and p.stat_type = n.stat_type
                        """)
                .params(pairs.tenants(), pairs.codes(), pairs.dataCodes(), pairs.statTypes())
                .update();
        if (n > 0) {
            log.info("{} parked item value(s) of {} enterprise(s) not moved into the queue: their items are not "
                    + "reported for their statType", n, chunk.size());
        }
        return n;
    }

    /** The enterprises that have parked values. */
    public List<EnterpriseRef> parkedEnterprises() {
        return jdbc.sql("select distinct tenant_id, enterprise_code from parked_item_value")
                .query((rs, i) -> new EnterpriseRef(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** Reads the number and age of parked values again (the gauges). */
    public void refreshStats() {
        jdbc.sql("select count(*), min(parked_at) from parked_item_value")
                .query(rs -> {
                    parkedRows.set(rs.getLong(1));
                    OffsetDateTime min = rs.getObject(2, OffsetDateTime.class);
                    oldest.set(min == null ? null : min.toInstant());
                });
    }

    /** Number of parked values as of the last park, move or refresh. */
    public long parkedCount() {
        return parkedRows.get();
    }

    private double oldestAgeSeconds() {
        Instant o = oldest.get();
        return o == null || parkedRows.get() == 0 ? 0 : Math.max(0, Duration.between(o, Instant.now()).toMillis() / 1000.0);
    }

    /** The advisory lock of an enterprise's park (a 64-bit hash of {@code park:tenantId/USCC}). */
    static long lockKey(String tenantId, String enterpriseCode) {
        return UUID.nameUUIDFromBytes(("park:" + EnterpriseConfig.key(tenantId, enterpriseCode))
                .getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }
}
