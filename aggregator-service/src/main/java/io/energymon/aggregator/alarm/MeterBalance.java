package io.energymon.aggregator.alarm;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.interval.Interval;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link AlarmKind#METER_IMBALANCE}: per main meter (a meter other meters name as their {@code parentMeterCode}) and
 * unit of its cumulative points, a closed local day's consumption of the main meter against the sum of its direct
 * sub-meters': bad when {@code |main − Σsub| / main} exceeds {@code alarm.meter-balance-tolerance} (or when the main
 * meter consumed nothing and the sub-meters something), good otherwise. A meter's points are the cumulative points
 * whose {@code meterCode} names it; a day's consumption is the sum of the point's usable intervals
 * ({@link Interval.Flag#usable()}) within the local day (the ingest derives the intervals of such points whether or
 * not an item uses them, {@link EnterpriseCatalog#balanced(String)}).
 *
 * <p>A day is judged only when every point of the main meter and of each sub-meter has usable intervals covering the
 * whole day (no gap, no unresolved decrease, no reading missing) and each sub-meter has a point of the unit; otherwise
 * it is not judged (no observation, a debug log names the incomplete points) and the alarm keeps its state. One
 * statement for all enterprises.
 */
@Component
public class MeterBalance {
    private static final Logger log = LoggerFactory.getLogger(MeterBalance.class);
    private static final Integer[] USABLE = Arrays.stream(Interval.Flag.values()).filter(Interval.Flag::usable)
            .map(Enum::ordinal).toArray(Integer[]::new);

    private final JdbcClient jdbc;
    private final BigDecimal tolerance;

    /** One comparison: a main meter's unit on one local day, its sub-meters, [from, to) the day. */
    private record Balance(EnterpriseRef enterprise, String mainMeter, String unit, List<String> subMeters,
                           LocalDate day, Instant from, Instant to) {
        String subject() {
            return mainMeter + " " + unit;
        }
    }

    public MeterBalance(JdbcClient jdbc, AggregatorProperties props) {
        this.jdbc = jdbc;
        this.tolerance = BigDecimal.valueOf(props.alarm().meterBalanceTolerance());
    }

    /** The observations of the given local day of each given enterprise (its main meters with sub-meters). */
    public List<Observation> observe(Map<EnterpriseCatalog, LocalDate> days) {
        List<Balance> balances = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        List<Boolean> main = new ArrayList<>();
        List<String> points = new ArrayList<>();
        for (Map.Entry<EnterpriseCatalog, LocalDate> d : days.entrySet()) {
            EnterpriseCatalog e = d.getKey();
            LocalDate day = d.getValue();
            Instant from = day.atStartOfDay(e.zone()).toInstant();
            Instant to = day.plusDays(1).atStartOfDay(e.zone()).toInstant();
            Map<String, Map<String, List<String>>> counters = counters(e); // meter → unit → points
            for (Map.Entry<String, List<String>> m : e.subMeters().entrySet()) {
                for (Map.Entry<String, List<String>> u : counters.getOrDefault(m.getKey(), Map.of()).entrySet()) {
                    List<String> missing = m.getValue().stream()
                            .filter(s -> !counters.getOrDefault(s, Map.of()).containsKey(u.getKey())).toList();
                    if (!missing.isEmpty()) {
                        log.debug("tenant={} enterprise={} meter balance of {} in {} on {} not judged: sub-meters {} "
                                        + "have no cumulative point in {}", e.ref().tenantId(),
                                e.ref().enterpriseCode(), m.getKey(), u.getKey(), day, missing, u.getKey());
                        continue;
                    }
                    int g = balances.size();
                    balances.add(new Balance(e.ref(), m.getKey(), u.getKey(), m.getValue(), day, from, to));
                    for (String p : u.getValue()) {
                        groups.add(g);
                        main.add(true);
                        points.add(p);
                    }
                    for (String s : m.getValue()) {
                        for (String p : counters.get(s).get(u.getKey())) {
                            groups.add(g);
                            main.add(false);
                            points.add(p);
                        }
                    }
                }
            }
        }
        if (balances.isEmpty()) {
            return List.of();
        }
        List<Observation> out = new ArrayList<>();
        jdbc.sql("""
                        with q as (select * from unnest(?::int[], ?::boolean[], ?::text[], ?::text[], ?::text[],
                                                        ?::timestamptz[], ?::timestamptz[])
                                                 as q(g, main, t, e, p, f, u)),
                             per_point as (
                                 select q.g, q.main, q.p, extract(epoch from q.u - q.f) as due, c.consumption, c.covered
                                   from q
                                   left join series s on s.tenant_id = q.t and s.enterprise_code = q.e
                                                     and s.point_id = q.p
                                   left join lateral (
                                        select sum(i.consumption) as consumption,
                                               coalesce(sum(extract(epoch from i.interval_end - i.interval_start)), 0)
                                                   as covered
                                          from interval_consumption i
                                         where i.series_id = s.series_id and i.interval_start >= q.f
                                           and i.interval_start < q.u and i.interval_end <= q.u
                                           and i.flag = any(?::smallint[])) c on true)
                        select g, coalesce(sum(consumption) filter (where main), 0),
                               coalesce(sum(consumption) filter (where not main), 0),
                               array_agg(p order by p) filter (where coalesce(covered, 0) < due)
                          from per_point group by g
                        """)
                .params(groups.toArray(Integer[]::new), main.toArray(Boolean[]::new),
                        groups.stream().map(g -> balances.get(g).enterprise().tenantId()).toArray(String[]::new),
                        groups.stream().map(g -> balances.get(g).enterprise().enterpriseCode()).toArray(String[]::new),
                        points.toArray(String[]::new),
                        groups.stream().map(g -> balances.get(g).from().toString()).toArray(String[]::new),
                        groups.stream().map(g -> balances.get(g).to().toString()).toArray(String[]::new), USABLE)
                .query((rs, i) -> {
                    Balance b = balances.get(rs.getInt(1));
                    java.sql.Array incomplete = rs.getArray(4);
                    if (incomplete != null) {
                        log.debug("tenant={} enterprise={} meter balance of {} on {} not judged: points {} lack usable "
                                        + "intervals for part of the day", b.enterprise().tenantId(),
                                b.enterprise().enterpriseCode(), b.subject(), b.day(),
                                Arrays.toString((Object[]) incomplete.getArray()));
                    } else {
                        out.add(judge(b, rs.getBigDecimal(2), rs.getBigDecimal(3)));
                    }
                    return b;
                })
                .list();
        return out;
    }

    private Observation judge(Balance b, BigDecimal main, BigDecimal subs) {
        BigDecimal difference = main.subtract(subs).abs();
        boolean bad = main.signum() == 0 ? subs.signum() != 0
                : difference.compareTo(tolerance.multiply(main)) > 0;
        if (!bad) {
            return Observation.good(b.enterprise(), AlarmKind.METER_IMBALANCE, b.subject(), b.to());
        }
        String m = plain(main) + " " + b.unit();
        String s = plain(subs) + " " + b.unit();
        String allowed = plain(tolerance.movePointRight(2)) + "%";
        String subMeters = String.join(", ", b.subMeters());
        if (main.signum() == 0) {
            return Observation.bad(b.enterprise(), AlarmKind.METER_IMBALANCE, b.subject(), b.to(),
                    b.day() + " 总表无消耗，分表（" + subMeters + "）合计 " + s,
                    "on " + b.day() + " the main meter consumed nothing, its sub-meters (" + subMeters + ") " + s);
        }
        String share = difference.movePointRight(2).divide(main, 1, RoundingMode.HALF_UP).toPlainString() + "%";
        return Observation.bad(b.enterprise(), AlarmKind.METER_IMBALANCE, b.subject(), b.to(),
                b.day() + " 总表 " + m + "，分表（" + subMeters + "）合计 " + s + "，偏差 " + share + "，超过允许的 "
                        + allowed,
                "on " + b.day() + " the main meter measured " + m + ", its sub-meters (" + subMeters + ") " + s
                        + " in total: a difference of " + share + ", above the tolerance of " + allowed);
    }

    /** Per meter and unit, its cumulative points. */
    private static Map<String, Map<String, List<String>>> counters(EnterpriseCatalog e) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (PointConfig p : e.points()) {
            if (p.meterCode() != null && p.unit() != null && p.kind() == PointKind.CUMULATIVE) {
                out.computeIfAbsent(p.meterCode(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(p.unit(), k -> new ArrayList<>()).add(p.id());
            }
        }
        return out;
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
