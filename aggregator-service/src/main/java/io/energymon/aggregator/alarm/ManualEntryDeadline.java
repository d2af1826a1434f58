package io.energymon.aggregator.alarm;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.manual.ManualPeriods;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link AlarmKind#MANUAL_ENTRY_MISSING}: a monthly manual item — all its points entered by hand
 * ({@link ManualPeriods#manualItem}) and reported per month (stat type 2) — whose month has no month value (none, or
 * withdrawn) once
 * {@code manual-entry-deadline-day} of the following month has ended in the enterprise's zone. Each round looks at the
 * latest month past its deadline, and again at every month whose alarm is still raised, so that each missing month
 * raises once (subject {@code dataCode@yyyy-MM}) and clears once its entry has been rolled up into a month value.
 * One statement for the raised alarms, one for all month values.
 */
@Component
public class ManualEntryDeadline {
    private final JdbcClient jdbc;
    private final AggregatorProperties props;

    public ManualEntryDeadline(JdbcClient jdbc, AggregatorProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    private record Due(EnterpriseRef ref, String dataCode, YearMonth month, Instant monthStart, LocalDate deadline) {
        String subject() {
            return dataCode + "@" + month;
        }
    }

    /** The observations of a round at {@code now}; runs in the caller's transaction. */
    public List<Observation> observe(ItemCatalog.Snapshot snapshot, Instant now) {
        Map<String, Due> due = new LinkedHashMap<>();
        for (EnterpriseCatalog e : snapshot.enterprises().values()) {
            LocalDate today = now.atZone(e.zone()).toLocalDate();
            YearMonth latest = YearMonth.from(today).minusMonths(today.getDayOfMonth() > props.manualEntryDeadlineDay() ? 1 : 2);
            for (CatalogItem item : e.items()) {
                if (monthlyManual(e, item)) {
                    add(due, e, item.dataCode(), latest);
                }
            }
        }
        // months whose alarm is still raised, whatever month the round is in
        jdbc.sql("""
                        select tenant_id, enterprise_code, subject from alarm_state
                         where type = ? and alarm_id is not null
                        """)
                .param(AlarmKind.MANUAL_ENTRY_MISSING.name())
                .query((rs, i) -> {
                    EnterpriseRef ref = new EnterpriseRef(rs.getString(1), rs.getString(2));
                    String subject = rs.getString(3);
                    int at = subject.lastIndexOf('@');
                    Optional<EnterpriseCatalog> e = snapshot.enterprise(ref);
                    if (at > 0 && e.isPresent()) {
                        String code = subject.substring(0, at);
                        e.get().item(code).filter(item -> monthlyManual(e.get(), item))
                                .ifPresent(item -> add(due, e.get(), code, YearMonth.parse(subject.substring(at + 1))));
                    }
                    return subject;
                })
                .list();
        if (due.isEmpty()) {
            return List.of();
        }
        List<Due> rows = List.copyOf(due.values());
        List<Observation> out = new ArrayList<>();
        jdbc.sql("""
                        select q.n, exists (select 1 from item_value v
                                             where v.tenant_id = q.t and v.enterprise_code = q.e and v.data_code = q.c
                                               and v.stat_type = 2 and v.period_start = q.ms and not v.withdrawn)
                          from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) with ordinality
                               as q(t, e, c, ms, n)
                        """)
                .params(rows.stream().map(d -> d.ref().tenantId()).toArray(String[]::new),
                        rows.stream().map(d -> d.ref().enterpriseCode()).toArray(String[]::new),
                        rows.stream().map(Due::dataCode).toArray(String[]::new),
                        rows.stream().map(d -> d.monthStart().toString()).toArray(String[]::new))
                .query((rs, i) -> {
                    Due d = rows.get(rs.getInt(1) - 1);
                    if (rs.getBoolean(2)) {
                        out.add(Observation.good(d.ref(), AlarmKind.MANUAL_ENTRY_MISSING, d.subject(), now));
                    } else {
                        out.add(Observation.bad(d.ref(), AlarmKind.MANUAL_ENTRY_MISSING, d.subject(), now,
                                d.month() + " 的月度数据未在 " + d.deadline() + " 前填报",
                                "no entry for " + d.month() + " by the end of " + d.deadline()));
                    }
                    return d;
                })
                .list();
        return out;
    }

    private void add(Map<String, Due> due, EnterpriseCatalog e, String dataCode, YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay(e.zone()).toInstant();
        LocalDate deadline = month.plusMonths(1).atDay(props.manualEntryDeadlineDay());
        due.putIfAbsent(e.ref() + "/" + dataCode + "@" + month, new Due(e.ref(), dataCode, month, start, deadline));
    }

    private static boolean monthlyManual(EnterpriseCatalog e, CatalogItem item) {
        return item.config().statTypes().contains(2) && ManualPeriods.manualItem(e, item);
    }
}
