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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * 404. {@code /series?dataCodes=…} answers the same series for many items in one statement (a dashboard's items at
 * once, instead of one request per item).
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

    /** The most data codes one request of {@code /series} may ask for. */
    public static final int MAX_ITEMS = 500;

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
        return read(tenantId, enterpriseCode, List.of(dataCode), resolution, from, to, measure).getFirst();
    }

    @Operation(summary = "多个数据项在一段时间内的值 / several data items' values over a range, in one request",
            description = "The same series as /items/{dataCode}/series for each data code asked (at most "
                    + MAX_ITEMS + ", comma-separated or repeated), in the order asked, read in one statement: a "
                    + "dashboard's items at once. An item not configured for the enterprise is 404.")
    @GetMapping("/series")
    public List<Series> seriesOfItems(
            @PathVariable String tenantId, @PathVariable String enterpriseCode,
            @Parameter(description = "data item codes, e.g. dataCodes=0000000002330011,0000000002330012")
            @RequestParam List<String> dataCodes,
            @Parameter(description = "QUARTER, HOUR, DAY, MONTH or YEAR") @RequestParam Resolution resolution,
            @Parameter(description = "first local date, yyyy-MM-dd") @RequestParam LocalDate from,
            @Parameter(description = "local date after the last, yyyy-MM-dd") @RequestParam LocalDate to,
            @Parameter(description = "PHYSICAL (default), CALORIFIC_EQUIVALENT or EQUAL_VALUE (kgce)")
            @RequestParam(defaultValue = "PHYSICAL") Measure measure) {
        return read(tenantId, enterpriseCode, dataCodes, resolution, from, to, measure);
    }

    /** The series of the data codes asked, in their order (a code asked twice is read once). */
    private List<Series> read(String tenantId, String enterpriseCode, List<String> dataCodes, Resolution resolution,
                              LocalDate from, LocalDate to, Measure measure) {
        EnterpriseCatalog enterprise = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        if (dataCodes.isEmpty() || dataCodes.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("数据项须为 1 至 " + MAX_ITEMS + " 个，实为 " + dataCodes.size()
                    + " / between 1 and " + MAX_ITEMS + " data codes are needed, got " + dataCodes.size());
        }
        Map<String, CatalogItem> items = new LinkedHashMap<>();
        for (String dataCode : dataCodes) {
            CatalogItem item = ApiErrors.item(enterprise, dataCode.strip());
            items.put(item.dataCode(), item);
        }
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
        Map<String, List<Point>> points = resolution == Resolution.HOUR
                ? hours(enterprise, items.keySet(), start, end, measure, zone)
                : periods(enterprise, items.keySet(), resolution.statType, start, end, measure);
        List<Series> out = new ArrayList<>(items.size());
        for (CatalogItem item : items.values()) {
            String unit = measure == Measure.PHYSICAL ? item.config().unit() : "kgce";
            out.add(new Series(item.dataCode(), item.config().name(), resolution, measure, unit,
                    points.getOrDefault(item.dataCode(), List.of())));
        }
        return out;
    }

    /** A row of one item's series. */
    private record Row(String dataCode, Point point) {
    }

    /** Rows grouped by item, each item's in time order (the statements order by data code, then period). */
    private static Map<String, List<Point>> byItem(List<Row> rows) {
        Map<String, List<Point>> out = new HashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(r.dataCode(), k -> new ArrayList<>()).add(r.point());
        }
        return out;
    }

    private Map<String, List<Point>> periods(EnterpriseCatalog e, Collection<String> codes, int statType,
                                             Instant start, Instant end, Measure measure) {
        if (measure == Measure.PHYSICAL) {
            return byItem(jdbc.sql("""
                            select data_code, stat_date, period_start, value, valid, withdrawn from item_value
                             where tenant_id = :tenant and enterprise_code = :enterprise and data_code in (:codes)
                               and stat_type = :statType and period_start >= :start and period_start < :end
                             order by data_code, period_start
                            """)
                    .param("tenant", e.ref().tenantId()).param("enterprise", e.ref().enterpriseCode())
                    .param("codes", codes).param("statType", statType)
                    .param("start", start.atOffset(ZoneOffset.UTC)).param("end", end.atOffset(ZoneOffset.UTC))
                    .query((rs, i) -> new Row(rs.getString(1), new Point(rs.getTimestamp(2).toLocalDateTime(),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBigDecimal(4), rs.getBoolean(5),
                            rs.getBoolean(6), null)))
                    .list());
        }
        return byItem(jdbc.sql("""
                        select v.data_code, v.stat_date, v.period_start, t.kgce, v.valid, v.withdrawn,
                               t.factor_key || '@' || t.factor_effective_from || ' ' || t.factor_origin
                          from item_value v
                          join item_value_tce t on t.tenant_id = v.tenant_id and t.enterprise_code = v.enterprise_code
                           and t.data_code = v.data_code and t.stat_type = v.stat_type
                           and t.period_start = v.period_start and t.method = :method and t.version = v.version
                         where v.tenant_id = :tenant and v.enterprise_code = :enterprise and v.data_code in (:codes)
                           and v.stat_type = :statType and v.period_start >= :start and v.period_start < :end
                         order by v.data_code, v.period_start
                        """)
                .param("method", measure.name()).param("tenant", e.ref().tenantId())
                .param("enterprise", e.ref().enterpriseCode()).param("codes", codes).param("statType", statType)
                .param("start", start.atOffset(ZoneOffset.UTC)).param("end", end.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> new Row(rs.getString(1), new Point(rs.getTimestamp(2).toLocalDateTime(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBigDecimal(4), rs.getBoolean(5),
                        rs.getBoolean(6), rs.getString(7))))
                .list());
    }

    /**
     * Hours summed from the real-time values that are not withdrawn; an hour is valid when those cover it and are all
     * valid.
     */
    private Map<String, List<Point>> hours(EnterpriseCatalog e, Collection<String> codes, Instant start, Instant end,
                                           Measure measure, ZoneId zone) {
        boolean kgce = measure != Measure.PHYSICAL;
        return byItem(jdbc.sql("""
                        select v.data_code, date_trunc('hour', v.stat_date) as h, min(v.period_start),
                               sum(%s) filter (where not v.withdrawn),
                               bool_and(v.valid) and sum(extract(epoch from v.period_end - v.period_start)) = 3600,
                               bool_and(v.withdrawn), min(%s)
                          from item_value v
                          %s
                         where v.tenant_id = :tenant and v.enterprise_code = :enterprise and v.data_code in (:codes)
                           and v.stat_type = 0 and v.period_start >= :start and v.period_start < :end
                         group by v.data_code, date_trunc('hour', v.stat_date)
                         order by v.data_code, h
                        """.formatted(kgce ? "t.kgce" : "v.value",
                        kgce ? "t.factor_key || '@' || t.factor_effective_from || ' ' || t.factor_origin" : "null",
                        kgce ? """
                                join item_value_tce t on t.tenant_id = v.tenant_id
                                 and t.enterprise_code = v.enterprise_code and t.data_code = v.data_code
                                 and t.stat_type = 0 and t.period_start = v.period_start and t.method = '%s'
                                 and t.version = v.version""".formatted(measure.name()) : ""))
                .param("tenant", e.ref().tenantId()).param("enterprise", e.ref().enterpriseCode())
                .param("codes", codes).param("start", start.atOffset(ZoneOffset.UTC))
                .param("end", end.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> {
                    LocalDateTime hour = rs.getTimestamp(2).toLocalDateTime();
                    return new Row(rs.getString(1), new Point(hour, hour.atZone(zone).toInstant(),
                            rs.getBigDecimal(4), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7)));
                })
                .list());
    }
}
