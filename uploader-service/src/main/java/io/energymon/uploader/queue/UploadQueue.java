package io.energymon.uploader.queue;

import io.energymon.domain.event.ItemValue;
import io.energymon.uploader.directory.Enterprise;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable delivery queue, one row per (platform, enterprise, dataCode, statType, statDate). A newer version
 * replaces an unsent value, and puts back a sent one as 补传 (re-upload); an older or equal version (a replayed
 * event) changes nothing.
 *
 * <p>Statuses: {@code PENDING} waits for delivery, {@code SENT} was accepted by the platform, {@code NOT_REPORTED}
 * was withdrawn before it was sent because the enterprise's configuration no longer reports that period of the item
 * ({@code ItemConfig.statTypes}); a withdrawn row stays as history (with {@code sent_version}/{@code sent_at} of an
 * earlier version it had sent), and a newer version of its value puts it back to {@code PENDING} like a sent one.
 */
@Component
public class UploadQueue {
    private static final Logger log = LoggerFactory.getLogger(UploadQueue.class);
    /** Enterprises per withdrawal statement. */
    private static final int CHUNK = 200;
    /**
     * The upsert rule of the queue: a higher version replaces the row and puts a sent one back as 补传; an equal or
     * lower version changes nothing. Follows an {@code insert into upload_item ... 'PENDING'}.
     */
    static final String ON_CONFLICT_KEEP_NEWEST = """
            on conflict (platform_id, tenant_id, enterprise_code, data_code, stat_type, stat_date) do update
               set value = excluded.value, version = excluded.version, input_type = excluded.input_type,
                   scope = excluded.scope, valid = excluded.valid, status = 'PENDING',
                   reupload = upload_item.reupload or upload_item.status = 'SENT',
                   attempts = 0, next_attempt_at = now(), last_error = null, updated_at = now()
             where excluded.version > upload_item.version
            """;

    private final JdbcClient jdbc;

    public UploadQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when the queue changed */
    public boolean offer(String platformId, ItemValue v) {
        return jdbc.sql("""
                        insert into upload_item (platform_id, tenant_id, enterprise_code, data_code, stat_type, stat_date,
                                                 value, version, input_type, scope, valid, status)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')
                        """ + ON_CONFLICT_KEEP_NEWEST)
                .params(platformId, v.tenantId(), v.enterpriseCode(), v.dataCode(), v.statType(),
                        Timestamp.valueOf(v.statDate()), v.value(), v.version(), v.inputType(), v.scope(), v.valid())
                .update() == 1;
    }

    /** A queued value claimed for delivery: the version claimed, and the attempts before this one. */
    public record Item(String dataCode, int statType, LocalDateTime statDate, BigDecimal value, long version,
                       int inputType, int scope, boolean valid, int attempts) {
    }

    /**
     * Claims due items of one enterprise for one platform: rows that are pending, due at {@code now}, not in
     * flight (no lease, or a lease that ran out) and not of an item whose code the platform's code lists reject
     * ({@code item_code_invalid}: such rows wait, still pending, until the code is valid again), locked with {@code FOR UPDATE SKIP LOCKED} only for the time of
     * this statement, and marked in flight with the token and a lease until {@code now + lease}. The caller commits
     * before sending; the rows are not locked during the flight.
     *
     * @param statDateBefore only items of periods that started before it (closed days, months or years), or null
     * @return the claimed items, by statDate and dataCode
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Item> claimDue(String platformId, String tenantId, String enterpriseCode, int statType,
                               LocalDateTime statDateBefore, int limit, UUID token, String claimedBy, Instant now,
                               Duration lease) {
        Timestamp at = Timestamp.from(now);
        Timestamp before = Timestamp.valueOf(statDateBefore == null ? LocalDateTime.of(9999, 1, 1, 0, 0) : statDateBefore);
        return jdbc.sql("""
                        with due as (
                            select q.platform_id, q.tenant_id, q.enterprise_code, q.data_code, q.stat_type, q.stat_date
                              from upload_item q
                             where q.platform_id = ? and q.tenant_id = ? and q.enterprise_code = ? and q.stat_type = ?
                               and q.stat_date < ? and q.status = 'PENDING' and q.next_attempt_at <= ?
                               and (q.lease_until is null or q.lease_until <= ?)
                               and not exists (select 1 from item_code_invalid x
                                                where x.platform_id = q.platform_id and x.tenant_id = q.tenant_id
                                                  and x.enterprise_code = q.enterprise_code
                                                  and x.data_code = q.data_code)
                             order by q.stat_date, q.data_code
                             limit ? for update skip locked)
                        update upload_item u set claim_token = ?, claimed_by = ?, lease_until = ?
                          from due
                         where u.platform_id = due.platform_id and u.tenant_id = due.tenant_id
                           and u.enterprise_code = due.enterprise_code and u.data_code = due.data_code
                           and u.stat_type = due.stat_type and u.stat_date = due.stat_date
                           and u.tenant_id = ? and u.enterprise_code = ?
                        returning u.data_code, u.stat_type, u.stat_date, u.value, u.version, u.input_type, u.scope,
                                  u.valid, u.attempts
                        """)
                .params(platformId, tenantId, enterpriseCode, statType, before, at, at, limit, token, claimedBy,
                        Timestamp.from(now.plus(lease)), tenantId, enterpriseCode)
                .query((rs, i) -> new Item(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toLocalDateTime(),
                        rs.getBigDecimal(4), rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getBoolean(8), rs.getInt(9)))
                .list().stream()
                .sorted(Comparator.comparing(Item::statDate).thenComparing(Item::dataCode))
                .toList();
    }

    /** An item's place in the queue of its (platform, enterprise). */
    public record Held(String dataCode, int statType, LocalDateTime statDate) {
        public static Held of(Item it) {
            return new Held(it.dataCode(), it.statType(), it.statDate());
        }
    }

    /**
     * Extends the lease of every row still held under the token (rows recorded meanwhile are no longer held).
     *
     * @return the rows still held
     */
    public Set<Held> renew(String platformId, String tenantId, String enterpriseCode, UUID token, Instant now,
                           Duration lease) {
        return Set.copyOf(jdbc.sql("""
                        update upload_item set lease_until = ?
                         where platform_id = ? and tenant_id = ? and enterprise_code = ? and claim_token = ?
                        returning data_code, stat_type, stat_date
                        """)
                .params(Timestamp.from(now.plus(lease)), platformId, tenantId, enterpriseCode, token)
                .query((rs, i) -> new Held(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toLocalDateTime()))
                .list());
    }

    /**
     * Records that the platform accepted the claimed items, where the claim still stands: a row still at the
     * claimed version becomes {@code SENT} (its 补传 flag cleared); a row a newer version reached during the flight
     * stays {@code PENDING}, due at once, as a 补传 of the version sent. A row whose claim ran out and was taken over
     * is left to its new holder, unless a newer version than the one sent is there: the platform may have received
     * this late answer's older value after the newer one, so the row goes back to the queue to send the newest again.
     *
     * @return the items whose claim still stood
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int markSent(String platformId, String tenantId, String enterpriseCode, List<Item> items, UUID token,
                        Instant now) {
        Timestamp at = Timestamp.from(now);
        int recorded = 0;
        for (Item it : items) {
            int n = jdbc.sql("""
                            update upload_item
                               set sent_version = ?, sent_at = ?,
                                   status = case when version = ? then 'SENT' else status end,
                                   reupload = version <> ?,
                                   attempts = case when version = ? then attempts + 1 else attempts end,
                                   last_error = case when version = ? then null else last_error end,
                                   next_attempt_at = case when version = ? then next_attempt_at else ? end,
                                   claim_token = null, claimed_by = null, lease_until = null, updated_at = now()
                             where platform_id = ? and tenant_id = ? and enterprise_code = ? and data_code = ?
                               and stat_type = ? and stat_date = ? and claim_token = ?
                            """)
                    .params(it.version(), at, it.version(), it.version(), it.version(), it.version(), it.version(), at,
                            platformId, tenantId, enterpriseCode, it.dataCode(), it.statType(),
                            Timestamp.valueOf(it.statDate()), token)
                    .update();
            if (n == 0) {
                int requeued = jdbc.sql("""
                                update upload_item
                                   set status = 'PENDING', reupload = true, next_attempt_at = ?, claim_token = null,
                                       claimed_by = null, lease_until = null, updated_at = now()
                                 where platform_id = ? and tenant_id = ? and enterprise_code = ? and data_code = ?
                                   and stat_type = ? and stat_date = ? and version > ?
                                """)
                        .params(at, platformId, tenantId, enterpriseCode, it.dataCode(), it.statType(),
                                Timestamp.valueOf(it.statDate()), it.version())
                        .update();
                log.warn("claim of {} {} ran out before the platform accepted version {}{}", it.dataCode(),
                        it.statDate(), it.version(), requeued > 0 ? ": its newer version is queued again" : "");
            }
            recorded += n;
        }
        return recorded;
    }

    /**
     * Records a failed request for the claimed items, where the claim still stands: a row at the claimed version
     * counts an attempt and is due again after the back-off ({@link #backoff}, from {@code now}); a row a newer
     * version reached during the flight only loses its claim (the new value has not been tried yet).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markFailed(String platformId, String tenantId, String enterpriseCode, List<Item> items, UUID token,
                           String error, Instant now, Duration firstBackoff, Duration maxBackoff) {
        for (Item it : items) {
            Timestamp next = Timestamp.from(now.plus(backoff(it.attempts() + 1, firstBackoff, maxBackoff)));
            jdbc.sql("""
                            update upload_item
                               set attempts = case when version = ? then attempts + 1 else attempts end,
                                   last_error = case when version = ? then ? else last_error end,
                                   next_attempt_at = case when version = ? then ? else next_attempt_at end,
                                   claim_token = null, claimed_by = null, lease_until = null, updated_at = now()
                             where platform_id = ? and tenant_id = ? and enterprise_code = ? and data_code = ?
                               and stat_type = ? and stat_date = ? and claim_token = ?
                            """)
                    .params(it.version(), it.version(), error, it.version(), next, platformId, tenantId,
                            enterpriseCode, it.dataCode(), it.statType(), Timestamp.valueOf(it.statDate()), token)
                    .update();
        }
    }

    /**
     * Refuses claimed items locally, without sending them: status {@code FAILED} with the reason, claim released.
     * A newer version of the value puts the row back to {@code PENDING}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markRefused(String platformId, String tenantId, String enterpriseCode, Item it, UUID token,
                            String reason) {
        jdbc.sql("""
                        update upload_item
                           set status = 'FAILED', last_error = ?, claim_token = null, claimed_by = null,
                               lease_until = null, updated_at = now()
                         where platform_id = ? and tenant_id = ? and enterprise_code = ? and data_code = ?
                           and stat_type = ? and stat_date = ? and version = ? and claim_token = ?
                        """)
                .params(reason, platformId, tenantId, enterpriseCode, it.dataCode(), it.statType(),
                        Timestamp.valueOf(it.statDate()), it.version(), token)
                .update();
    }

    /** Number of items of an enterprise due for a platform. */
    public long countDue(String platformId, String tenantId, String enterpriseCode, int statType) {
        return jdbc.sql("""
                        select count(*) from upload_item
                         where platform_id = ? and tenant_id = ? and enterprise_code = ? and stat_type = ?
                           and status = 'PENDING' and next_attempt_at <= now()
                        """)
                .params(platformId, tenantId, enterpriseCode, statType)
                .query(Long.class).single();
    }

    /**
     * Notes why the due items of an enterprise could not even be sent (its certificate is missing...), without
     * counting an attempt or backing off: nothing reached the platform, and the next round tries again.
     */
    public int noteNotSent(String platformId, String tenantId, String enterpriseCode, int statType, String error) {
        return jdbc.sql("""
                        update upload_item set last_error = ?, updated_at = now()
                         where platform_id = ? and tenant_id = ? and enterprise_code = ? and stat_type = ?
                           and status = 'PENDING' and next_attempt_at <= now()
                           and last_error is distinct from ?
                        """)
                .params(error, platformId, tenantId, enterpriseCode, statType, error)
                .update();
    }

    /**
     * Withdraws the pending rows, of every platform, whose (item, statType) these enterprises' configuration does not
     * report ({@link Enterprise#reports}): status {@code NOT_REPORTED}, the reason in {@code last_error}. Set-based:
     * per chunk of enterprises one query lists the (item, statType) pairs they have pending and one update withdraws
     * those the rule excludes. Rows already {@code SENT} are untouched; a pending 补传 is withdrawn and keeps the
     * {@code sent_version}/{@code sent_at} of the version it had sent.
     *
     * @return rows withdrawn
     */
    public int withdrawNotReported(Collection<Enterprise> enterprises) {
        List<Enterprise> all = List.copyOf(enterprises);
        int withdrawn = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
            withdrawn += withdrawChunk(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return withdrawn;
    }

    private int withdrawChunk(List<Enterprise> chunk) {
        UnreportedPairs pairs = UnreportedPairs.find(jdbc, "upload_item", "x.status = 'PENDING'", chunk);
        if (pairs.isEmpty()) {
            return 0;
        }
        String[] reasons = new String[pairs.size()];
        for (int i = 0; i < reasons.length; i++) {
            reasons[i] = notReportedReason(pairs.enterprises().get(i), pairs.dataCodes()[i], pairs.statTypes()[i]);
        }
        int n = jdbc.sql("""
                        update upload_item u
                           set status = 'NOT_REPORTED', last_error = n.reason, updated_at = now()
                          from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
                               as n(tenant_id, enterprise_code, data_code, stat_type, reason)
                         where u.tenant_id = n.tenant_id and u.enterprise_code = n.enterprise_code
                           and u.data_code = n.data_code and u.stat_type = n.stat_type and u.status = 'PENDING'
                        """)
                .params(pairs.tenants(), pairs.codes(), pairs.dataCodes(), pairs.statTypes(), reasons)
                .update();
        if (n > 0) {
            log.info("withdrew {} pending queue row(s) of {} (item, statType) pair(s) no longer reported by the "
                    + "configuration of their enterprise", n, pairs.size());
        }
        return n;
    }

    /**
     * Withdraws claimed items that the enterprise's configuration does not report (the configuration changed after
     * they were queued); must run in the transaction that claimed them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markNotReported(String platformId, Enterprise e, List<Item> items) {
        for (Item it : items) {
            jdbc.sql("""
                            update upload_item set status = 'NOT_REPORTED', last_error = ?, updated_at = now(),
                                   claim_token = null, claimed_by = null, lease_until = null
                             where platform_id = ? and tenant_id = ? and enterprise_code = ? and data_code = ?
                               and stat_type = ? and stat_date = ? and version = ? and status = 'PENDING'
                            """)
                    .params(notReportedReason(e, it.dataCode(), it.statType()), platformId, e.tenantId(),
                            e.enterpriseCode(), it.dataCode(), it.statType(), Timestamp.valueOf(it.statDate()),
                            it.version())
                    .update();
        }
    }

    /** Why a row was withdrawn, as the portal shows it. */
    static String notReportedReason(Enterprise e, String dataCode, int statType) {
        return "未上报：数据项 " + dataCode + " 的统计类型 " + statType + " 不在配置中 / not reported: "
                + "config.v1 revision " + e.revision() + " reports item " + dataCode + " for statTypes "
                + e.statTypes().get(dataCode).stream().sorted().toList() + " only, not " + statType;
    }

    /** Back-off after the n-th failure: first, 2×first, 4×first ... capped at max (≤ 2 h). */
    public static Duration backoff(int failures, Duration first, Duration max) {
        if (failures <= 1) {
            return first.compareTo(max) > 0 ? max : first;
        }
        int shift = Math.min(failures - 1, 30);
        long millis = first.toMillis();
        long grown = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(grown, max.toMillis()));
    }
}
