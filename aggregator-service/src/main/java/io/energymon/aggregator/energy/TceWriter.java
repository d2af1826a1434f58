package io.energymon.aggregator.energy;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.codes.factor.ConversionFactor;
import io.energymon.codes.factor.ConversionFactorTable;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.codes.factor.EnergyUnits;
import io.energymon.codes.factor.FactorOrigin;
import io.energymon.codes.factor.SubjectKind;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.formula.unit.Unit;
import io.energymon.formula.unit.Units;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Converts new item value versions to kgce (GB/T 2589) in the caller's transaction, set-based: one statement reads
 * the measured factors the batch needs (only when the enterprise has factor items for a subject of the batch), one
 * writes every conversion ({@code item_value_tce}, V10).
 *
 * <p>The factor is the one in force on the value's local date (its statDate): a measured factor — the latest valid
 * real-time value of a factor item (data class 05/06/07) of the same subject whose local date is on or before it —
 * wins over the reference value (valid: computed from GOOD data only; a doubtful factor, e.g. from an estimated
 * analysis, is not used, nor a withdrawn one). Every value is converted whatever its validity, under both
 * accounting methods: with the factor of that
 * method, or, for a subject whose factors know one method only (natural gas: calorific equivalent; working media:
 * equal value), with that one; electricity and heat under the equal-value method only with an equal-value factor.
 * A value whose unit does not match its factor's, or whose subject has no usable factor (a range only), is not
 * converted. Values are exact: units are scaled with the exact scales of {@link Units}. A new version of a
 * measured factor converts the stored values of its subject from its date on again (their value versions stay).
 */
@Component
public class TceWriter {
    /** Subjects whose equal value differs from their calorific equivalent (GB/T 2589): never one for the other. */
    private static final List<String> TWO_METHOD_ENERGY = List.of("3300", "3200");

    private final JdbcClient jdbc;
    private final ItemCatalog catalog;
    private final EnergyProperties props;
    private final ConversionFactorTable reference;

    public TceWriter(JdbcClient jdbc, ItemCatalog catalog, EnergyProperties props) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.props = props;
        List<ConversionFactor> extra = new ArrayList<>();
        props.electricityEqualValue().forEach((from, value) -> extra.add(new ConversionFactor("electricity",
                SubjectKind.ENERGY, "3300", "电力", "electricity", ConversionMethod.EQUAL_VALUE,
                EnergyUnits.KILOWATT_HOUR, Optional.of(value), Optional.empty(), Optional.empty(),
                LocalDate.parse(from), "energymon.aggregator.energy.electricity-equal-value", FactorOrigin.REFERENCE)));
        this.reference = ConversionFactorTable.reference().with(extra);
    }

    /** A factor as used: kgce per one {@code unit}. */
    record UsedFactor(String key, ConversionMethod method, LocalDate effectiveFrom, FactorOrigin origin,
                      BigDecimal kgcePerUnit, String unitText, Unit unit) {
    }

    /** A measured factor need: the latest value of a factor item before the end of a local day. */
    private record Need(EnterpriseRef ref, String factorCode, Instant before) {
    }

    private record Measured(BigDecimal value, LocalDateTime statDate) {
    }

    private record Row(ItemValue value, ConversionMethod method, BigDecimal kgce, UsedFactor factor) {
    }

    /** Converts the values that have an energy or medium subject with a factor; others are left alone. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void write(List<ItemValue> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<ItemValue, AccountedItem.Energy> energy = new LinkedHashMap<>();
        Map<ItemValue, EnterpriseCatalog> enterprises = new HashMap<>();
        for (ItemValue v : withConvertedAgain(values)) {
            EnterpriseRef ref = new EnterpriseRef(v.tenantId(), v.enterpriseCode());
            Optional<EnterpriseCatalog> e = catalog.enterprise(ref);
            if (e.isPresent() && AccountingView.of(e.get(), props).item(v.dataCode()).orElse(null)
                    instanceof AccountedItem.Energy en) {
                energy.put(v, en);
                enterprises.put(v, e.get());
            }
        }
        if (energy.isEmpty()) {
            return;
        }
        Map<Need, Measured> measured = measured(energy, enterprises);
        List<Row> rows = new ArrayList<>();
        for (var entry : energy.entrySet()) {
            ItemValue v = entry.getKey();
            AccountedItem.Energy item = entry.getValue();
            EnterpriseCatalog e = enterprises.get(v);
            LocalDate day = v.statDate().toLocalDate();
            Map<ConversionMethod, UsedFactor> byMethod = new LinkedHashMap<>();
            for (ConversionMethod m : ConversionMethod.values()) {
                factor(e, item, m, day, measured).ifPresent(f -> byMethod.put(m, f));
            }
            for (ConversionMethod m : ConversionMethod.values()) {
                UsedFactor f = byMethod.get(m);
                if (f == null && !(item.kind() == SubjectKind.ENERGY && TWO_METHOD_ENERGY.contains(item.subjectCode()))) {
                    f = byMethod.values().stream().findFirst().orElse(null); // the subject's only method
                }
                if (f != null && f.unit().dimension().equals(item.unit().dimension())) {
                    rows.add(new Row(v, m, kgce(v.value(), item.unit(), f), f));
                }
            }
        }
        insert(rows);
    }

    private record Key(String tenantId, String enterpriseCode, String dataCode, int statType, Instant start) {
        static Key of(ItemValue v) {
            return new Key(v.tenantId(), v.enterpriseCode(), v.dataCode(), v.statType(), v.periodStart());
        }
    }

    /**
     * The values plus, for every new real-time version of a measured factor among them, the stored values of its
     * subject from the factor's local date on: they are converted again (same value version, new factor), so a factor
     * reported after the values it applies to still reaches them. Factors are rare (monthly or daily), so is this.
     */
    private List<ItemValue> withConvertedAgain(List<ItemValue> values) {
        List<ItemValue> all = null;
        Set<Key> keys = new HashSet<>();
        for (ItemValue v : values) {
            Optional<EnterpriseCatalog> e = catalog.enterprise(new EnterpriseRef(v.tenantId(), v.enterpriseCode()));
            if (v.statType() != 0 || e.isEmpty()
                    || !(AccountingView.of(e.get(), props).item(v.dataCode()).orElse(null) instanceof AccountedItem.Factor f)) {
                continue;
            }
            String[] subjects = AccountingView.of(e.get(), props).items().values().stream()
                    .filter(a -> a instanceof AccountedItem.Energy en && en.kind() == f.kind()
                            && en.subjectCode().equals(f.subjectCode()))
                    .map(AccountedItem::dataCode).toArray(String[]::new);
            if (subjects.length == 0) {
                continue;
            }
            if (all == null) {
                all = new ArrayList<>(values);
                values.forEach(x -> keys.add(Key.of(x)));
            }
            EnterpriseCatalog enterprise = e.get();
            Instant from = v.statDate().toLocalDate().atStartOfDay(enterprise.zone()).toInstant();
            List<ItemValue> stored = jdbc.sql("""
                            select data_code, stat_type, stat_date, period_start, period_end, value, version, valid,
                                   computed_at
                              from item_value
                             where tenant_id = ? and enterprise_code = ? and data_code = any(?) and period_start >= ?
                            """)
                    .params(v.tenantId(), v.enterpriseCode(), subjects, OffsetDateTime.ofInstant(from, enterprise.zone()))
                    .query((rs, i) -> {
                        var cfg = enterprise.item(rs.getString(1)).orElseThrow().config();
                        return new ItemValue(v.tenantId(), v.enterpriseCode(), rs.getString(1), rs.getInt(2),
                                rs.getObject(3, LocalDateTime.class), rs.getObject(4, OffsetDateTime.class).toInstant(),
                                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getBigDecimal(6), rs.getLong(7),
                                cfg.inputType(), cfg.scope(), rs.getBoolean(8),
                                rs.getObject(9, OffsetDateTime.class).toInstant());
                    })
                    .list();
            for (ItemValue x : stored) {
                if (keys.add(Key.of(x))) {
                    all.add(x);
                }
            }
        }
        return all == null ? values : all;
    }

    /** value (in the item's unit) × factor, the value first expressed in the factor's unit; exact where it can be. */
    static BigDecimal kgce(BigDecimal value, Unit valueUnit, UsedFactor factor) {
        BigDecimal product = value.multiply(valueUnit.scale()).multiply(factor.kgcePerUnit());
        try {
            return product.divide(factor.unit().scale()).stripTrailingZeros();
        } catch (ArithmeticException notExact) {
            return product.divide(factor.unit().scale(), MathContext.DECIMAL128).stripTrailingZeros();
        }
    }

    /** The factor of a method in force on a day: measured, else reference; empty when there is none usable. */
    private Optional<UsedFactor> factor(EnterpriseCatalog e, AccountedItem.Energy item, ConversionMethod method,
                                        LocalDate day, Map<Need, Measured> measured) {
        Optional<ConversionFactor> ref = reference.find(item.kind(), item.subjectCode(), method, day);
        String key = ref.map(ConversionFactor::key)
                .or(() -> reference.find(item.kind(), item.subjectCode(), day).map(ConversionFactor::key))
                .orElse(item.kind() + ":" + item.subjectCode());
        Optional<UsedFactor> best = Optional.empty();
        Instant before = day.plusDays(1).atStartOfDay(e.zone()).toInstant();
        for (AccountedItem.Factor f : AccountingView.of(e, props).factors(item.kind(), item.subjectCode(), method)) {
            Measured m = measured.get(new Need(e.ref(), f.dataCode(), before));
            if (m != null && (best.isEmpty() || m.statDate().toLocalDate().isAfter(best.get().effectiveFrom()))) {
                BigDecimal perUnit = m.value().multiply(f.numerator().scale()); // kgce per one denominator unit
                best = Optional.of(new UsedFactor(key, method, m.statDate().toLocalDate(), FactorOrigin.MEASURED,
                        perUnit, f.denominator().text(), f.denominator()));
            }
        }
        if (best.isPresent()) {
            return best;
        }
        return ref.filter(f -> f.kgcePerUnit().isPresent()).flatMap(f -> {
            String symbol = EnergyUnits.symbolOf(f.unit());
            return Units.parse(symbol).map(u -> new UsedFactor(f.key(), method, f.effectiveFrom(), f.origin(),
                    f.kgcePerUnit().get(), symbol, u));
        });
    }

    /** The measured factors the batch needs, in one statement (none when no enterprise has factor items). */
    private Map<Need, Measured> measured(Map<ItemValue, AccountedItem.Energy> energy,
                                         Map<ItemValue, EnterpriseCatalog> enterprises) {
        Set<Need> distinct = new LinkedHashSet<>();
        for (var entry : energy.entrySet()) {
            EnterpriseCatalog e = enterprises.get(entry.getKey());
            ZoneId zone = e.zone();
            Instant before = entry.getKey().statDate().toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            for (ConversionMethod m : ConversionMethod.values()) {
                for (AccountedItem.Factor f : AccountingView.of(e, props).factors(entry.getValue().kind(),
                        entry.getValue().subjectCode(), m)) {
                    distinct.add(new Need(e.ref(), f.dataCode(), before));
                }
            }
        }
        List<Need> needs = List.copyOf(distinct);
        Map<Need, Measured> out = new HashMap<>();
        if (needs.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select n.i, f.value, f.stat_date
                          from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) with ordinality as n(t, e, c, b, i)
                          cross join lateral (
                                select v.value, v.stat_date from item_value v
                                 where v.tenant_id = n.t and v.enterprise_code = n.e and v.data_code = n.c
                                   and v.stat_type = 0 and v.period_start < n.b and v.valid and v.value > 0
                                 order by v.period_start desc limit 1) f
                        """)
                .params(needs.stream().map(n -> n.ref().tenantId()).toArray(String[]::new),
                        needs.stream().map(n -> n.ref().enterpriseCode()).toArray(String[]::new),
                        needs.stream().map(Need::factorCode).toArray(String[]::new),
                        needs.stream().map(n -> n.before().toString()).toArray(String[]::new))
                .query((rs, i) -> out.put(needs.get(rs.getInt(1) - 1),
                        new Measured(rs.getBigDecimal(2), rs.getObject(3, LocalDateTime.class))))
                .list();
        return out;
    }

    private void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] t = new String[n], e = new String[n], c = new String[n], ps = new String[n], m = new String[n],
                kg = new String[n], key = new String[n], fm = new String[n], from = new String[n], origin = new String[n],
                fv = new String[n], fu = new String[n];
        Integer[] st = new Integer[n];
        Long[] version = new Long[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            t[i] = r.value().tenantId();
            e[i] = r.value().enterpriseCode();
            c[i] = r.value().dataCode();
            st[i] = r.value().statType();
            ps[i] = r.value().periodStart().toString();
            m[i] = r.method().name();
            version[i] = r.value().version();
            kg[i] = r.kgce().toPlainString();
            key[i] = r.factor().key();
            fm[i] = r.factor().method().name();
            from[i] = r.factor().effectiveFrom().toString();
            origin[i] = r.factor().origin().name();
            fv[i] = r.factor().kgcePerUnit().toPlainString();
            fu[i] = r.factor().unitText();
        }
        jdbc.sql("""
                        insert into item_value_tce (tenant_id, enterprise_code, data_code, stat_type, period_start, method,
                                                    version, kgce, factor_key, factor_method, factor_effective_from,
                                                    factor_origin, factor_value, factor_unit)
                        select * from unnest(?::text[], ?::text[], ?::text[], ?::smallint[], ?::timestamptz[], ?::text[],
                                             ?::bigint[], ?::numeric[], ?::text[], ?::text[], ?::date[], ?::text[],
                                             ?::numeric[], ?::text[])
                        on conflict (tenant_id, enterprise_code, data_code, stat_type, period_start, method) do update
                           set version = excluded.version, kgce = excluded.kgce, factor_key = excluded.factor_key,
                               factor_method = excluded.factor_method,
                               factor_effective_from = excluded.factor_effective_from,
                               factor_origin = excluded.factor_origin, factor_value = excluded.factor_value,
                               factor_unit = excluded.factor_unit
                        """)
                .params(t, e, c, st, ps, m, version, kg, key, fm, from, origin, fv, fu)
                .update();
    }
}
