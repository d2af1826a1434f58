package io.energymon.aggregator.quality;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The data-quality indices of an enterprise per local day, the way a provincial platform scores a unit (DB36/T 2149
 * part 1), each a share from 0 to 1, and their weighted composite:
 * <ul>
 * <li>{@code completeness} (weight 0.4, target ≥ 0.9): real-time values present / due (real-time items × the
 *     day's periods of the real-time grid); present means not withdrawn: a doubtful value (computed from an
 *     UNCERTAIN reading, {@code valid = false}) is present — it is a value, sent to the platform — a withdrawn one is
 *     missing;</li>
 * <li>{@code timeliness} (0.2): of the values present, those computed within {@code quality-timeliness} after their
 *     period ended (the time of the value's current version: a late correction counts as late);</li>
 * <li>{@code consistency} (0.15): of the items with a day value (not withdrawn), those whose day value is within
 *     5 % of the sum of their real-time values of the day (not withdrawn);</li>
 * <li>{@code statDateAlignment} (0.1): of the real-time values present, those whose period starts on the real-time
 *     grid (statDate deviation);</li>
 * <li>{@code verification} (0.15): of the meters with a verification date, those within their verification period
 *     on that day.</li>
 * </ul>
 * An index with nothing to measure (no meters, no day values) counts as 1. Computed on request from stored values,
 * set-based (two statements for any number of days and enterprises).
 */
@Component
public class DataQuality {
    static final BigDecimal W_COMPLETENESS = new BigDecimal("0.4");
    static final BigDecimal W_TIMELINESS = new BigDecimal("0.2");
    static final BigDecimal W_CONSISTENCY = new BigDecimal("0.15");
    static final BigDecimal W_ALIGNMENT = new BigDecimal("0.1");
    static final BigDecimal W_VERIFICATION = new BigDecimal("0.15");

    private final JdbcClient jdbc;
    private final AggregatorProperties props;

    public DataQuality(JdbcClient jdbc, AggregatorProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    /** One day's indices. */
    public record Day(LocalDate day, long due, long present, BigDecimal completeness, BigDecimal timeliness,
                      BigDecimal consistency, BigDecimal statDateAlignment, BigDecimal verification,
                      BigDecimal composite, boolean completenessTargetMet) {
    }

    private record Counts(long present, long timely, long aligned) {
    }

    /** The local days {@code [from, to)} of an enterprise. */
    public record Span(EnterpriseCatalog enterprise, LocalDate from, LocalDate to) {
    }

    private record Key(EnterpriseRef ref, LocalDate day) {
    }

    /** The days {@code [from, to)} of an enterprise. */
    public List<Day> days(EnterpriseCatalog e, LocalDate from, LocalDate to) {
        return days(List.of(new Span(e, from, to))).getOrDefault(e.ref(), List.of());
    }

    /**
     * The days of several enterprises, each over its own span (e.g. each enterprise's today in its zone), in two
     * statements whatever their number.
     */
    public Map<EnterpriseRef, List<Day>> days(List<Span> spans) {
        Columns realtime = new Columns();
        Columns daily = new Columns();
        for (Span span : spans) {
            EnterpriseCatalog e = span.enterprise();
            String start = span.from().atStartOfDay(e.zone()).toInstant().toString();
            String end = span.to().atStartOfDay(e.zone()).toInstant().toString();
            for (CatalogItem i : e.items()) {
                if (i.config().statTypes().contains(0)) {
                    realtime.add(e, i.dataCode(), start, end);
                }
                if (i.config().statTypes().contains(1)) {
                    daily.add(e, i.dataCode(), start, end);
                }
            }
        }
        long gridMs = props.realtimePeriod().toMillis();

        Map<Key, Counts> counts = new HashMap<>();
        jdbc.sql(ITEMS + """
                        select v.tenant_id, v.enterprise_code, v.stat_date::date, count(*),
                               count(*) filter (where v.computed_at <= v.period_end + ? * interval '1 millisecond'),
                               count(*) filter (where (extract(epoch from v.period_start) * 1000)::bigint % ? = 0)
                          from m
                          join item_value v on v.tenant_id = m.tenant_id and v.enterprise_code = m.enterprise_code
                           and v.data_code = m.data_code and v.stat_type = 0 and not v.withdrawn
                           and v.period_start >= m.range_start and v.period_start < m.range_end
                         group by v.tenant_id, v.enterprise_code, v.stat_date::date
                        """)
                .params(realtime.params(props.qualityTimeliness().toMillis(), gridMs))
                .query((rs, i) -> counts.put(key(rs), new Counts(rs.getLong(4), rs.getLong(5), rs.getLong(6))))
                .list();

        Map<Key, long[]> consistency = new HashMap<>(); // {items with a day value, consistent ones}
        jdbc.sql(ITEMS + """
                        select d.tenant_id, d.enterprise_code, d.stat_date::date, count(*),
                               count(*) filter (where abs(d.value - coalesce(t.total, 0))
                                                      <= 0.05 * greatest(abs(d.value), abs(coalesce(t.total, 0))))
                          from m
                          join item_value d on d.tenant_id = m.tenant_id and d.enterprise_code = m.enterprise_code
                           and d.data_code = m.data_code and d.stat_type = 1 and not d.withdrawn
                           and d.period_start >= m.range_start and d.period_start < m.range_end
                          left join lateral (select sum(v.value) as total from item_value v
                                              where v.tenant_id = d.tenant_id and v.enterprise_code = d.enterprise_code
                                                and v.data_code = d.data_code and v.stat_type = 0
                                                and not v.withdrawn
                                                and v.period_start >= d.period_start and v.period_start < d.period_end) t
                            on true
                         group by d.tenant_id, d.enterprise_code, d.stat_date::date
                        """)
                .params(daily.params())
                .query((rs, i) -> consistency.put(key(rs), new long[] {rs.getLong(4), rs.getLong(5)}))
                .list();

        Map<EnterpriseRef, List<Day>> out = new HashMap<>();
        for (Span span : spans) {
            EnterpriseCatalog e = span.enterprise();
            ZoneId zone = e.zone();
            long realtimeColumns = e.items().stream().filter(i -> i.config().statTypes().contains(0)).count();
            List<Day> days = new ArrayList<>();
            for (LocalDate d = span.from(); d.isBefore(span.to()); d = d.plusDays(1)) {
                Instant dayStart = d.atStartOfDay(zone).toInstant();
                Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
                long due = realtimeColumns * (Duration.between(dayStart, dayEnd).toMillis() / gridMs);
                Counts c = counts.getOrDefault(new Key(e.ref(), d), new Counts(0, 0, 0));
                long[] cons = consistency.getOrDefault(new Key(e.ref(), d), new long[] {0, 0});
                BigDecimal completeness = share(c.present(), due);
                BigDecimal timeliness = share(c.timely(), c.present());
                BigDecimal consistent = share(cons[1], cons[0]);
                BigDecimal aligned = share(c.aligned(), c.present());
                BigDecimal verification = verification(e.meters(), d);
                BigDecimal composite = completeness.multiply(W_COMPLETENESS).add(timeliness.multiply(W_TIMELINESS))
                        .add(consistent.multiply(W_CONSISTENCY)).add(aligned.multiply(W_ALIGNMENT))
                        .add(verification.multiply(W_VERIFICATION)).setScale(4, RoundingMode.HALF_EVEN);
                days.add(new Day(d, due, c.present(), completeness, timeliness, consistent, aligned, verification,
                        composite, completeness.compareTo(new BigDecimal("0.9")) >= 0));
            }
            out.put(e.ref(), days);
        }
        return out;
    }

    /**
     * The statements' input {@code m}: the items (tenant, enterprise, data code), each with its enterprise's span as
     * instants. The span is a column of the item's own row, not of a second input joined by enterprise, so that it
     * bounds the index scan of each item's values: joined from a second input, PostgreSQL applied it only as a join
     * filter after reading every value of the item (the real-time values of 200 items over 24 months: 85 s for one
     * day, instead of 0.1 s; bench/README.md, Dashboards).
     */
    private static final String ITEMS = """
            with m as (
                select * from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                    as m(tenant_id, enterprise_code, data_code, range_start, range_end)
            )
            """;

    /** Columns of the items and their spans, for SQL arrays. */
    private static final class Columns {
        final List<String> tenants = new ArrayList<>();
        final List<String> enterprises = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final List<String> starts = new ArrayList<>(); // instants, ISO-8601
        final List<String> ends = new ArrayList<>();

        void add(EnterpriseCatalog e, String code, String start, String end) {
            tenants.add(e.ref().tenantId());
            enterprises.add(e.ref().enterpriseCode());
            codes.add(code);
            starts.add(start);
            ends.add(end);
        }

        /** The parameters of {@link #ITEMS} followed by {@code more}. */
        Object[] params(Object... more) {
            List<Object> p = new ArrayList<>(List.of(tenants.toArray(String[]::new),
                    enterprises.toArray(String[]::new), codes.toArray(String[]::new), starts.toArray(String[]::new),
                    ends.toArray(String[]::new)));
            p.addAll(List.of(more));
            return p.toArray();
        }
    }

    private static Key key(ResultSet rs) throws SQLException {
        return new Key(new EnterpriseRef(rs.getString(1), rs.getString(2)), rs.getObject(3, LocalDate.class));
    }

    private static BigDecimal verification(List<MeterConfig> meters, LocalDate day) {
        long known = 0;
        long valid = 0;
        for (MeterConfig m : meters) {
            LocalDate due = m.verificationDue();
            if (due != null) {
                known++;
                if (!day.isBefore(m.verifiedOn()) && day.isBefore(due)) {
                    valid++;
                }
            }
        }
        return share(valid, known);
    }

    /** part / whole, 1 when there is nothing to measure. */
    private static BigDecimal share(long part, long whole) {
        return whole == 0 ? BigDecimal.ONE.setScale(4)
                : BigDecimal.valueOf(Math.min(part, whole)).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }
}
