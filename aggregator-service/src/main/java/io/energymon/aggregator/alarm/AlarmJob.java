package io.energymon.aggregator.alarm;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.schedule.PeriodicTask;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alarms no incoming data raises, checked every {@code alarm-interval} by one instance at a time (a transaction
 * advisory lock; another instance skips the round):
 * <ul>
 * <li>{@link AlarmKind#POINT_SILENT}: a polled or derived point that has reported before but has no usable reading
 *     in its last {@code silent-after-slots} slots (a dead meter reports BAD readings, a dead collector nothing);</li>
 * <li>{@link AlarmKind#METER_VERIFICATION_DUE}: a meter whose verification is due within
 *     {@code verification-warning} (or overdue), checked when an enterprise's configuration or local date changes;</li>
 * <li>{@link AlarmKind#MISSING_INTERVALS}: a real-time item whose previous local day has fewer real-time values
 *     present (not withdrawn: a doubtful value is there, a withdrawn one is missing) than the day has periods of the
 *     real-time grid, checked once per enterprise and local day, after
 *     {@code missing-check-delay} past midnight (before the platform's daily upload);</li>
 * <li>{@link AlarmKind#MANUAL_ENTRY_MISSING}: a monthly manual item without its month's value after
 *     {@code manual-entry-deadline-day} of the following month ({@link ManualEntryDeadline});</li>
 * <li>{@link AlarmKind#METER_IMBALANCE}: a main meter whose previous local day differs from the sum of its
 *     sub-meters' beyond {@code alarm.meter-balance-tolerance} ({@link MeterBalance}), judged once per enterprise and
 *     local day after the same delay.</li>
 * </ul>
 */
@Component
public class AlarmJob implements SmartLifecycle {
    private static final long LOCK = 0x616c61726d4a6f62L; // "alarmJob"

    private final ItemCatalog catalog;
    private final AlarmStates alarms;
    private final MeterBalance balance;
    private final JdbcClient jdbc;
    private final AggregatorProperties props;
    private final TransactionTemplate tx;
    private final ManualEntryDeadline manualEntries;
    /** Per enterprise, the configuration revision and local date its meters were last checked at. */
    private final Map<EnterpriseRef, String> verificationChecked = new ConcurrentHashMap<>();
    /** Per enterprise, the local day whose real-time values were last counted. */
    private final Map<EnterpriseRef, LocalDate> completenessChecked = new ConcurrentHashMap<>();
    /** Per enterprise, the local day whose meter balance was last judged. */
    private final Map<EnterpriseRef, LocalDate> balanceChecked = new ConcurrentHashMap<>();
    private volatile PeriodicTask task;

    public AlarmJob(ItemCatalog catalog, AlarmStates alarms, MeterBalance balance, JdbcClient jdbc,
                    AggregatorProperties props, PlatformTransactionManager txm,
                    ManualEntryDeadline manualEntries) {
        this.manualEntries = manualEntries;
        this.catalog = catalog;
        this.alarms = alarms;
        this.balance = balance;
        this.jdbc = jdbc;
        this.props = props;
        this.tx = new TransactionTemplate(txm);
    }

    /** One round at {@code now}; returns the alarm events written, or -1 when another instance holds the round. */
    public int runOnce(Instant now) {
        ItemCatalog.Snapshot snapshot = catalog.snapshot();
        if (!snapshot.loaded()) {
            return 0;
        }
        AtomicReference<Map<EnterpriseRef, String>> pending = new AtomicReference<>(Map.of());
        Map<EnterpriseRef, LocalDate> counted = new HashMap<>();
        Map<EnterpriseCatalog, LocalDate> balanced = new HashMap<>();
        Integer events = tx.execute(s -> {
            if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
                return -1;
            }
            List<Observation> observations = new ArrayList<>(silentPoints(snapshot, now));
            Map<EnterpriseRef, String> checked = new HashMap<>();
            observations.addAll(verification(snapshot, now, checked));
            observations.addAll(completeness(snapshot, now, counted));
            observations.addAll(manualEntries.observe(snapshot, now));
            observations.addAll(balance.observe(closedDays(snapshot, now, balanceChecked, balanced)));
            int n = alarms.observe(observations).size();
            pending.set(checked);
            return n;
        });
        // remembered once committed: a failed round checks the meters again
        verificationChecked.putAll(pending.get());
        if (events != null && events >= 0) {
            completenessChecked.putAll(counted);
            balanced.forEach((e, day) -> balanceChecked.put(e.ref(), day));
        }
        return events == null ? 0 : events;
    }

    private List<Observation> silentPoints(ItemCatalog.Snapshot snapshot, Instant now) {
        List<String> tenants = new ArrayList<>();
        List<String> enterprises = new ArrayList<>();
        List<String> points = new ArrayList<>();
        List<String> since = new ArrayList<>();
        for (EnterpriseCatalog e : snapshot.enterprises().values()) {
            for (PointConfig p : e.points()) {
                if (p.deviceId() != null || p.steam() != null) { // polled or derived, not entered by hand
                    tenants.add(e.ref().tenantId());
                    enterprises.add(e.ref().enterpriseCode());
                    points.add(p.id());
                    since.add(now.minus(p.slot().multipliedBy(props.silentAfterSlots())).toString());
                }
            }
        }
        if (points.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select q.t, q.e, q.p, l.ts, q.since,
                               exists (select 1 from reading r where r.series_id = s.series_id and r.ts >= q.since
                                          and r.quality <> 2) as recent
                          from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) as q(t, e, p, since)
                          join series s on s.tenant_id = q.t and s.enterprise_code = q.e and s.point_id = q.p
                          join reading_latest l on l.series_id = s.series_id
                        """)
                .params(tenants.toArray(String[]::new), enterprises.toArray(String[]::new),
                        points.toArray(String[]::new), since.toArray(String[]::new))
                .query((rs, i) -> {
                    EnterpriseRef ref = new EnterpriseRef(rs.getString(1), rs.getString(2));
                    String point = rs.getString(3);
                    if (rs.getBoolean(6)) {
                        return Observation.good(ref, AlarmKind.POINT_SILENT, point, now);
                    }
                    String since2 = rs.getObject(5, OffsetDateTime.class).toInstant().toString();
                    return Observation.bad(ref, AlarmKind.POINT_SILENT, point, now,
                            props.silentAfterSlots() + " 个采集周期内无有效读数（自 " + since2 + "）",
                            "no usable reading in " + props.silentAfterSlots() + " slots (since " + since2 + ")");
                })
                .list();
    }

    private List<Observation> verification(ItemCatalog.Snapshot snapshot, Instant now,
                                           Map<EnterpriseRef, String> checked) {
        List<Observation> out = new ArrayList<>();
        for (EnterpriseCatalog e : snapshot.enterprises().values()) {
            LocalDate today = now.atZone(e.zone()).toLocalDate();
            String mark = e.revision() + "@" + today;
            if (mark.equals(verificationChecked.get(e.ref()))) {
                continue;
            }
            checked.put(e.ref(), mark);
            LocalDate warnFrom = today.plus(props.verificationWarning());
            for (MeterConfig m : e.meters()) {
                LocalDate due = m.verificationDue();
                if (due != null && !due.isAfter(warnFrom)) {
                    boolean overdue = due.isBefore(today);
                    out.add(Observation.bad(e.ref(), AlarmKind.METER_VERIFICATION_DUE, m.code(), now,
                            (m.name() == null ? "" : m.name() + "，") + (overdue ? "检定已于 " + due + " 到期"
                                    : "检定将于 " + due + " 到期"),
                            (m.name() == null ? "" : m.name() + ", ") + (overdue ? "verification expired on " + due
                                    : "verification due on " + due)));
                } else {
                    out.add(Observation.good(e.ref(), AlarmKind.METER_VERIFICATION_DUE, m.code(), now));
                }
            }
        }
        return out;
    }

    /**
     * The enterprises whose previous local day closed at least {@code missing-check-delay} ago and is not yet in
     * {@code checked}, with that day (also put in {@code due}).
     */
    private Map<EnterpriseCatalog, LocalDate> closedDays(ItemCatalog.Snapshot snapshot, Instant now,
                                                         Map<EnterpriseRef, LocalDate> checked,
                                                         Map<EnterpriseCatalog, LocalDate> due) {
        for (EnterpriseCatalog e : snapshot.enterprises().values()) {
            ZonedDateTime local = now.atZone(e.zone());
            LocalDate yesterday = local.toLocalDate().minusDays(1);
            if (!local.toLocalTime().isBefore(LocalTime.MIDNIGHT.plus(props.missingCheckDelay()))
                    && !yesterday.equals(checked.get(e.ref()))) {
                due.put(e, yesterday);
            }
        }
        return due;
    }

    /** Yesterday's real-time values present (not withdrawn) per real-time item, against the periods of a day. */
    private List<Observation> completeness(ItemCatalog.Snapshot snapshot, Instant now,
                                           Map<EnterpriseRef, LocalDate> counted) {
        List<String> tenants = new ArrayList<>();
        List<String> enterprises = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        for (EnterpriseCatalog e : snapshot.enterprises().values()) {
            ZonedDateTime local = now.atZone(e.zone());
            LocalDate yesterday = local.toLocalDate().minusDays(1);
            if (local.toLocalTime().isBefore(LocalTime.MIDNIGHT.plus(props.missingCheckDelay()))
                    || yesterday.equals(completenessChecked.get(e.ref()))) {
                continue;
            }
            counted.put(e.ref(), yesterday);
            for (var item : e.items()) {
                if (item.config().statTypes().contains(0)) {
                    tenants.add(e.ref().tenantId());
                    enterprises.add(e.ref().enterpriseCode());
                    codes.add(item.dataCode());
                    from.add(yesterday.atStartOfDay(e.zone()).toInstant().toString());
                    to.add(yesterday.plusDays(1).atStartOfDay(e.zone()).toInstant().toString());
                    days.add(yesterday);
                }
            }
        }
        if (codes.isEmpty()) {
            return List.of();
        }
        List<Observation> out = new ArrayList<>();
        jdbc.sql("""
                        select q.n, count(v.value) from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[],
                                                               ?::timestamptz[]) with ordinality as q(t, e, c, f, u, n)
                          left join item_value v on v.tenant_id = q.t and v.enterprise_code = q.e and v.data_code = q.c
                           and v.stat_type = 0 and not v.withdrawn and v.period_start >= q.f and v.period_start < q.u
                         group by q.n
                        """)
                .params(tenants.toArray(String[]::new), enterprises.toArray(String[]::new),
                        codes.toArray(String[]::new), from.toArray(String[]::new), to.toArray(String[]::new))
                .query((rs, i) -> {
                    int n = rs.getInt(1) - 1;
                    long present = rs.getLong(2);
                    EnterpriseRef ref = new EnterpriseRef(tenants.get(n), enterprises.get(n));
                    Instant dayStart = Instant.parse(from.get(n));
                    long due = Duration.between(dayStart, Instant.parse(to.get(n))).toMillis()
                            / props.realtimePeriod().toMillis();
                    if (present >= due) {
                        out.add(Observation.good(ref, AlarmKind.MISSING_INTERVALS, codes.get(n), now));
                    } else {
                        out.add(Observation.bad(ref, AlarmKind.MISSING_INTERVALS, codes.get(n), now,
                                days.get(n) + " 仅有 " + present + "/" + due + " 个实时值",
                                "only " + present + " of " + due + " real-time values on " + days.get(n)));
                    }
                    return n;
                })
                .list();
        return out;
    }

    @Override
    public void start() {
        task = PeriodicTask.start("alarms", props.alarmInterval(), () -> runOnce(Instant.now()));
    }

    @Override
    public void stop() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
