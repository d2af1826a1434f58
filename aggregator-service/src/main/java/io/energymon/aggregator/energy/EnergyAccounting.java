package io.energymon.aggregator.energy;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Comprehensive energy consumption (综合能耗, GB/T 2589) of an enterprise per day, month or year, from the kgce of its
 * item values ({@code item_value_tce}) of that stat type, per accounting method:
 *
 * <pre>
 *   comprehensive = consumption + raw-material use − external supply
 * </pre>
 *
 * over the whole-plant (scope 1) items only, so that sub-meters are not counted twice. Energy used as raw material is
 * part of comprehensive energy consumption (GB/T 2589: 用作原料的能源也应包括在内) and is also listed on its own so
 * that the figure without it can be derived; external supply (外供) is energy leaving the boundary and is deducted.
 *
 * <p>Unit product energy consumption (单位产品综合能耗) = energy attributed to a product / its output. A product
 * item of the whole plant (process {@code 00}) is attributed the comprehensive energy consumption; a product item of a
 * process the energy of that process (consumption and raw-material use of the process's items, scope ≥ 2). The §6.3.4 b
 * check compares the energy of the reported products (distinct processes counted once, calorific equivalent) with the
 * comprehensive energy consumption: below {@code product-share-min} (80 %) the period is flagged. An enterprise
 * without product items is not checked.
 *
 * <p>Every value that is not withdrawn counts, valid or doubtful (an incomplete day, a value from an estimated reading,
 * see {@code item.Validity}), as in the rollups: the accounting is the sum of what was measured.
 */
@Component
public class EnergyAccounting {
    private final JdbcClient jdbc;
    private final ItemCatalog catalog;
    private final EnergyProperties props;

    public EnergyAccounting(JdbcClient jdbc, ItemCatalog catalog, EnergyProperties props) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.props = props;
    }

    /** Totals of one accounting method, in kgce. */
    public record MethodTotals(BigDecimal consumption, BigDecimal externalSupply, BigDecimal rawMaterial,
                               BigDecimal comprehensive) {
    }

    /** An item's kgce in a period and the factor that produced it. */
    public record ItemTce(String dataCode, String role, String method, BigDecimal kgce, String factorKey,
                          String factorMethod, LocalDate factorEffectiveFrom, String factorOrigin,
                          BigDecimal factorValue, String factorUnit) {
    }

    /**
     * A product's output and unit consumption in a period.
     *
     * @param attributedKgce energy attributed to it (calorific equivalent)
     * @param kgcePerUnit    unit product energy consumption, kgce per output unit; null without output
     */
    public record ProductResult(String dataCode, String productCode, String process, BigDecimal output, String unit,
                                BigDecimal attributedKgce, BigDecimal kgcePerUnit) {
    }

    /**
     * One period's account.
     *
     * @param productEnergyKgce energy of the reported products (calorific equivalent); null when not checked
     * @param productShare      its share of the comprehensive energy consumption; null when not checked
     * @param productShareMet   false when the §6.3.4 b check flags the period; null when not checked
     */
    public record PeriodAccount(int statType, LocalDateTime statDate, Instant periodStart,
                                Map<ConversionMethod, MethodTotals> methods, List<ProductResult> products,
                                BigDecimal productEnergyKgce, BigDecimal productShare, Boolean productShareMet,
                                List<ItemTce> items) {
    }

    private record TceRow(String dataCode, LocalDateTime statDate, Instant periodStart, ConversionMethod method,
                          BigDecimal kgce, String factorKey, String factorMethod, LocalDate from, String origin,
                          BigDecimal factorValue, String factorUnit) {
    }

    private record Output(String dataCode, LocalDateTime statDate, Instant periodStart, BigDecimal value) {
    }

    /**
     * The accounts of the periods of a stat type (1 day, 2 month, 3 year) whose local start lies in
     * {@code [from, to]}, in time order; periods without any value are left out.
     *
     * @throws IllegalArgumentException when the enterprise is not configured or the stat type is not 1..3
     */
    public List<PeriodAccount> accounts(EnterpriseRef ref, int statType, LocalDate from, LocalDate to) {
        if (statType < 1 || statType > 3) {
            throw new IllegalArgumentException("statType 应为 1（日）、2（月）或 3（年） / statType must be 1 (day), 2 (month) "
                    + "or 3 (year), got " + statType);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("结束日期早于开始日期 / 'to' (" + to + ") is before 'from' (" + from + ")");
        }
        EnterpriseCatalog e = catalog.enterprise(ref).orElseThrow(() -> new IllegalArgumentException(
                "未知的用能单位 / unknown enterprise " + ref));
        AccountingView view = AccountingView.of(e, props);
        Instant start = from.atStartOfDay(e.zone()).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(e.zone()).toInstant();
        List<TceRow> rows = jdbc.sql("""
                        select t.data_code, v.stat_date, v.period_start, t.method, t.kgce, t.factor_key,
                               t.factor_method, t.factor_effective_from, t.factor_origin, t.factor_value, t.factor_unit
                          from item_value_tce t
                          join item_value v
                            on v.tenant_id = t.tenant_id and v.enterprise_code = t.enterprise_code
                           and v.data_code = t.data_code and v.stat_type = t.stat_type
                           and v.period_start = t.period_start and v.version = t.version
                         where t.tenant_id = ? and t.enterprise_code = ? and t.stat_type = ?
                           and t.period_start >= ? and t.period_start < ? and not v.withdrawn
                         order by v.period_start, t.data_code, t.method
                        """)
                .params(ref.tenantId(), ref.enterpriseCode(), statType, OffsetDateTime.ofInstant(start, e.zone()),
                        OffsetDateTime.ofInstant(end, e.zone()))
                .query((rs, i) -> new TceRow(rs.getString(1), rs.getObject(2, LocalDateTime.class),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), ConversionMethod.valueOf(rs.getString(4)),
                        rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getObject(8, LocalDate.class),
                        rs.getString(9), rs.getBigDecimal(10), rs.getString(11)))
                .list();
        String[] productCodes = view.items().values().stream().filter(a -> a instanceof AccountedItem.Product)
                .map(AccountedItem::dataCode).toArray(String[]::new);
        List<Output> outputs = productCodes.length == 0 ? List.of() : jdbc.sql("""
                        select data_code, stat_date, period_start, value from item_value
                         where tenant_id = ? and enterprise_code = ? and stat_type = ? and data_code = any(?)
                           and period_start >= ? and period_start < ? and not withdrawn
                        """)
                .params(ref.tenantId(), ref.enterpriseCode(), statType, productCodes,
                        OffsetDateTime.ofInstant(start, e.zone()), OffsetDateTime.ofInstant(end, e.zone()))
                .query((rs, i) -> new Output(rs.getString(1), rs.getObject(2, LocalDateTime.class),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBigDecimal(4)))
                .list();

        Map<Instant, List<TceRow>> rowsByPeriod = new TreeMap<>();
        Map<Instant, LocalDateTime> statDates = new TreeMap<>();
        rows.forEach(r -> {
            rowsByPeriod.computeIfAbsent(r.periodStart(), k -> new ArrayList<>()).add(r);
            statDates.put(r.periodStart(), r.statDate());
        });
        Map<Instant, List<Output>> outputsByPeriod = new TreeMap<>();
        outputs.forEach(o -> {
            outputsByPeriod.computeIfAbsent(o.periodStart(), k -> new ArrayList<>()).add(o);
            statDates.put(o.periodStart(), o.statDate());
        });
        List<PeriodAccount> out = new ArrayList<>();
        for (var p : statDates.entrySet()) {
            out.add(account(view, statType, p.getValue(), p.getKey(), rowsByPeriod.getOrDefault(p.getKey(), List.of()),
                    outputsByPeriod.getOrDefault(p.getKey(), List.of()), productCodes.length > 0));
        }
        return out;
    }

    /**
     * Comprehensive energy consumption (calorific equivalent, kgce; the {@code comprehensive} of
     * {@link #accounts}' {@code CALORIFIC_EQUIVALENT} totals) of a day and of its month up to and including it, summed
     * from the day values.
     *
     * @param day          null when the day has no value of a whole-plant energy item
     * @param monthToDate  null when no day of the month up to this one has any
     */
    public record DayTotals(BigDecimal day, BigDecimal monthToDate) {
    }

    /**
     * The {@link DayTotals} of several enterprises, each on its own local day, in one statement: consumption and
     * raw-material use of their whole-plant (scope 1) items count, external supply is deducted, values withdrawn are
     * not counted. An enterprise without any value is missing from the answer.
     */
    public Map<EnterpriseRef, DayTotals> dayTotals(Map<EnterpriseCatalog, LocalDate> days) {
        List<String> tenants = new ArrayList<>();
        List<String> enterprises = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        List<String> spanTenants = new ArrayList<>();
        List<String> spanEnterprises = new ArrayList<>();
        List<String> monthStarts = new ArrayList<>(); // instants, ISO-8601
        List<String> dayStarts = new ArrayList<>();
        List<String> dayEnds = new ArrayList<>();
        days.forEach((e, day) -> {
            AccountingView.of(e, props).items().values().forEach(a -> {
                if (a instanceof AccountedItem.Energy item && item.scope() == 1) {
                    int sign = switch (item.role()) {
                        case CONSUMPTION, RAW_MATERIAL -> 1;
                        case EXTERNAL_SUPPLY -> -1;
                        case OTHER -> 0;
                    };
                    if (sign != 0) {
                        tenants.add(e.ref().tenantId());
                        enterprises.add(e.ref().enterpriseCode());
                        codes.add(item.dataCode());
                        signs.add(sign);
                    }
                }
            });
            spanTenants.add(e.ref().tenantId());
            spanEnterprises.add(e.ref().enterpriseCode());
            monthStarts.add(day.withDayOfMonth(1).atStartOfDay(e.zone()).toInstant().toString());
            dayStarts.add(day.atStartOfDay(e.zone()).toInstant().toString());
            dayEnds.add(day.plusDays(1).atStartOfDay(e.zone()).toInstant().toString());
        });
        if (codes.isEmpty()) {
            return Map.of();
        }
        Map<EnterpriseRef, DayTotals> out = new HashMap<>();
        jdbc.sql("""
                        with m as (
                            select * from unnest(?::text[], ?::text[], ?::text[], ?::int[])
                                as m(tenant_id, enterprise_code, data_code, sign)
                        ), s as (
                            select * from unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                                                 ?::timestamptz[])
                                as s(tenant_id, enterprise_code, month_start, day_start, day_end)
                        )
                        select s.tenant_id, s.enterprise_code,
                               sum(m.sign * t.kgce) filter (where t.period_start >= s.day_start), sum(m.sign * t.kgce)
                          from s join m using (tenant_id, enterprise_code)
                          join item_value_tce t on t.tenant_id = m.tenant_id and t.enterprise_code = m.enterprise_code
                           and t.data_code = m.data_code and t.stat_type = 1 and t.method = 'CALORIFIC_EQUIVALENT'
                           and t.period_start >= s.month_start and t.period_start < s.day_end
                          join item_value v on v.tenant_id = t.tenant_id and v.enterprise_code = t.enterprise_code
                           and v.data_code = t.data_code and v.stat_type = t.stat_type
                           and v.period_start = t.period_start and v.version = t.version and not v.withdrawn
                         group by s.tenant_id, s.enterprise_code
                        """)
                .params(tenants.toArray(String[]::new), enterprises.toArray(String[]::new),
                        codes.toArray(String[]::new), signs.toArray(Integer[]::new), spanTenants.toArray(String[]::new),
                        spanEnterprises.toArray(String[]::new), monthStarts.toArray(String[]::new),
                        dayStarts.toArray(String[]::new), dayEnds.toArray(String[]::new))
                .query((rs, i) -> out.put(new EnterpriseRef(rs.getString(1), rs.getString(2)),
                        new DayTotals(rs.getBigDecimal(3), rs.getBigDecimal(4))))
                .list();
        return out;
    }

    private PeriodAccount account(AccountingView view, int statType, LocalDateTime statDate, Instant periodStart,
                                  List<TceRow> rows, List<Output> outputs, boolean hasProducts) {
        Map<ConversionMethod, BigDecimal[]> sums = new EnumMap<>(ConversionMethod.class);
        Map<String, BigDecimal> processEnergy = new TreeMap<>(); // calorific equivalent, scope >= 2
        List<ItemTce> items = new ArrayList<>();
        for (TceRow r : rows) {
            if (!(view.item(r.dataCode()).orElse(null) instanceof AccountedItem.Energy item)) {
                continue; // no longer an energy item of the configuration
            }
            items.add(new ItemTce(r.dataCode(), item.role().name(), r.method().name(), r.kgce(), r.factorKey(),
                    r.factorMethod(), r.from(), r.origin(), r.factorValue(), r.factorUnit()));
            boolean counted = item.role() == AccountedItem.Role.CONSUMPTION
                    || item.role() == AccountedItem.Role.RAW_MATERIAL;
            if (item.scope() == 1) {
                BigDecimal[] s = sums.computeIfAbsent(r.method(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                switch (item.role()) {
                    case CONSUMPTION -> s[0] = s[0].add(r.kgce());
                    case EXTERNAL_SUPPLY -> s[1] = s[1].add(r.kgce());
                    case RAW_MATERIAL -> s[2] = s[2].add(r.kgce());
                    case OTHER -> {
                    }
                }
            } else if (counted && r.method() == ConversionMethod.CALORIFIC_EQUIVALENT) {
                processEnergy.merge(item.process(), r.kgce(), BigDecimal::add);
            }
        }
        Map<ConversionMethod, MethodTotals> methods = new EnumMap<>(ConversionMethod.class);
        sums.forEach((m, s) -> methods.put(m, new MethodTotals(s[0], s[1], s[2], s[0].add(s[2]).subtract(s[1]))));
        BigDecimal total = methods.containsKey(ConversionMethod.CALORIFIC_EQUIVALENT)
                ? methods.get(ConversionMethod.CALORIFIC_EQUIVALENT).comprehensive() : BigDecimal.ZERO;

        List<ProductResult> products = new ArrayList<>();
        Set<String> reportedProcesses = new LinkedHashSet<>();
        for (Output o : outputs) {
            if (!(view.item(o.dataCode()).orElse(null) instanceof AccountedItem.Product item)) {
                continue;
            }
            boolean wholePlant = item.scope() == 1 || item.process().equals("00");
            BigDecimal attributed = wholePlant ? total : processEnergy.getOrDefault(item.process(), BigDecimal.ZERO);
            BigDecimal perUnit = o.value().signum() > 0 ? attributed.divide(o.value(), MathContext.DECIMAL64) : null;
            products.add(new ProductResult(o.dataCode(), item.productCode(), item.process(), o.value(), item.unit(),
                    attributed, perUnit));
            if (o.value().signum() > 0) {
                reportedProcesses.add(wholePlant ? "00" : item.process());
            }
        }
        BigDecimal productEnergy = null;
        BigDecimal share = null;
        Boolean met = null;
        if (hasProducts && total.signum() > 0) {
            productEnergy = reportedProcesses.contains("00") ? total : reportedProcesses.stream()
                    .map(p -> processEnergy.getOrDefault(p, BigDecimal.ZERO)).reduce(BigDecimal.ZERO, BigDecimal::add);
            share = productEnergy.divide(total, 4, RoundingMode.HALF_UP);
            met = productEnergy.compareTo(total.multiply(props.productShareMin())) >= 0;
        }
        return new PeriodAccount(statType, statDate, periodStart, methods, products, productEnergy, share, met,
                items);
    }
}
