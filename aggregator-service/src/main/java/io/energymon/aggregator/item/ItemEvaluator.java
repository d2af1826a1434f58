package io.energymon.aggregator.item;

import io.energymon.aggregator.alarm.AlarmKind;
import io.energymon.aggregator.alarm.AlarmStates;
import io.energymon.aggregator.alarm.Observation;
import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.rollup.RollupMarks;
import io.energymon.aggregator.rollup.RollupPeriod;
import io.energymon.domain.event.ItemValue;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.series.SeriesDictionary;
import io.energymon.aggregator.series.SeriesKey;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.formula.Evaluation;
import io.energymon.formula.ValueSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Evaluates the real-time (statType 0) values of the items depending on the touched points, per touched period and in
 * dependency order, and stores them through {@link ItemValueWriter}. The inputs of all periods are read set-based
 * first (three statements per batch). Periods are those of {@link RealtimeGrid} (quarter hours for points polled every
 * 15 minutes or faster). A cumulative point's value is the consumption of the usable ({@code NORMAL},
 * {@code ROLLOVER}, {@code METER_CHANGE}) intervals covering exactly the period (finer ones summed); an instantaneous
 * point's value is, for a rate, its integral over the period, else the mean of its readings, from its
 * {@code GOOD}/{@code UNCERTAIN} readings at every slot start of the period (see {@code InstantaneousInput});
 * an item's value the one computed in the same round, or else the stored value of the period. An item whose inputs
 * are not all there yet is not written (it is evaluated again when the missing input arrives); an item whose formula
 * fails (division by zero) is logged and not written. An item without a value whose stored value is not withdrawn is
 * withdrawn: a new version with {@code valid = false} (see {@link #withdraw}); a withdrawn value is no input of
 * other items.
 *
 * <p>A computed value is {@link Validity#VALID} only when every input the formula read is good: intervals whose end
 * readings are both GOOD ({@code interval_consumption.good}), instantaneous readings all GOOD, input items valid;
 * otherwise it is {@link Validity#DOUBTFUL} — stored and published with {@code valid = false}, counted in rollups
 * (see {@link Validity}).
 */
@Component
public class ItemEvaluator {
    private static final Logger log = LoggerFactory.getLogger(ItemEvaluator.class);

    private final JdbcClient jdbc;
    private final SeriesDictionary series;
    private final ItemValueWriter writer;
    private final RollupMarks rollups;
    private final RealtimeGrid grid;
    private final AlarmStates alarms;

    public ItemEvaluator(JdbcClient jdbc, SeriesDictionary series, ItemValueWriter writer, RollupMarks rollups,
                         RealtimeGrid grid, AlarmStates alarms) {
        this.alarms = alarms;
        this.grid = grid;
        this.rollups = rollups;
        this.jdbc = jdbc;
        this.series = series;
        this.writer = writer;
    }

    private record PointAt(int seriesId, Instant start) {
    }

    private record ItemAt(EnterpriseRef ref, String dataCode, Instant start) {
    }

    /** An item that has no value for a period now (inputs missing or formula failed). */
    private record Unvalued(CatalogItem item, ItemAt at, ItemValueWriter.Period period) {
    }

    /**
     * How an instantaneous point enters a period's formula: a rate ({@code kW}, {@code m3/h}) as its integral over the
     * period, each reading held for its slot (the sum of reading × slot in hours: kW gives kWh); another quantity
     * (temperature, pressure) as the mean of its readings. Both need a usable reading at every slot start.
     *
     * @param slot   the point's slot, or the period when the point is polled less often
     * @param period the period's length
     */
    private record InstantaneousInput(boolean rate, Duration slot, Duration period) {
        private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

        long readings() {
            return period.toMillis() / slot.toMillis();
        }

        BigDecimal value(BigDecimal sum, long count) {
            BigDecimal v = rate
                    ? sum.multiply(BigDecimal.valueOf(slot.toMillis())).divide(MS_PER_HOUR, 12, RoundingMode.HALF_EVEN)
                    : sum.divide(BigDecimal.valueOf(count), 12, RoundingMode.HALF_EVEN);
            v = v.stripTrailingZeros();
            return v.scale() < 0 ? v.setScale(0) : v;
        }
    }

    /** A stored real-time value and its validity. */
    private record Stored(BigDecimal value, Validity validity) {
    }

    /** An input value of a formula and whether it is good (see {@link Validity}). */
    public record Input(BigDecimal value, boolean good) {
    }

    /**
     * Point values the caller derived in its own transaction and need not be read back: the consumption of a
     * cumulative series over exactly [start, end) (empty when that interval is not usable), and the usable reading of
     * an instantaneous series at a time, each with whether it is good.
     */
    public record KnownInputs(Map<IntervalAt, Optional<Input>> consumption, Map<ReadingAt, Input> readings) {
        public static final KnownInputs NONE = new KnownInputs(Map.of(), Map.of());
    }

    /** A cumulative series' interval. */
    public record IntervalAt(int seriesId, Instant start, Instant end) {
    }

    /** An instantaneous series' reading. */
    public record ReadingAt(int seriesId, Instant ts) {
    }

    /** The grid of the real-time periods this evaluator computes. */
    public RealtimeGrid grid() {
        return grid;
    }

    /** Evaluates and stores; returns how many item values were new or changed. Runs in the caller's transaction. */
    public int evaluate(List<TouchedPeriod> touched) {
        return evaluate(touched, KnownInputs.NONE);
    }

    /**
     * Evaluates and stores, reading from the database only the inputs not among {@code known}; returns how many item
     * values were new or changed. Runs in the caller's transaction.
     */
    public int evaluate(List<TouchedPeriod> touched, KnownInputs known) {
        if (touched.isEmpty()) {
            return 0;
        }
        // what the formulas of the dependent items need, for every touched period
        Set<SeriesKey> keys = new HashSet<>();
        Map<TouchedPeriod, List<CatalogItem>> dependents = new HashMap<>();
        for (TouchedPeriod t : touched) {
            List<CatalogItem> items = t.enterprise().dependentsOf(t.pointIds());
            dependents.put(t, items);
            items.forEach(i -> i.formula().pointRefs().forEach(p -> keys.add(new SeriesKey(t.enterprise().ref(), p))));
        }
        Map<SeriesKey, Integer> ids = series.resolve(keys);
        List<Integer> cumIds = new ArrayList<>();
        List<String> cumStarts = new ArrayList<>();
        List<String> cumEnds = new ArrayList<>();
        List<Integer> instIds = new ArrayList<>();
        List<String> instStarts = new ArrayList<>();
        List<String> instEnds = new ArrayList<>();
        List<Long> instSlots = new ArrayList<>();
        Map<PointAt, InstantaneousInput> instInputs = new HashMap<>();
        List<ItemAt> itemRefs = new ArrayList<>();
        Map<PointAt, Input> pointValues = new HashMap<>();
        for (TouchedPeriod t : touched) {
            Set<String> points = new HashSet<>();
            for (CatalogItem item : dependents.get(t)) {
                points.addAll(item.formula().pointRefs());
                item.formula().itemRefs().forEach(c -> itemRefs.add(new ItemAt(t.enterprise().ref(), c, t.start())));
            }
            Duration length = Duration.between(t.start(), t.end());
            for (String p : points) {
                int id = ids.get(new SeriesKey(t.enterprise().ref(), p));
                PointAt at = new PointAt(id, t.start());
                if (t.enterprise().kind(p).orElse(null) == PointKind.INSTANTANEOUS) {
                    Duration slot = t.enterprise().point(p).map(PointConfig::slot).orElse(length);
                    InstantaneousInput input = new InstantaneousInput(t.enterprise().isRate(p),
                            slot.compareTo(length) >= 0 ? length : slot, length);
                    Input v = input.readings() == 1 ? known.readings().get(new ReadingAt(id, t.start())) : null;
                    if (v != null) {
                        pointValues.put(at, new Input(input.value(v.value(), 1), v.good()));
                    } else {
                        instInputs.put(at, input);
                        instIds.add(id);
                        instStarts.add(t.start().toString());
                        instEnds.add(t.end().toString());
                        instSlots.add(input.slot().toMillis());
                    }
                } else {
                    Optional<Input> v = known.consumption().get(new IntervalAt(id, t.start(), t.end()));
                    if (v != null) {
                        v.ifPresent(c -> pointValues.put(at, c));
                    } else {
                        cumIds.add(id);
                        cumStarts.add(t.start().toString());
                        cumEnds.add(t.end().toString());
                    }
                }
            }
        }
        if (!cumIds.isEmpty()) {
            // the usable intervals covering the period exactly: its own, or finer ones summed (one no longer than
            // the grid's period straddling the period's edge counts in proportion to its overlap); a period not fully
            // covered has no value; good when all of them are
            jdbc.sql("""
                            select q.series_id, q.s,
                                   sum(case when x.overlap = x.length then i.consumption
                                            else i.consumption * x.overlap / x.length end),
                                   bool_and(i.good)
                              from unnest(?::int[], ?::timestamptz[], ?::timestamptz[]) as q(series_id, s, e)
                              join interval_consumption i
                                on i.series_id = q.series_id and i.interval_start < q.e and i.interval_end > q.s
                               and i.interval_start >= q.s - interval '1 day' and i.flag in (0, 3, 4)
                               and (i.interval_end - i.interval_start <= ? * interval '1 millisecond'
                                    or (i.interval_start >= q.s and i.interval_end <= q.e))
                             cross join lateral (select extract(epoch from least(i.interval_end, q.e)
                                                                     - greatest(i.interval_start, q.s)) as overlap,
                                                        extract(epoch from i.interval_end - i.interval_start) as length) x
                             group by q.series_id, q.s, q.e
                            having sum(x.overlap) = extract(epoch from q.e - q.s)
                            """)
                    .params(cumIds.toArray(Integer[]::new), cumStarts.toArray(String[]::new),
                            cumEnds.toArray(String[]::new), grid.period().toMillis())
                    .query((rs, i) -> pointValues.put(new PointAt(rs.getInt(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant()),
                            new Input(rs.getBigDecimal(3), rs.getBoolean(4))))
                    .list();
        }
        if (!instIds.isEmpty()) {
            // the usable readings at every slot start of the period; the value needs all of them, good when all are
            jdbc.sql("""
                            select q.series_id, q.s, sum(r.value), count(r.value), bool_and(r.quality = 0)
                              from unnest(?::int[], ?::timestamptz[], ?::timestamptz[], ?::bigint[])
                                   as q(series_id, s, e, slot_ms)
                             cross join lateral generate_series(q.s, q.e - q.slot_ms * interval '1 millisecond',
                                                                q.slot_ms * interval '1 millisecond') as g(ts)
                             cross join lateral reading_usable_at(q.series_id, g.ts) r
                             where r.value is not null
                             group by q.series_id, q.s
                            """)
                    .params(instIds.toArray(Integer[]::new), instStarts.toArray(String[]::new),
                            instEnds.toArray(String[]::new), instSlots.toArray(Long[]::new))
                    .query((rs, i) -> {
                        PointAt at = new PointAt(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                        InstantaneousInput input = instInputs.get(at);
                        if (input != null && rs.getLong(4) == input.readings()) {
                            pointValues.put(at, new Input(input.value(rs.getBigDecimal(3), input.readings()),
                                    rs.getBoolean(5)));
                        }
                        return at;
                    })
                    .list();
        }
        Map<ItemAt, Stored> storedItems = storedItemValues(itemRefs); // values of the items the formulas reference

        List<ItemValueWriter.Pending> pending = new ArrayList<>();
        List<Unvalued> unvalued = new ArrayList<>();
        for (TouchedPeriod t : touched) {
            evaluate(t, dependents.get(t), ids, pointValues, storedItems, pending, unvalued);
        }
        // items without a value now: a value stored before is withdrawn (their own values read only for them)
        Map<ItemAt, Stored> ownValues = storedItemValues(unvalued.stream().map(Unvalued::at).toList());
        for (Unvalued u : unvalued) {
            withdraw(u.item(), u.at().ref(), u.period(), ownValues.get(u.at()), pending);
        }
        List<ItemValue> written = writer.upsertAll(pending);
        markDays(touched, written);
        alarms.observe(plausibility(touched, written));
        return written.size();
    }

    /**
     * A valid real-time value outside its item's {@code valueMin..valueMax} is a bad observation of the item, one
     * inside a good one ({@link AlarmKind#IMPLAUSIBLE_VALUE}); items without a range are not watched. A doubtful value
     * (computed from an estimated or substituted reading) is no observation either way: it says nothing about the
     * plant.
     */
    private static List<Observation> plausibility(List<TouchedPeriod> touched, List<ItemValue> written) {
        List<Observation> out = new ArrayList<>();
        Map<EnterpriseRef, EnterpriseCatalog> enterprises = new HashMap<>();
        touched.forEach(t -> enterprises.put(t.enterprise().ref(), t.enterprise()));
        for (ItemValue v : written) {
            EnterpriseRef ref = new EnterpriseRef(v.tenantId(), v.enterpriseCode());
            EnterpriseCatalog e = enterprises.get(ref);
            ItemConfig item = e == null ? null : e.item(v.dataCode()).map(CatalogItem::config).orElse(null);
            if (item == null || !v.valid() || (item.valueMin() == null && item.valueMax() == null)) {
                continue;
            }
            boolean low = item.valueMin() != null && v.value().compareTo(item.valueMin()) < 0;
            boolean high = item.valueMax() != null && v.value().compareTo(item.valueMax()) > 0;
            if (low || high) {
                String range = (item.valueMin() == null ? "" : item.valueMin().toPlainString()) + ".."
                        + (item.valueMax() == null ? "" : item.valueMax().toPlainString());
                out.add(Observation.bad(ref, AlarmKind.IMPLAUSIBLE_VALUE, v.dataCode(), v.periodStart(),
                        "时段 " + v.periodStart() + " 的值 " + v.value().toPlainString() + " 超出 " + range,
                        "value " + v.value().toPlainString() + " of the period from " + v.periodStart()
                                + " is outside " + range));
            } else {
                out.add(Observation.good(ref, AlarmKind.IMPLAUSIBLE_VALUE, v.dataCode(), v.periodStart()));
            }
        }
        return out;
    }

    /** The local days of the real-time values that changed, for items reported per day, month or year. */
    private void markDays(List<TouchedPeriod> touched, List<ItemValue> written) {
        if (written.isEmpty()) {
            return;
        }
        Map<EnterpriseRef, EnterpriseCatalog> enterprises = new HashMap<>();
        touched.forEach(t -> enterprises.put(t.enterprise().ref(), t.enterprise()));
        List<RollupMarks.Mark> days = new ArrayList<>();
        for (ItemValue v : written) {
            EnterpriseRef ref = new EnterpriseRef(v.tenantId(), v.enterpriseCode());
            EnterpriseCatalog e = enterprises.get(ref);
            Optional<CatalogItem> item = e == null ? Optional.empty() : e.item(v.dataCode());
            if (item.isPresent() && RollupPeriod.needed(item.get().config().statTypes(), 1)) {
                days.add(new RollupMarks.Mark(ref, v.dataCode(), RollupPeriod.of(1, v.periodStart(), e.zone())));
            }
        }
        rollups.mark(days);
    }

    private Map<ItemAt, Stored> storedItemValues(List<ItemAt> refs) {
        Map<ItemAt, Stored> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select v.tenant_id, v.enterprise_code, v.data_code, v.period_start, v.value, v.valid,
                               v.withdrawn
                          from item_value v
                          join unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) as q(t, e, c, p)
                            on v.tenant_id = q.t and v.enterprise_code = q.e and v.data_code = q.c
                           and v.stat_type = 0 and v.period_start = q.p
                        """)
                .params(refs.stream().map(r -> r.ref().tenantId()).toArray(String[]::new),
                        refs.stream().map(r -> r.ref().enterpriseCode()).toArray(String[]::new),
                        refs.stream().map(ItemAt::dataCode).toArray(String[]::new),
                        refs.stream().map(r -> r.start().toString()).toArray(String[]::new))
                .query((rs, i) -> out.put(new ItemAt(new EnterpriseRef(rs.getString(1), rs.getString(2)),
                        rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()),
                        new Stored(rs.getBigDecimal(5), rs.getBoolean(7) ? Validity.WITHDRAWN
                                : Validity.computed(rs.getBoolean(6)))))
                .list();
        return out;
    }

    private void evaluate(TouchedPeriod t, List<CatalogItem> items, Map<SeriesKey, Integer> ids,
                          Map<PointAt, Input> pointValues, Map<ItemAt, Stored> storedItems,
                          List<ItemValueWriter.Pending> out, List<Unvalued> unvalued) {
        EnterpriseCatalog enterprise = t.enterprise();
        EnterpriseRef ref = enterprise.ref();
        var period = new ItemValueWriter.Period(0, t.start(), t.end(),
                t.start().atZone(enterprise.zone()).toLocalDateTime());
        // items evaluated in this round; empty when they had no value (then their stored value is stale)
        Map<String, Optional<Input>> computed = new HashMap<>();
        // whether every input the formula being evaluated has read so far is good
        boolean[] good = {true};
        ValueSource values = new ValueSource() {
            @Override
            public Optional<BigDecimal> point(String pointId) {
                Integer id = ids.get(new SeriesKey(ref, pointId));
                return read(id == null ? null : pointValues.get(new PointAt(id, t.start())));
            }

            @Override
            public Optional<BigDecimal> item(String itemCode) {
                Optional<Input> now = computed.get(itemCode);
                if (now != null) {
                    return read(now.orElse(null));
                }
                Stored stored = storedItems.get(new ItemAt(ref, itemCode, t.start()));
                return stored == null || stored.validity().withdrawn() ? Optional.empty()
                        : read(new Input(stored.value(), stored.validity().valid()));
            }

            private Optional<BigDecimal> read(Input input) {
                if (input == null) {
                    return Optional.empty();
                }
                good[0] &= input.good();
                return Optional.of(input.value());
            }
        };
        for (CatalogItem item : items) {
            good[0] = true;
            switch (item.formula().evaluate(values)) {
                case Evaluation.Value v -> {
                    computed.put(item.dataCode(), Optional.of(new Input(v.value(), good[0])));
                    out.add(new ItemValueWriter.Pending(ref, item.dataCode(), period, v.value(),
                            item.config().inputType(), item.config().scope(), Validity.computed(good[0])));
                }
                case Evaluation.Missing m -> {
                    computed.put(item.dataCode(), Optional.empty());
                    unvalued.add(new Unvalued(item, new ItemAt(ref, item.dataCode(), t.start()), period));
                    log.debug("tenant={} enterprise={} item {} period {}: waiting for points {} items {}",
                            ref.tenantId(), ref.enterpriseCode(), item.dataCode(), t.start(), m.points(), m.items());
                }
                case Evaluation.Failed f -> {
                    computed.put(item.dataCode(), Optional.empty());
                    unvalued.add(new Unvalued(item, new ItemAt(ref, item.dataCode(), t.start()), period));
                    log.warn("tenant={} enterprise={} item {} period {}: no value, formula {} failed: {}",
                            ref.tenantId(), ref.enterpriseCode(), item.dataCode(), t.start(), item.formula(),
                            f.error().message());
                }
            }
        }
    }

    /**
     * An item without a value now whose stored value is not withdrawn had usable inputs before that are gone (a
     * corrected reading made its interval a DECREASE or GAP, an input item was withdrawn): the stored value is
     * withdrawn — a new version with {@code valid = false}, the value kept — so that it never stands as a value.
     */
    private static void withdraw(CatalogItem item, EnterpriseRef ref, ItemValueWriter.Period period, Stored stored,
                                 List<ItemValueWriter.Pending> out) {
        if (stored != null && !stored.validity().withdrawn()) {
            log.info("tenant={} enterprise={} item {} period {}: inputs no longer usable, value {} withdrawn",
                    ref.tenantId(), ref.enterpriseCode(), item.dataCode(), period.start(), stored.value());
            out.add(new ItemValueWriter.Pending(ref, item.dataCode(), period, stored.value(),
                    item.config().inputType(), item.config().scope(), Validity.WITHDRAWN));
        }
    }
}
