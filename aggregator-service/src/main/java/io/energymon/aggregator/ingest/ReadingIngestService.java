package io.energymon.aggregator.ingest;

import io.energymon.aggregator.alarm.AlarmKind;
import io.energymon.aggregator.alarm.AlarmStates;
import io.energymon.aggregator.alarm.Observation;
import io.energymon.aggregator.alarm.SpikeDetector;
import io.energymon.aggregator.compaction.ReadingCompactor;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.interval.Interval;
import io.energymon.aggregator.interval.IntervalStore;
import io.energymon.aggregator.interval.LastValue;
import io.energymon.aggregator.interval.LastValueCache;
import io.energymon.aggregator.interval.MeterChange;
import io.energymon.aggregator.interval.MeterChangeStore;
import io.energymon.aggregator.item.ItemEvaluator;
import io.energymon.aggregator.item.RealtimeGrid;
import io.energymon.aggregator.item.TouchedPeriod;
import io.energymon.aggregator.manual.ManualEntries;
import io.energymon.aggregator.manual.ManualPeriods;
import io.energymon.aggregator.partition.MonthlyPartitions;
import io.energymon.aggregator.series.SeriesDictionary;
import io.energymon.aggregator.series.SeriesKey;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the readings of many Kafka records and everything derived from them in one transaction, with a few
 * set-based statements whatever the number of readings:
 * <ol>
 * <li>series ids of the batch resolved ({@link SeriesDictionary}) and monthly partitions ensured
 *     ({@link MonthlyPartitions}), both committed on their own before the batch's transaction;</li>
 * <li>the latest usable reading of bound cumulative series not cached yet loaded ({@link LastValueCache}, one
 *     statement);</li>
 * <li>all readings upserted (one statement; a BAD reading never overwrites a usable one, a replay changes nothing;
 *     readings of days already packed into {@code reading_day} are compared with the packed ones first, one more
 *     statement only when there are any) and the latest reading per series upserted (one statement);</li>
 * <li>intervals of the new or changed usable readings of bound cumulative points: in-order data from the cached last
 *     value, late data from its neighbours read back set-based (one statement), all upserted in one statement
 *     ({@link Interval}: {@code NORMAL} one slot, {@code GAP} several, {@code DECREASE} counter went down,
 *     {@code ROLLOVER} counter wrapped past its {@code rolloverMax}; good when both its readings are GOOD);</li>
 * <li>items depending on the points evaluated for every period with a new usable ({@code NORMAL}, {@code ROLLOVER}) interval or usable
 *     instantaneous reading ({@link ItemEvaluator}; a reading of another quality than before is a change too: it
 *     turns the values computed from it valid or doubtful), versioned and written to the outbox.</li>
 * </ol>
 * Readings carrying a period (manual day, week or month entries) are no slot readings: they go to
 * {@link ManualEntries} in the same transaction instead (a BAD one carries nothing to store and is ignored), and one
 * whose {@code ts} is not at the start of its local period is refused ({@link IllegalArgumentException}; the listener
 * dead-letters such records before).
 * A point is <em>bound</em> when some item's formula references it (directly or through another item); a reading of
 * an enterprise without configuration is stored and nothing is derived from it. A changed configuration applies from
 * the next batch on. The cache changes only after commit; a rolled-back batch's series are dropped from it.
 */
@Service
public class ReadingIngestService {
    private final ItemCatalog catalog;
    private final SeriesDictionary series;
    private final MonthlyPartitions partitions;
    private final ReadingStore readings;
    private final IntervalStore intervals;
    private final MeterChangeStore meterChanges;
    private final LastValueCache lastValues;
    private final ReadingCompactor compactor;
    private final ItemEvaluator items;
    private final AlarmStates alarms;
    private final SpikeDetector spikes;
    private final ManualEntries manual;
    private final TransactionTemplate tx;
    private final Map<Stage, Timer> stages = new java.util.EnumMap<>(Stage.class);

    public ReadingIngestService(ItemCatalog catalog, SeriesDictionary series, MonthlyPartitions partitions,
                                ReadingStore readings, IntervalStore intervals, MeterChangeStore meterChanges,
                                LastValueCache lastValues, ReadingCompactor compactor,
                                ItemEvaluator items, AlarmStates alarms, SpikeDetector spikes, ManualEntries manual,
                                PlatformTransactionManager txm, MeterRegistry registry) {
        this.manual = manual;
        this.alarms = alarms;
        this.spikes = spikes;
        this.catalog = catalog;
        this.series = series;
        this.partitions = partitions;
        this.readings = readings;
        this.intervals = intervals;
        this.meterChanges = meterChanges;
        this.lastValues = lastValues;
        this.compactor = compactor;
        this.items = items;
        this.tx = new TransactionTemplate(txm);
        for (Stage stage : Stage.values()) {
            stages.put(stage, Timer.builder("aggregator_ingest_stage_seconds").tag("stage", stage.tag)
                    .description("time spent in one stage of storing readings").register(registry));
        }
    }

    /** The stages of storing a batch, timed separately ({@code aggregator_ingest_stage_seconds{stage}}). */
    public enum Stage {
        SERIES("series"), LAST_VALUES("last_values"), READINGS("readings"), LATEST("latest"), DERIVE("derive"),
        INTERVALS("intervals"), ITEMS("items"), ALARMS("alarms"), MANUAL("manual");

        public final String tag;

        Stage(String tag) {
            this.tag = tag;
        }
    }

    private <T> T timed(Stage stage, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            stages.get(stage).record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void timed(Stage stage, Runnable work) {
        timed(stage, () -> {
            work.run();
            return null;
        });
    }

    /** Outcome counts, for metrics and tests. */
    public record Result(int readingsChanged, int intervalsWritten, int itemValuesChanged) {
    }

    public Result ingest(ReadingBatch batch) {
        return ingest(List.of(batch));
    }

    /** Stores the batches (in Kafka order: a later reading of the same point and slot wins) in one transaction. */
    public Result ingest(List<ReadingBatch> batches) {
        Set<SeriesKey> keys = new LinkedHashSet<>();
        Set<java.time.YearMonth> months = new HashSet<>();
        for (ReadingBatch b : batches) {
            EnterpriseRef ref = new EnterpriseRef(b.tenantId(), b.enterpriseCode());
            for (Reading r : b.readings()) {
                keys.add(new SeriesKey(ref, r.pointId()));
                if (r.period() == null) {
                    months.add(MonthlyPartitions.monthOf(r.ts()));
                }
            }
        }
        if (keys.isEmpty()) {
            return new Result(0, 0, 0);
        }
        Map<SeriesKey, Integer> ids = timed(Stage.SERIES, () -> series.resolve(keys));
        timed(Stage.SERIES, () -> partitions.ensure(months));

        ItemCatalog.Snapshot config = catalog.snapshot();
        // one row per (series, ts), merged in Kafka order; period entries apart
        Map<ReadingStore.Key, ReadingRow> rows = new LinkedHashMap<>();
        List<ManualEntries.Entry> entries = new ArrayList<>();
        for (ReadingBatch b : batches) {
            EnterpriseRef ref = new EnterpriseRef(b.tenantId(), b.enterpriseCode());
            for (Reading r : b.readings()) {
                SeriesKey key = new SeriesKey(ref, r.pointId());
                int id = ids.get(key);
                if (r.period() != null) {
                    if (r.quality() != Quality.BAD) {
                        entries.add(entry(config, key, id, r, b.collectorId()));
                    }
                    continue;
                }
                ReadingRow row = new ReadingRow(key, id, r, b.collectorId(), b.slotLength());
                rows.merge(new ReadingStore.Key(id, r.ts()), row, ReadingRow::mergedWith);
            }
        }
        Set<Integer> touchedSeries = new HashSet<>(ids.values());
        Work work = new Work(config, rows, entries);
        try {
            Result result = tx.execute(s -> work.run());
            lastValues.commit(work.newLast, work.forget);
            return result;
        } catch (RuntimeException e) {
            lastValues.invalidate(touchedSeries);
            throw e;
        }
    }

    /** A period reading as a manual entry, its period's local bounds resolved in the enterprise's zone. */
    private static ManualEntries.Entry entry(ItemCatalog.Snapshot config, SeriesKey key, int seriesId, Reading r,
                                             String collectorId) {
        ZoneId zone = ManualPeriods.zone(config, key.enterprise());
        ManualPeriods.misalignment(r, zone).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        LocalDate first = r.ts().atZone(zone).toLocalDate();
        Instant end = ManualPeriods.end(r.period(), first).atStartOfDay(zone).toInstant();
        return new ManualEntries.Entry(key, seriesId, r.period(), r.ts(), end, r.value(), r.source(), collectorId);
    }

    /** The work of one transaction, and what the cache learns from it once committed. */
    private final class Work {
        private final ItemCatalog.Snapshot config;
        private final Map<ReadingStore.Key, ReadingRow> rows;
        private final List<ManualEntries.Entry> entries;
        final Map<Integer, Optional<LastValue>> newLast = new HashMap<>();
        final Set<Integer> forget = new HashSet<>();

        Work(ItemCatalog.Snapshot config, Map<ReadingStore.Key, ReadingRow> rows, List<ManualEntries.Entry> entries) {
            this.config = config;
            this.rows = rows;
            this.entries = entries;
        }

        Result run() {
            // the cached last values of bound cumulative series, loaded for those not cached, before any write
            Map<Integer, Optional<LastValue>> last = new HashMap<>();
            Set<Integer> toLoad = new HashSet<>();
            for (ReadingRow r : rows.values()) {
                if (boundCumulative(r)) {
                    Optional<LastValue> cached = lastValues.get(r.seriesId());
                    if (cached != null) {
                        last.put(r.seriesId(), cached);
                    } else {
                        toLoad.add(r.seriesId());
                    }
                }
            }
            last.putAll(timed(Stage.LAST_VALUES, () -> intervals.latestUsable(toLoad)));

            Set<ReadingStore.Key> changed = timed(Stage.READINGS, () -> readings.upsert(rows.values(), compactor.horizon()));
            List<ReadingRow> changedRows = rows.entrySet().stream().filter(e -> changed.contains(e.getKey()))
                    .map(Map.Entry::getValue).sorted(Comparator.comparing(ReadingRow::ts)).toList();
            Map<Integer, ReadingRow> latest = new HashMap<>();
            changedRows.forEach(r -> latest.put(r.seriesId(), r)); // ts order: the last one per series stays
            timed(Stage.LATEST, () -> readings.upsertLatest(latest.values()));

            // touched periods per enterprise, in time order, with the points whose inputs changed
            Map<EnterpriseRef, Map<Instant, TouchedBuilder>> touched = new HashMap<>();
            Map<Integer, List<ReadingRow>> cumulative = new HashMap<>();
            for (ReadingRow r : changedRows) {
                if (!boundCumulative(r)) {
                    forget.add(r.seriesId());
                    if (r.usable() && bound(r)) { // usable reading of a bound instantaneous point
                        touch(touched, r, r.ts(), r.ts().plus(r.slotLength()));
                    }
                } else if (r.usable()) {
                    cumulative.computeIfAbsent(r.seriesId(), k -> new ArrayList<>()).add(r);
                }
            }
            Map<Integer, List<Interval>> derived = timed(Stage.DERIVE, () -> deriveIntervals(cumulative, last));
            toLoad.forEach(id -> newLast.putIfAbsent(id, last.get(id))); // loaded and unchanged: still true
            for (Map.Entry<Integer, List<Interval>> e : derived.entrySet()) {
                ReadingRow any = cumulative.get(e.getKey()).getFirst();
                if (!bound(any)) {
                    continue; // derived for the meter balance only: no item to evaluate
                }
                for (Interval in : e.getValue()) {
                    if (in.flag().usable()) {
                        touch(touched, any, in.start(), in.end());
                    } else {
                        // a value derived before for this period (when it was usable) must be withdrawn
                        touch(touched, any, in.start(), in.start().plus(any.slotLength()));
                    }
                }
            }
            int intervalCount = timed(Stage.INTERVALS, () -> intervals.upsert(derived));

            List<TouchedPeriod> periods = new ArrayList<>();
            for (Map<Instant, TouchedBuilder> byStart : touched.values()) {
                byStart.values().forEach(t -> periods.add(t.build()));
            }
            int itemValues = timed(Stage.ITEMS, () -> items.evaluate(periods, known(derived, changedRows)));
            timed(Stage.ALARMS, () -> alarms.observe(counterObservations(derived, cumulative)));
            timed(Stage.MANUAL, () -> manual.store(entries, config));
            return new Result(changed.size(), intervalCount, itemValues);
        }

        /**
         * A counter going down without a meter event ({@code DECREASE}) is a bad observation of its point, a usable
         * interval a good one ({@link AlarmKind#NEGATIVE_CONSUMPTION}), and is compared with its series' baseline
         * ({@link SpikeDetector}); a gap says nothing.
         */
        private List<Observation> counterObservations(Map<Integer, List<Interval>> derived,
                                                      Map<Integer, List<ReadingRow>> cumulative) {
            List<Observation> out = new ArrayList<>();
            derived.forEach((id, list) -> {
                SeriesKey key = cumulative.get(id).getFirst().key();
                for (Interval in : list) {
                    if (in.flag() == Interval.Flag.DECREASE) {
                        out.add(Observation.bad(key.enterprise(), AlarmKind.NEGATIVE_CONSUMPTION, key.pointId(),
                                in.end(), "读数由 " + in.startValue().toPlainString() + " 降至 "
                                        + in.endValue().toPlainString() + "（" + in.start() + " 至 " + in.end() + "）",
                                "reading fell from " + in.startValue().toPlainString() + " to "
                                        + in.endValue().toPlainString() + " (" + in.start() + " to " + in.end() + ")"));
                    } else if (in.flag().usable()) {
                        out.add(Observation.good(key.enterprise(), AlarmKind.NEGATIVE_CONSUMPTION, key.pointId(),
                                in.end()));
                        out.add(spikes.observe(id, key.enterprise(), key.pointId(), in));
                    }
                }
            });
            return out;
        }

        /**
         * What this transaction derived, for the items not to read it back: every interval just written (a usable one
         * with its consumption, another as known to be unusable) and the usable readings of bound instantaneous points.
         */
        private ItemEvaluator.KnownInputs known(Map<Integer, List<Interval>> derived, List<ReadingRow> changedRows) {
            Map<ItemEvaluator.IntervalAt, Optional<ItemEvaluator.Input>> consumption = new HashMap<>();
            derived.forEach((id, list) -> list.forEach(in -> consumption.put(
                    new ItemEvaluator.IntervalAt(id, in.start(), in.end()),
                    in.flag().usable() && in.consumption() != null
                            ? Optional.of(new ItemEvaluator.Input(in.consumption(), in.good())) : Optional.empty())));
            Map<ItemEvaluator.ReadingAt, ItemEvaluator.Input> readings = new HashMap<>();
            for (ReadingRow r : changedRows) {
                if (r.usable() && r.value() != null && bound(r) && !boundCumulative(r)) {
                    readings.put(new ItemEvaluator.ReadingAt(r.seriesId(), r.ts()),
                            new ItemEvaluator.Input(r.value(), r.good()));
                }
            }
            return new ItemEvaluator.KnownInputs(consumption, readings);
        }

        /**
         * Intervals of the changed usable readings per series: appended data (all after the last value) from memory,
         * late data from the neighbours in the database; at most one interval per series and start.
         */
        private Map<Integer, List<Interval>> deriveIntervals(Map<Integer, List<ReadingRow>> bySeries,
                                                             Map<Integer, Optional<LastValue>> last) {
            Map<Integer, Map<Instant, Interval>> out = new HashMap<>();
            List<Integer> lateIds = new ArrayList<>();
            List<Instant> lateTs = new ArrayList<>();
            Map<ReadingStore.Key, ReadingRow> late = new HashMap<>();
            Map<Integer, List<MeterChange>> changes = meterChanges.of(bySeries.keySet());
            for (Map.Entry<Integer, List<ReadingRow>> e : bySeries.entrySet()) {
                int id = e.getKey();
                List<ReadingRow> rs = e.getValue(); // in ts order
                LastValue prev = last.getOrDefault(id, Optional.empty()).orElse(null);
                LastValue newest = prev;
                BigDecimal rolloverMax = rolloverMax(rs.getFirst());
                if (prev == null || rs.getFirst().ts().isAfter(prev.ts())) {
                    for (ReadingRow r : rs) {
                        if (prev != null) {
                            add(out, id, Interval.between(prev.ts(), prev.value(), r.ts(), r.value(), r.slotLength(),
                                    rolloverMax, MeterChange.within(changes.get(id), prev.ts(), r.ts()))
                                    .withEnds(prev.good(), r.good()));
                        }
                        prev = new LastValue(r.ts(), r.value(), r.good());
                    }
                    newest = prev;
                } else {
                    for (ReadingRow r : rs) {
                        lateIds.add(id);
                        lateTs.add(r.ts());
                        late.put(new ReadingStore.Key(id, r.ts()), r);
                        LastValue lv = new LastValue(r.ts(), r.value(), r.good());
                        if (lv.supersedes(newest)) {
                            newest = lv;
                        }
                    }
                }
                newLast.put(id, Optional.ofNullable(newest));
            }
            for (IntervalStore.Neighbours n : intervals.neighbours(lateIds, lateTs)) {
                ReadingRow r = late.get(new ReadingStore.Key(n.seriesId(), n.ts()));
                if (n.previous() != null) {
                    add(out, n.seriesId(), Interval.between(n.previous().ts(), n.previous().value(), r.ts(), r.value(),
                            r.slotLength(), rolloverMax(r),
                            MeterChange.within(changes.get(n.seriesId()), n.previous().ts(), r.ts()))
                            .withEnds(n.previous().good(), r.good()));
                }
                if (n.next() != null) {
                    add(out, n.seriesId(), Interval.between(r.ts(), r.value(), n.next().ts(), n.next().value(),
                            r.slotLength(), rolloverMax(r),
                            MeterChange.within(changes.get(n.seriesId()), r.ts(), n.next().ts()))
                            .withEnds(r.good(), n.next().good()));
                }
            }
            Map<Integer, List<Interval>> lists = new HashMap<>();
            out.forEach((id, byStart) -> lists.put(id, List.copyOf(byStart.values())));
            return lists;
        }

        private static void add(Map<Integer, Map<Instant, Interval>> out, int id, Interval in) {
            out.computeIfAbsent(id, k -> new TreeMap<>()).put(in.start(), in);
        }

        private EnterpriseCatalog enterprise(ReadingRow r) {
            return config.enterprise(r.key().enterprise()).orElse(null);
        }

        /** The counter's maximum after which it wraps to 0 (config.v1 {@code rolloverMax}), or null. */
        private BigDecimal rolloverMax(ReadingRow r) {
            EnterpriseCatalog e = enterprise(r);
            return e == null ? null : e.point(r.key().pointId()).map(PointConfig::rolloverMax).orElse(null);
        }

        private boolean bound(ReadingRow r) {
            EnterpriseCatalog e = enterprise(r);
            return e != null && e.bound(r.key().pointId());
        }

        /** A counter some item uses, or one of a meter the meter balance compares: its intervals are derived. */
        private boolean boundCumulative(ReadingRow r) {
            EnterpriseCatalog e = enterprise(r);
            return e != null && (e.bound(r.key().pointId()) || e.balanced(r.key().pointId()))
                    && e.kind(r.key().pointId()).orElse(null) == PointKind.CUMULATIVE;
        }

        /** Marks the real-time periods (quarters, see {@link RealtimeGrid}) that data of [start, end) feeds. */
        private void touch(Map<EnterpriseRef, Map<Instant, TouchedBuilder>> touched, ReadingRow r, Instant start,
                           Instant end) {
            EnterpriseCatalog e = enterprise(r);
            Duration slot = e.point(r.key().pointId()).map(PointConfig::slot).orElse(r.slotLength());
            for (RealtimeGrid.Period p : items.grid().periodsOf(start, end, slot)) {
                touched.computeIfAbsent(e.ref(), k -> new TreeMap<>())
                        .computeIfAbsent(p.start(), k -> new TouchedBuilder(e, p.start(), p.end()))
                        .points.add(r.key().pointId());
            }
        }
    }

    private static final class TouchedBuilder {
        private final EnterpriseCatalog enterprise;
        private final Instant start;
        private final Instant end;
        private final Set<String> points = new HashSet<>();

        TouchedBuilder(EnterpriseCatalog enterprise, Instant start, Instant end) {
            this.enterprise = enterprise;
            this.start = start;
            this.end = end;
        }

        TouchedPeriod build() {
            return new TouchedPeriod(enterprise, start, end, Set.copyOf(points));
        }
    }
}
