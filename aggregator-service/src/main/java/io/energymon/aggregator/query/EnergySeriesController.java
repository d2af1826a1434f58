package io.energymon.aggregator.query;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.energy.AccountingView;
import io.energymon.aggregator.energy.EnergyProperties;
import io.energymon.codes.factor.ConversionMethod;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An energy type's or a process's consumption per local period (§9.5, §9.9): the signed sum of the data items chosen by
 * {@link EnergySeriesMembers} (whole-plant items of the energy type; the process's own items, else its units'), served
 * from what is stored — real-time values for 15min and hour (hours summed from quarter hours), the day, month and
 * year rollups otherwise — in the items' physical unit or in kgce ({@code item_value_tce} of the value's version, by
 * the chosen accounting method). Values not withdrawn are summed (doubtful ones too, as the rollups do); a period
 * is complete when every item has valid values (converted ones, for kgce) covering it. One SQL statement per request. Scoped by tenant and enterprise from the path.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class EnergySeriesController {
    private final JdbcClient jdbc;
    private final ItemCatalog catalog;
    private final EnergyProperties energyProperties;

    public EnergySeriesController(JdbcClient jdbc, ItemCatalog catalog, EnergyProperties energyProperties) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.energyProperties = energyProperties;
    }

    /** The items' own unit, or standard coal equivalent (kgce). */
    public enum Measure { PHYSICAL, TCE }

    /**
     * One period.
     *
     * @param statDate the period's start in the enterprise's local time
     * @param value    the signed sum of the items' values not withdrawn; null when there is none
     * @param complete every item has valid values (with kgce, for kgce) covering the whole period
     * @param factors  for kgce: the distinct factors used, key@effective-date origin (REFERENCE or MEASURED)
     */
    public record Period(LocalDateTime statDate, Instant periodStart, BigDecimal value, boolean complete,
                         String factors) {
    }

    /**
     * A series.
     *
     * @param scope  ENERGY_TYPE or PROCESS
     * @param code   the energy type (4 digits) or process (2 digits)
     * @param method for kgce the accounting method, else null
     * @param items  the items summed, with their sign (external supply −1)
     */
    public record Series(String scope, String code, String period, Measure measure, ConversionMethod method,
                         String unit, List<EnergySeriesMembers.Member> items, List<Period> periods) {
    }

    @Operation(summary = "一个能源品种按周期的消耗量 / an energy type's consumption per period",
            description = "Sum of the enterprise's whole-plant (scope 1) data items of the energy type (Table A.1/A.2 "
                    + "code in the item code) that count in comprehensive energy consumption: consumption and "
                    + "raw-material use added, external supply deducted. 15min and hour from real-time values, day, "
                    + "month and year from rollups; from (inclusive) and to (exclusive) are local dates of the "
                    + "enterprise's zone.")
    @GetMapping("/energy-types/{energyCode}/series")
    public Series energyType(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                             @PathVariable String energyCode,
                             @Parameter(description = "15min, hour, day, month or year") @RequestParam String period,
                             @Parameter(description = "first local date, yyyy-MM-dd") @RequestParam LocalDate from,
                             @Parameter(description = "local date after the last, yyyy-MM-dd")
                             @RequestParam LocalDate to,
                             @Parameter(description = "physical (default: the items' unit) or tce (kgce)")
                             @RequestParam(defaultValue = "physical") String unit,
                             @Parameter(description = "for tce: CALORIFIC_EQUIVALENT (当量值, default) or EQUAL_VALUE")
                             @RequestParam(defaultValue = "CALORIFIC_EQUIVALENT") ConversionMethod method) {
        EnterpriseCatalog enterprise = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        requireDigits("energyCode", energyCode, 4);
        EnergySeriesMembers members = EnergySeriesMembers.ofEnergyType(view(enterprise), energyCode)
                .orElseThrow(() -> new ApiErrors.NotFound("能源品种 " + energyCode + " 没有数据项 / energy type "
                        + energyCode + " not found: no data item of it"));
        if (members.isEmpty()) {
            throw new ApiErrors.NotFound("能源品种 " + energyCode + " 没有计入综合能耗的全厂数据项 / energy type "
                    + energyCode + " has no whole-plant data item counted in comprehensive energy consumption");
        }
        return series(enterprise, "ENERGY_TYPE", energyCode, members, period, from, to, unit, method);
    }

    @Operation(summary = "一个生产工序按周期的消耗量 / a process's consumption per period",
            description = "Sum of the process's data items that count in comprehensive energy consumption: per energy "
                    + "type its own (scope 2) items, else its units' (scope 3) items. In kgce (unit=tce) over all "
                    + "energy types; in physical units for one energy type only (name it with energyCode when there "
                    + "are several). 15min and hour from real-time values, day, month and year from rollups.")
    @GetMapping("/processes/{processCode}/series")
    public Series process(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                          @PathVariable String processCode,
                          @Parameter(description = "15min, hour, day, month or year") @RequestParam String period,
                          @Parameter(description = "first local date, yyyy-MM-dd") @RequestParam LocalDate from,
                          @Parameter(description = "local date after the last, yyyy-MM-dd") @RequestParam LocalDate to,
                          @Parameter(description = "physical (default: the items' unit) or tce (kgce)")
                          @RequestParam(defaultValue = "physical") String unit,
                          @Parameter(description = "for tce: CALORIFIC_EQUIVALENT (当量值, default) or EQUAL_VALUE")
                          @RequestParam(defaultValue = "CALORIFIC_EQUIVALENT") ConversionMethod method,
                          @Parameter(description = "only the items of this energy type (4 digits), optional")
                          @RequestParam(required = false) String energyCode) {
        EnterpriseCatalog enterprise = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        requireDigits("processCode", processCode, 2);
        if (energyCode != null) {
            requireDigits("energyCode", energyCode, 4);
        }
        if (processCode.equals("00") || enterprise.process(processCode).isEmpty()) {
            throw new ApiErrors.NotFound("生产工序 " + processCode + " 不存在 / process " + processCode + " not found");
        }
        EnergySeriesMembers members = EnergySeriesMembers.ofProcess(view(enterprise), processCode, energyCode);
        return series(enterprise, "PROCESS", processCode, members, period, from, to, unit, method);
    }

    private AccountingView view(EnterpriseCatalog enterprise) {
        return AccountingView.of(enterprise, energyProperties);
    }

    private Series series(EnterpriseCatalog e, String scope, String code, EnergySeriesMembers members, String period,
                          LocalDate from, LocalDate to, String unitParam, ConversionMethod method) {
        SeriesPeriod p = SeriesPeriod.parse(period);
        SeriesPeriod.Range range = p.range(from, to, e.zone());
        Measure measure = measure(unitParam);
        boolean kgce = measure == Measure.TCE;
        String unit = kgce ? "kgce" : members.isEmpty() ? null : members.physicalUnit();
        List<Period> periods = range.empty() || members.isEmpty() ? List.of()
                : query(e, members, p, range, kgce ? method : null, unit);
        return new Series(scope, code, p.param, measure, kgce ? method : null, unit, members.members(), periods);
    }

    private List<Period> query(EnterpriseCatalog e, EnergySeriesMembers members, SeriesPeriod p,
                               SeriesPeriod.Range range, ConversionMethod method, String unit) {
        boolean kgce = method != null;
        String zone = e.zone().getId();
        String codes = members.members().stream().map(EnergySeriesMembers.Member::dataCode)
                .collect(Collectors.joining(","));
        String multipliers = members.multipliers(kgce ? null : unit).stream().map(BigDecimal::toPlainString)
                .collect(Collectors.joining(","));
        String sql = """
                with b as (
                    select g as stat_date, g at time zone ? as p_start, (g + ?::interval) at time zone ? as p_end
                      from generate_series(?::timestamp, ?::timestamp - interval '1 microsecond', ?::interval) g
                ), m as (
                    select m.code, m.k::numeric as k
                      from unnest(string_to_array(?, ','), string_to_array(?, ',')) as m(code, k)
                ), v as (
                    select %s as stat_date, %s * m.k as x, v.valid, v.withdrawn,
                           extract(epoch from v.period_end - v.period_start) as secs, %s as factor
                      from item_value v
                      join m on m.code = v.data_code
                      %s
                     where v.tenant_id = ? and v.enterprise_code = ? and v.stat_type = ?
                       and v.period_start >= (select min(p_start) from b)
                       and v.period_start < (select max(p_end) from b)
                )
                select b.stat_date, b.p_start, sum(v.x) filter (where not v.withdrawn),
                       coalesce(sum(v.secs) filter (where v.valid), 0) = ? * extract(epoch from b.p_end - b.p_start),
                       string_agg(distinct v.factor, ', ')
                  from b left join v using (stat_date)
                 group by b.stat_date, b.p_start, b.p_end
                 order by b.stat_date
                """.formatted(p.bucketOf("v.stat_date"), kgce ? "t.kgce" : "v.value",
                kgce ? "t.factor_key || '@' || t.factor_effective_from || ' ' || t.factor_origin" : "null::text",
                kgce ? """
                        join item_value_tce t on t.tenant_id = v.tenant_id and t.enterprise_code = v.enterprise_code
                         and t.data_code = v.data_code and t.stat_type = v.stat_type
                         and t.period_start = v.period_start and t.method = ? and t.version = v.version""" : "");
        var spec = jdbc.sql(sql).params(zone, p.step, zone, range.first(), range.end(), p.step, codes, multipliers);
        if (kgce) {
            spec = spec.param(method.name());
        }
        return spec.params(e.ref().tenantId(), e.ref().enterpriseCode(), p.statType, members.members().size())
                .query((rs, i) -> new Period(rs.getTimestamp(1).toLocalDateTime(),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBigDecimal(3), rs.getBoolean(4),
                        rs.getString(5)))
                .list();
    }

    private static Measure measure(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "physical" -> Measure.PHYSICAL;
            case "tce", "kgce" -> Measure.TCE;
            default -> throw new IllegalArgumentException("参数 unit 的值“" + text + "”无效，应为 physical|tce / parameter "
                    + "unit has an invalid value '" + text + "', expected physical|tce");
        };
    }

    private static void requireDigits(String name, String value, int digits) {
        if (!value.matches("\\d{" + digits + "}")) {
            throw new IllegalArgumentException(name + " 应为" + digits + "位数字，实际为“" + value + "” / " + name
                    + " must be " + digits + " digits, got '" + value + "'");
        }
    }
}
