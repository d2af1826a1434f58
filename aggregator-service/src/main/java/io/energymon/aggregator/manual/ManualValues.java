package io.energymon.aggregator.manual;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.rollup.RollupMarks;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.formula.Evaluation;
import io.energymon.formula.ValueSource;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The day and month values of manual items ({@link ManualPeriods#manualItem}) computed from the manual entries of
 * their points, for the rollup job, set-based (two statements per batch of marks, a third only when a formula
 * references items).
 *
 * <p>A point's value for a local <b>day</b> is its daily entry, or else its share of the weekly entry of the day's
 * week: a week is split evenly over its seven days, in proportion to their number (each day 1/7), the shares rounded
 * cumulatively to at least 6 decimals ({@code round(v·(i+1)/7) − round(v·i/7)} for the i-th day) so that they add up
 * exactly to the entry. A point's value for a <b>month</b> is its monthly entry, or else the sum of its day values
 * within the month. A monthly entry is not split into days: nothing says how a month's output was spread over its days,
 * so a monthly item entered monthly has month (and year) values and no day values. The item's value is its formula
 * over these point values (an item reference: the referenced item's value of the same period computed in the same
 * batch, else stored). Years are the sum of their months, as for every item. An item lacking a point's entry for the
 * period has no value here; the caller then rolls the level below up as for any item.
 */
@Component
public class ManualValues {
    private static final Logger log = LoggerFactory.getLogger(ManualValues.class);

    private final JdbcClient jdbc;
    private final ItemCatalog catalog;

    public ManualValues(JdbcClient jdbc, ItemCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** One (mark, point) input whose value is looked up. */
    private record Input(RollupMarks.Mark mark, String pointId) {
    }

    private record PeriodOf(EnterpriseRef ref, Instant start) {
    }

    /**
     * The values of the marked periods of manual items at {@code level} (1 day, 2 month) that the entries give; marks
     * of other items, of years, or without all entries are absent. Runs in the caller's transaction.
     */
    public Map<RollupMarks.Mark, BigDecimal> values(int level, List<RollupMarks.Mark> marks) {
        if (level < 1 || level > 2 || marks.isEmpty()) {
            return Map.of();
        }
        ItemCatalog.Snapshot config = catalog.snapshot();
        Map<PeriodOf, List<RollupMarks.Mark>> byPeriod = new LinkedHashMap<>();
        List<Input> inputs = new ArrayList<>();
        Days days = new Days();
        List<Integer> monthN = new ArrayList<>();
        for (RollupMarks.Mark m : marks) {
            Optional<EnterpriseCatalog> e = config.enterprise(m.ref());
            Optional<CatalogItem> item = e.flatMap(ec -> ec.item(m.dataCode()));
            if (item.isEmpty() || !ManualPeriods.manualItem(e.get(), item.get())) {
                continue;
            }
            byPeriod.computeIfAbsent(new PeriodOf(m.ref(), m.period().start()), k -> new ArrayList<>()).add(m);
            ZoneId zone = e.get().zone();
            LocalDate first = m.period().start().atZone(zone).toLocalDate();
            LocalDate end = m.period().end().atZone(zone).toLocalDate();
            for (String p : item.get().formula().pointRefs()) {
                int n = inputs.size();
                inputs.add(new Input(m, p));
                for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
                    days.add(n, m.ref(), p, d, zone);
                }
                if (level == 2) {
                    monthN.add(n);
                }
            }
        }
        if (inputs.isEmpty()) {
            return Map.of();
        }
        Map<Input, BigDecimal> pointValues = new HashMap<>();
        // day values: the daily entry, else the day's share of its week's entry; summed over the period's days
        jdbc.sql("""
                        select q.n, sum(coalesce(d.value, round(w.value * (q.i + 1) / 7, greatest(6, scale(w.value)))
                                                        - round(w.value * q.i / 7, greatest(6, scale(w.value))))),
                               count(coalesce(d.value, w.value))
                          from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                                      ?::int[]) as q(n, t, e, p, ds, ws, i)
                          join series s on s.tenant_id = q.t and s.enterprise_code = q.e and s.point_id = q.p
                          left join manual_entry d on d.series_id = s.series_id and d.period = 'DAY'
                                                  and d.period_start = q.ds
                          left join manual_entry w on w.series_id = s.series_id and w.period = 'WEEK'
                                                  and w.period_start = q.ws
                         group by q.n
                        """)
                .params(days.n.toArray(Integer[]::new), days.tenants.toArray(String[]::new),
                        days.enterprises.toArray(String[]::new), days.points.toArray(String[]::new),
                        days.dayStarts.toArray(String[]::new), days.weekStarts.toArray(String[]::new),
                        days.dayOfWeek.toArray(Integer[]::new))
                .query((rs, i) -> {
                    if (rs.getLong(3) > 0) {
                        pointValues.put(inputs.get(rs.getInt(1)), rs.getBigDecimal(2));
                    }
                    return null;
                })
                .list();
        if (!monthN.isEmpty()) {
            // a monthly entry is the month's value, whatever the days hold
            jdbc.sql("""
                            select q.n, m.value
                              from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                                   as q(n, t, e, p, ms)
                              join series s on s.tenant_id = q.t and s.enterprise_code = q.e and s.point_id = q.p
                              join manual_entry m on m.series_id = s.series_id and m.period = 'MONTH'
                                                 and m.period_start = q.ms
                            """)
                    .params(monthN.toArray(Integer[]::new),
                            monthN.stream().map(n -> inputs.get(n).mark().ref().tenantId()).toArray(String[]::new),
                            monthN.stream().map(n -> inputs.get(n).mark().ref().enterpriseCode()).toArray(String[]::new),
                            monthN.stream().map(n -> inputs.get(n).pointId()).toArray(String[]::new),
                            monthN.stream().map(n -> inputs.get(n).mark().period().start().toString())
                                    .toArray(String[]::new))
                    .query((rs, i) -> pointValues.put(inputs.get(rs.getInt(1)), rs.getBigDecimal(2)))
                    .list();
        }
        Map<RollupMarks.Mark, BigDecimal> out = new HashMap<>();
        Map<String, BigDecimal> stored = storedItemValues(level, byPeriod);
        for (Map.Entry<PeriodOf, List<RollupMarks.Mark>> group : byPeriod.entrySet()) {
            EnterpriseCatalog e = config.enterprise(group.getKey().ref()).orElseThrow();
            Map<String, RollupMarks.Mark> marked = new HashMap<>();
            group.getValue().forEach(m -> marked.put(m.dataCode(), m));
            Map<String, BigDecimal> computed = new HashMap<>();
            for (CatalogItem item : e.items()) { // topological order: referenced items first
                RollupMarks.Mark m = marked.get(item.dataCode());
                if (m == null) {
                    continue;
                }
                ValueSource values = new ValueSource() {
                    @Override
                    public Optional<BigDecimal> point(String pointId) {
                        return Optional.ofNullable(pointValues.get(new Input(m, pointId)));
                    }

                    @Override
                    public Optional<BigDecimal> item(String itemCode) {
                        BigDecimal now = computed.get(itemCode);
                        return Optional.ofNullable(now != null ? now
                                : stored.get(key(m.ref(), itemCode, m.period().start())));
                    }
                };
                switch (item.formula().evaluate(values)) {
                    case Evaluation.Value v -> {
                        computed.put(item.dataCode(), v.value());
                        out.put(m, v.value());
                    }
                    case Evaluation.Missing missing -> log.debug("tenant={} enterprise={} manual item {} period {}: "
                                    + "no entry of {} {}", m.ref().tenantId(), m.ref().enterpriseCode(),
                            item.dataCode(), m.period().start(), missing.points(), missing.items());
                    case Evaluation.Failed f -> log.warn("tenant={} enterprise={} manual item {} period {}: formula {} "
                                    + "failed: {}", m.ref().tenantId(), m.ref().enterpriseCode(), item.dataCode(),
                            m.period().start(), item.formula(), f.error().message());
                }
            }
        }
        return out;
    }

    /** The stored values (not withdrawn) of the items the manual items' formulas reference, same level and period. */
    private Map<String, BigDecimal> storedItemValues(int level, Map<PeriodOf, List<RollupMarks.Mark>> byPeriod) {
        ItemCatalog.Snapshot config = catalog.snapshot();
        List<String> tenants = new ArrayList<>();
        List<String> enterprises = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        byPeriod.forEach((p, marks) -> marks.forEach(m -> config.enterprise(m.ref()).flatMap(e -> e.item(m.dataCode()))
                .ifPresent(item -> item.formula().itemRefs().forEach(code -> {
                    tenants.add(p.ref().tenantId());
                    enterprises.add(p.ref().enterpriseCode());
                    codes.add(code);
                    starts.add(p.start().toString());
                }))));
        Map<String, BigDecimal> out = new HashMap<>();
        if (codes.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select v.tenant_id, v.enterprise_code, v.data_code, v.period_start, v.value from item_value v
                          join unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) as q(t, e, c, ps)
                            on v.tenant_id = q.t and v.enterprise_code = q.e and v.data_code = q.c
                           and v.stat_type = ? and v.period_start = q.ps and not v.withdrawn
                        """)
                .params(tenants.toArray(String[]::new), enterprises.toArray(String[]::new),
                        codes.toArray(String[]::new), starts.toArray(String[]::new), level)
                .query((rs, i) -> out.put(key(new EnterpriseRef(rs.getString(1), rs.getString(2)), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()), rs.getBigDecimal(5)))
                .list();
        return out;
    }

    private static String key(EnterpriseRef ref, String dataCode, Instant start) {
        return ref.tenantId() + "/" + ref.enterpriseCode() + "/" + dataCode + "/" + start;
    }

    /** The local days looked up, as parallel columns. */
    private static final class Days {
        final List<Integer> n = new ArrayList<>();
        final List<String> tenants = new ArrayList<>();
        final List<String> enterprises = new ArrayList<>();
        final List<String> points = new ArrayList<>();
        final List<String> dayStarts = new ArrayList<>();
        final List<String> weekStarts = new ArrayList<>();
        final List<Integer> dayOfWeek = new ArrayList<>();

        void add(int input, EnterpriseRef ref, String point, LocalDate day, ZoneId zone) {
            n.add(input);
            tenants.add(ref.tenantId());
            enterprises.add(ref.enterpriseCode());
            points.add(point);
            dayStarts.add(day.atStartOfDay(zone).toInstant().toString());
            weekStarts.add(day.with(DayOfWeek.MONDAY).atStartOfDay(zone).toInstant().toString());
            dayOfWeek.add(day.getDayOfWeek().getValue() - 1);
        }
    }
}
