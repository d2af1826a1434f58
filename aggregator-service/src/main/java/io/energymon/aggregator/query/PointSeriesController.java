package io.energymon.aggregator.query;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A point's values per local period (§9.5): for a counter its consumption, the sum of its intervals
 * ({@code interval_consumption}) that start in the period; for an instantaneous point the average of its usable
 * readings (hot rows and packed days, GOOD and UNCERTAIN) in the period. In the point's unit. Every period of the range
 * is listed, a period without data with a null value. One SQL statement per request. Scoped by tenant and enterprise
 * from the path: a point not configured for them is 404.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class PointSeriesController {
    private final JdbcClient jdbc;
    private final ItemCatalog catalog;

    public PointSeriesController(JdbcClient jdbc, ItemCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** How a period's value is made of the point's data. */
    public enum Aggregate { SUM, AVERAGE }

    /**
     * One period.
     *
     * @param statDate the period's start in the enterprise's local time
     * @param value    the consumption (sum of the usable intervals) or the average; null without data
     * @param complete a counter: the period is covered end to end by intervals inside it whose consumption is known
     *                 (no gap, no decrease, no interval reaching over its end); an instantaneous point: a usable
     *                 reading for every poll slot of the period
     * @param samples  intervals (counter) or usable readings (instantaneous) the value is made of
     */
    public record Period(LocalDateTime statDate, Instant periodStart, BigDecimal value, boolean complete,
                         int samples) {
    }

    public record Series(String pointId, String name, PointKind kind, String period, Aggregate aggregate, String unit,
                         List<Period> periods) {
    }

    @Operation(summary = "一个采集点按周期的值 / a point's values per period",
            description = "Counter: consumption per period, summed from its intervals; instantaneous: average of its "
                    + "readings. Periods are local to the enterprise's zone; from (inclusive) and to (exclusive) are "
                    + "local dates, a period is listed when its start lies between them. At most 31 days of 15min, 92 "
                    + "days of hours, 732 days of days, 10 years of months or years.")
    @GetMapping("/points/{pointId}/series")
    public Series series(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                         @PathVariable String pointId,
                         @Parameter(description = "15min, hour, day, month or year") @RequestParam String period,
                         @Parameter(description = "first local date, yyyy-MM-dd") @RequestParam LocalDate from,
                         @Parameter(description = "local date after the last, yyyy-MM-dd") @RequestParam LocalDate to) {
        EnterpriseCatalog enterprise = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        PointConfig point = enterprise.point(pointId).orElseThrow(() -> new ApiErrors.NotFound("采集点 " + pointId
                + " 不存在 / point " + pointId + " not found"));
        SeriesPeriod p = SeriesPeriod.parse(period);
        SeriesPeriod.Range range = p.range(from, to, enterprise.zone());
        boolean counter = point.kind() == PointKind.CUMULATIVE;
        List<Period> periods = range.empty() ? List.of() : jdbc.sql(counter ? counterSql(p) : averageSql(p))
                .params(params(enterprise, point, p, range, counter))
                .query((rs, i) -> new Period(rs.getTimestamp(1).toLocalDateTime(),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBigDecimal(3), rs.getBoolean(4),
                        rs.getInt(5)))
                .list();
        return new Series(point.id(), point.name(), point.kind(), p.param, counter ? Aggregate.SUM : Aggregate.AVERAGE,
                point.unit(), periods);
    }

    /** The local periods of the range ({@code b}) and the point's series id ({@code s}). */
    private static final String PERIODS = """
            with b as (
                select g as stat_date, g at time zone ? as p_start, (g + ?::interval) at time zone ? as p_end
                  from generate_series(?::timestamp, ?::timestamp - interval '1 microsecond', ?::interval) g
            ), s as (
                select series_id from series where tenant_id = ? and enterprise_code = ? and point_id = ?
            )""";

    private static String counterSql(SeriesPeriod p) {
        return PERIODS + """
                , i as (
                    select %s as stat_date, c.interval_start, c.interval_end, c.consumption
                      from interval_consumption c
                     where c.series_id = (select series_id from s)
                       and c.interval_start >= (select min(p_start) from b)
                       and c.interval_start < (select max(p_end) from b)
                )
                select b.stat_date, b.p_start, sum(i.consumption),
                       coalesce(bool_and(i.consumption is not null), false)
                       and coalesce(max(i.interval_end) <= b.p_end, false)
                       and coalesce(sum(extract(epoch from i.interval_end - i.interval_start)), 0)
                           = extract(epoch from b.p_end - b.p_start),
                       count(i.interval_start)::int
                  from b left join i using (stat_date)
                 group by b.stat_date, b.p_start, b.p_end
                 order by b.stat_date
                """.formatted(p.bucketOf("c.interval_start at time zone ?"));
    }

    /** A packed day's reading counts only when no usable hot row has the same time (the rule of V7). */
    private static String averageSql(SeriesPeriod p) {
        return PERIODS + """
                , r as (
                    select h.ts, h.value from reading h
                     where h.series_id = (select series_id from s) and h.quality <> 2
                       and h.ts >= (select min(p_start) from b) and h.ts < (select max(p_end) from b)
                    union all
                    select u.ts, u.value from reading_day d cross join lateral reading_day_usable(d) u
                     where d.series_id = (select series_id from s)
                       and d.day_start > (select min(p_start) from b) - interval '1 day'
                       and d.day_start < (select max(p_end) from b)
                       and u.ts >= (select min(p_start) from b) and u.ts < (select max(p_end) from b)
                       and not exists (select 1 from reading h where h.series_id = d.series_id and h.ts = u.ts
                                          and h.quality <> 2)
                ), v as (
                    select %s as stat_date, r.value from r
                )
                select b.stat_date, b.p_start, avg(v.value),
                       count(v.value) >= round(extract(epoch from b.p_end - b.p_start) / ?), count(v.value)::int
                  from b left join v using (stat_date)
                 group by b.stat_date, b.p_start, b.p_end
                 order by b.stat_date
                """.formatted(p.bucketOf("r.ts at time zone ?"));
    }

    private static Object[] params(EnterpriseCatalog e, PointConfig point, SeriesPeriod p, SeriesPeriod.Range range,
                                   boolean counter) {
        String zone = e.zone().getId();
        Object[] head = {zone, p.step, zone, range.first(), range.end(), p.step, e.ref().tenantId(),
                e.ref().enterpriseCode(), point.id(), zone};
        if (counter) {
            return head;
        }
        Object[] all = Arrays.copyOf(head, head.length + 1);
        all[head.length] = point.slot().toSeconds();
        return all;
    }
}
