package io.energymon.aggregator.summary;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.energy.EnergyAccounting;
import io.energymon.aggregator.quality.DataQuality;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The group dashboard's figures of a tenant (issue #12): for each enterprise of the tenant the caller may see (a
 * tenant admin, platform operator or service: all the aggregator has configured for the tenant over
 * {@code config.v1}; anyone else: those of the token's {@code enterprises} claim), one day's comprehensive energy
 * consumption and its month to date ({@link EnergyAccounting#dayTotals}), the day's data-quality composite
 * ({@link DataQuality}) and the alarms active now. Set-based: four statements whatever the number of enterprises.
 */
@RestController
public class TenantSummaryController {
    /** The accounting method of every figure of the summary. */
    private static final String METHOD = ConversionMethod.CALORIFIC_EQUIVALENT.name();

    private final ItemCatalog catalog;
    private final EnergyAccounting energy;
    private final DataQuality quality;
    private final JdbcClient jdbc;
    private final CurrentCaller callers;
    private final Clock clock = Clock.systemUTC();

    public TenantSummaryController(ItemCatalog catalog, EnergyAccounting energy, DataQuality quality,
                                   JdbcClient jdbc, CurrentCaller callers) {
        this.catalog = catalog;
        this.energy = energy;
        this.quality = quality;
        this.jdbc = jdbc;
        this.callers = callers;
    }

    /**
     * One enterprise's figures.
     *
     * @param name              registered name, null when unknown
     * @param date              the local day the figures are of
     * @param dayKgce           comprehensive energy consumption of the day, kgce (calorific equivalent); null when
     *                          the day has no value
     * @param monthToDateKgce   the same, summed over the month's days up to and including {@code date}; null without
     *                          any value
     * @param qualityComposite  the day's data-quality composite score, 0 to 1
     * @param activeAlarms      alarms raised and not cleared, now
     */
    public record EnterpriseSummary(String enterpriseCode, String name, LocalDate date, BigDecimal dayKgce,
                                    BigDecimal monthToDateKgce, BigDecimal qualityComposite, long activeAlarms) {
    }

    /** The figures of the tenant's enterprises, ordered by enterprise code. */
    public record TenantSummary(String tenantId, String method, List<EnterpriseSummary> enterprises) {
    }

    @Operation(summary = "集团看板：各用能单位当日概况 / group dashboard: each enterprise's figures of a day",
            description = "For each enterprise of the tenant the caller may see: that day's comprehensive energy "
                    + "consumption and its month to date (kgce, calorific equivalent, from the day values), the day's "
                    + "data-quality composite and the number of active alarms. Without date, each enterprise's "
                    + "today in its own zone.")
    @GetMapping("/api/v1/tenants/{tenantId}/summary")
    public TenantSummary summary(@PathVariable String tenantId,
                                 @Parameter(description = "local date, yyyy-MM-dd; default: today in each "
                                         + "enterprise's zone") @RequestParam(required = false) LocalDate date) {
        Caller caller = callers.get();
        List<EnterpriseCatalog> visible = catalog.snapshot().enterprises().values().stream()
                .filter(e -> e.ref().tenantId().equals(tenantId)
                        && caller.canSeeEnterprise(tenantId, e.ref().enterpriseCode()))
                .sorted(Comparator.comparing(e -> e.ref().enterpriseCode()))
                .toList();
        Map<EnterpriseCatalog, LocalDate> days = new LinkedHashMap<>();
        visible.forEach(e -> days.put(e, date != null ? date : LocalDate.now(clock.withZone(e.zone()))));
        if (days.isEmpty()) {
            return new TenantSummary(tenantId, METHOD, List.of());
        }
        Map<EnterpriseRef, EnergyAccounting.DayTotals> totals = energy.dayTotals(days);
        List<DataQuality.Span> spans = new ArrayList<>();
        days.forEach((e, d) -> spans.add(new DataQuality.Span(e, d, d.plusDays(1))));
        Map<EnterpriseRef, List<DataQuality.Day>> scores = quality.days(spans);
        Map<String, Long> alarms = activeAlarms(tenantId, visible);

        List<EnterpriseSummary> out = new ArrayList<>();
        days.forEach((e, d) -> {
            EnergyAccounting.DayTotals t = totals.getOrDefault(e.ref(), new EnergyAccounting.DayTotals(null, null));
            out.add(new EnterpriseSummary(e.ref().enterpriseCode(), e.name(), d, t.day(), t.monthToDate(),
                    scores.get(e.ref()).getFirst().composite(), alarms.getOrDefault(e.ref().enterpriseCode(), 0L)));
        });
        return new TenantSummary(tenantId, METHOD, out);
    }

    private Map<String, Long> activeAlarms(String tenantId, List<EnterpriseCatalog> enterprises) {
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("""
                        select enterprise_code, count(*) from alarm_history
                         where tenant_id = ? and enterprise_code = any(?) and cleared_at is null
                         group by enterprise_code""")
                .params(tenantId, enterprises.stream().map(e -> e.ref().enterpriseCode()).toArray(String[]::new))
                .query((rs, i) -> out.put(rs.getString(1), rs.getLong(2)))
                .list();
        return out;
    }
}
