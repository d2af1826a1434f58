package io.energymon.aggregator.quality;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.domain.config.MeterConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * set-based (three statements for any number of days).
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

    /** The days {@code [from, to)} of an enterprise. */
    public List<Day> days(EnterpriseCatalog e, LocalDate from, LocalDate to) {
        ZoneId zone = e.zone();
        List<String> realtime = e.items().stream().filter(i -> i.config().statTypes().contains(0))
                .map(CatalogItem::dataCode).toList();
        List<String> daily = e.items().stream().filter(i -> i.config().statTypes().contains(1))
                .map(CatalogItem::dataCode).toList();
        OffsetDateTime start = from.atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC);
        long gridMs = props.realtimePeriod().toMillis();

        Map<LocalDate, Counts> counts = new HashMap<>();
        jdbc.sql("""
                        select v.stat_date::date, count(*),
                               count(*) filter (where v.computed_at <= v.period_end + ? * interval '1 millisecond'),
                               count(*) filter (where (extract(epoch from v.period_start) * 1000)::bigint % ? = 0)
                          from item_value v
                         where v.tenant_id = ? and v.enterprise_code = ? and v.stat_type = 0 and not v.withdrawn
                           and v.data_code = any(?) and v.period_start >= ? and v.period_start < ?
                         group by v.stat_date::date
                        """)
                .params(props.qualityTimeliness().toMillis(), gridMs, e.ref().tenantId(), e.ref().enterpriseCode(),
                        realtime.toArray(String[]::new), start, end)
                .query((rs, i) -> counts.put(rs.getObject(1, LocalDate.class),
                        new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4))))
                .list();

        Map<LocalDate, long[]> consistency = new HashMap<>(); // {items with a day value, consistent ones}
        jdbc.sql("""
                        select d.stat_date::date, count(*),
                               count(*) filter (where abs(d.value - coalesce(r.total, 0))
                                                      <= 0.05 * greatest(abs(d.value), abs(coalesce(r.total, 0))))
                          from item_value d
                          left join lateral (select sum(v.value) as total from item_value v
                                              where v.tenant_id = d.tenant_id and v.enterprise_code = d.enterprise_code
                                                and v.data_code = d.data_code and v.stat_type = 0
                                                and not v.withdrawn
                                                and v.period_start >= d.period_start and v.period_start < d.period_end) r
                            on true
                         where d.tenant_id = ? and d.enterprise_code = ? and d.stat_type = 1 and not d.withdrawn
                           and d.data_code = any(?) and d.period_start >= ? and d.period_start < ?
                         group by d.stat_date::date
                        """)
                .params(e.ref().tenantId(), e.ref().enterpriseCode(), daily.toArray(String[]::new), start, end)
                .query((rs, i) -> consistency.put(rs.getObject(1, LocalDate.class),
                        new long[] {rs.getLong(2), rs.getLong(3)}))
                .list();

        List<Day> out = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            Instant dayStart = d.atStartOfDay(zone).toInstant();
            Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
            long due = realtime.size() * (Duration.between(dayStart, dayEnd).toMillis() / gridMs);
            Counts c = counts.getOrDefault(d, new Counts(0, 0, 0));
            long[] cons = consistency.getOrDefault(d, new long[] {0, 0});
            BigDecimal completeness = share(c.present(), due);
            BigDecimal timeliness = share(c.timely(), c.present());
            BigDecimal consistent = share(cons[1], cons[0]);
            BigDecimal aligned = share(c.aligned(), c.present());
            BigDecimal verification = verification(e.meters(), d);
            BigDecimal composite = completeness.multiply(W_COMPLETENESS).add(timeliness.multiply(W_TIMELINESS))
                    .add(consistent.multiply(W_CONSISTENCY)).add(aligned.multiply(W_ALIGNMENT))
                    .add(verification.multiply(W_VERIFICATION)).setScale(4, RoundingMode.HALF_EVEN);
            out.add(new Day(d, due, c.present(), completeness, timeliness, consistent, aligned, verification, composite,
                    completeness.compareTo(new BigDecimal("0.9")) >= 0));
        }
        return out;
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
