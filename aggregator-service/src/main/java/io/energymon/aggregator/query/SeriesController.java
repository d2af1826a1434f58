package io.energymon.aggregator.query;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A data item's values over a range at one resolution, for the portal's charts and tables (§9.5, §9.9), served from
 * what is stored: real-time values (quarter hours, and hours summed from them), and the day, month and year rollups,
 * in the item's unit or in kgce (with the factor that converted each value). Periods and the range are local to the
 * enterprise's zone. Scoped by tenant and enterprise from the path: an enterprise or item not configured for them is
 * 404.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class SeriesController {
    private final JdbcClient jdbc;
    private final ItemCatalog catalog;

    public SeriesController(JdbcClient jdbc, ItemCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** The resolution of a series, its statType, and the longest range one request may ask for. */
    public enum Resolution {
        QUARTER(0, Duration.ofDays(31)), HOUR(0, Duration.ofDays(92)), DAY(1, Duration.ofDays(2 * 366)),
        MONTH(2, Duration.ofDays(10 * 366)), YEAR(3, Duration.ofDays(10 * 366));

        final int statType;
        final Duration maxRange;

        Resolution(int statType, Duration maxRange) {
            this.statType = statType;
            this.maxRange = maxRange;
        }
    }

    /** In the item's own unit, or converted to kgce by either GB/T 2589 method. */
    public enum Measure { PHYSICAL, CALORIFIC_EQUIVALENT, EQUAL_VALUE }

    /**
     * One period's value.
     *
     * @param statDate the period's start in the enterprise's local time
     * @param valid     true only when computed from good data and complete (see {@code item.Validity}): false for a
     *                  doubtful value (from an UNCERTAIN reading; a day, month or year with a doubtful or missing value
     *                  below it; an hour with a doubtful, missing or withdrawn quarter) and for a withdrawn one
     * @param withdrawn true when the value is no value any more (its inputs became unusable; the value shown is the
     *                  last one it had) or, for an hour, when all its quarters are withdrawn; a doubtful value is not
     * @param factor   for kgce: the factor key, its effective date and origin (REFERENCE or MEASURED); for an hour the
     *                 factor of its first quarter
     */
    public record Point(LocalDateTime statDate, Instant periodStart, BigDecimal value, boolean valid,
                        boolean withdrawn, String factor) {
    }

    /** A series: the item, its unit (or kgce), and its periods in time order. */
    public record Series(String dataCode, String name, Resolution resolution, Measure measure, String unit,
                         List<Point> points) {
    }

    @Operation(summary = "一个数据项在一段时间内的值 / a data item's values over a range",
            description = "Quarter hours and hours from real-time values, days, months and years from rollups; "
                    + "from (inclusive) and to (exclusive) are local dates of the enterprise's zone.")
    @GetMapping("/items/{dataCode}/series")
    public Series series(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                         @PathVariable String dataCode,
                         @Parameter(description = "QUARTER, HOUR, DAY, MONTH or YEAR") @RequestParam Resolution resolution,
                         @Parameter(description = "first local date, yyyy-MM-dd") @RequestParam LocalDate from,
                         @Parameter(description = "local date after the last, yyyy-MM-dd") @RequestParam LocalDate to,
                         @Parameter(description = "PHYSICAL (default), CALORIFIC_EQUIVALENT or EQUAL_VALUE (kgce)")
                         @RequestParam(defaultValue = "PHYSICAL") Measure measure) {
        EnterpriseCatalog enterprise = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        CatalogItem item = ApiErrors.item(enterprise, dataCode);
        String code = item.dataCode();
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("结束日期须晚于开始日期 / to must be after from");
        }
        ZoneId zone = enterprise.zone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.atStartOfDay(zone).toInstant();
        if (Duration.between(start, end).compareTo(resolution.maxRange) > 0) {
            throw new IllegalArgumentException("时间范围过长：" + resolution + " 最多 " + resolution.maxRange.toDays()
                    + " 天 / range too long: at most " + resolution.maxRange.toDays() + " days at " + resolution);
        }
        List<Point> points = resolution == Resolution.HOUR ? hours(enterprise, code, start, end, measure, zone)
                : periods(enterprise, code, resolution.statType, start, end, measure);
        String unit = measure == Measure.PHYSICAL ? item.config().unit() : "kgce";
        return new Series(code, item.config().name(), resolution, measure, unit, points);
    }

    private List<Point> periods(EnterpriseCatalog e, String code, int statType, Instant start, Instant end,
                                Measure measure) {
        if (measure == Measure.PHYSICAL) {
            return jdbc.sql("""
                            select stat_date, period_start, value, valid, withdrawn from item_value
                             where tenant_id = ? and enterprise_code = ? and data_code = ? and stat_type = ?
                               and period_start >= ? and period_start < ?
                             order by period_start
                            """)
                    .params(e.ref().tenantId(), e.ref().enterpriseCode(), code, statType, start.atOffset(
                            ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))
                    .query((rs, i) -> new Point(rs.getTimestamp(1).toLocalDateTime(),
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBigDecimal(3), rs.getBoolean(4),
                            rs.getBoolean(5), null))
                    .list();
        }
        return jdbc.sql("""
                        select v.stat_date, v.period_start, t.kgce, v.valid, v.withdrawn,
                               t.factor_key || '@' || t.factor_effective_from || ' ' || t.factor_origin
                          from item_value v
                          join item_value_tce t on t.tenant_id = v.tenant_id and t.enterprise_code = v.enterprise_code
                           and t.data_code = v.data_code and t.stat_type = v.stat_type
                           and t.period_start = v.period_start and t.method = ? and t.version = v.version
                         where v.tenant_id = ? and v.enterprise_code = ? and v.data_code = ? and v.stat_type = ?
                           and v.period_start >= ? and v.period_start < ?
                         order by v.period_start
                        """)
                .params(measure.name(), e.ref().tenantId(), e.ref().enterpriseCode(), code, statType,
                        start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> new Point(rs.getTimestamp(1).toLocalDateTime(),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBigDecimal(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getString(6)))
                .list();
    }

    /**
     * Hours summed from the real-time values that are not withdrawn; an hour is valid when those cover it and are all
     * valid.
     */
    private List<Point> hours(EnterpriseCatalog e, String code, Instant start, Instant end, Measure measure,
                              ZoneId zone) {
        boolean kgce = measure != Measure.PHYSICAL;
        return jdbc.sql("""
                        select date_trunc('hour', v.stat_date) as h, min(v.period_start),
                               sum(%s) filter (where not v.withdrawn),
                               bool_and(v.valid) and sum(extract(epoch from v.period_end - v.period_start)) = 3600,
                               bool_and(v.withdrawn), min(%s)
                          from item_value v
                          %s
                         where v.tenant_id = ? and v.enterprise_code = ? and v.data_code = ? and v.stat_type = 0
                           and v.period_start >= ? and v.period_start < ?
                         group by date_trunc('hour', v.stat_date)
                         order by h
                        """.formatted(kgce ? "t.kgce" : "v.value",
                        kgce ? "t.factor_key || '@' || t.factor_effective_from || ' ' || t.factor_origin" : "null",
                        kgce ? """
                                join item_value_tce t on t.tenant_id = v.tenant_id
                                 and t.enterprise_code = v.enterprise_code and t.data_code = v.data_code
                                 and t.stat_type = 0 and t.period_start = v.period_start and t.method = '%s'
                                 and t.version = v.version""".formatted(measure.name()) : ""))
                .params(e.ref().tenantId(), e.ref().enterpriseCode(), code, start.atOffset(ZoneOffset.UTC),
                        end.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> {
                    LocalDateTime hour = rs.getTimestamp(1).toLocalDateTime();
                    return new Point(hour, hour.atZone(zone).toInstant(), rs.getBigDecimal(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getString(6));
                })
                .list();
    }
}
