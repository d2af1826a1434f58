package io.energymon.aggregator.meterevent;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.interval.Interval;
import io.energymon.aggregator.interval.IntervalStore;
import io.energymon.aggregator.interval.MeterChange;
import io.energymon.aggregator.interval.MeterChangeStore;
import io.energymon.aggregator.item.ItemEvaluator;
import io.energymon.aggregator.item.RealtimeGrid;
import io.energymon.aggregator.item.TouchedPeriod;
import io.energymon.aggregator.series.SeriesDictionary;
import io.energymon.aggregator.series.SeriesKey;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.MeterEvent;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a {@code meter-events.v1} event: its counter changes are stored by series ({@link MeterChangeStore}; a
 * replay changes nothing), and the interval whose span contains each new change — between the last usable reading
 * before {@code occurredAt} and the first at or after it, when both are stored already — is derived again with it
 * ({@link Interval#between(java.time.Instant, BigDecimal, java.time.Instant, BigDecimal, Duration, BigDecimal, List)});
 * the items of a bound point are evaluated again for that period, so a changed value gets a new version through the
 * item value writer. Readings arriving after the event use the stored change when their intervals are derived.
 * A {@code RECALIBRATED} point whose final and initial readings are equal changes nothing and is not stored; a point
 * without both readings is skipped. All in one transaction, serialised with readings ingest
 * ({@link MeterChangeStore#lockAgainstIngest}) so that an event and the readings around it always meet.
 */
@Service
public class MeterEventService {
    private static final Duration DEFAULT_SLOT = Duration.ofMinutes(15);

    private final ItemCatalog catalog;
    private final SeriesDictionary series;
    private final MeterChangeStore changes;
    private final IntervalStore intervals;
    private final ItemEvaluator items;
    private final TransactionTemplate tx;

    public MeterEventService(ItemCatalog catalog, SeriesDictionary series, MeterChangeStore changes,
                             IntervalStore intervals, ItemEvaluator items, PlatformTransactionManager txm) {
        this.catalog = catalog;
        this.series = series;
        this.changes = changes;
        this.intervals = intervals;
        this.items = items;
        this.tx = new TransactionTemplate(txm);
    }

    /** What applying one event did, for tests and logs. */
    public record Result(int changesStored, int intervalsRecomputed, int itemValuesChanged) {
    }

    public Result apply(MeterEvent event) {
        EnterpriseRef ref = new EnterpriseRef(event.tenantId(), event.enterpriseCode());
        Map<String, MeterEvent.PointReadings> byPoint = new HashMap<>();
        for (MeterEvent.PointReadings p : event.readings()) {
            if (p == null || p.finalReading() == null || p.initialReading() == null) {
                continue;
            }
            if (event.type() == MeterEvent.MeterEventType.RECALIBRATED
                    && p.finalReading().compareTo(p.initialReading()) == 0) {
                continue; // the counter was not adjusted: nothing changes
            }
            byPoint.put(p.pointId(), p);
        }
        if (byPoint.isEmpty()) {
            return new Result(0, 0, 0);
        }
        Set<SeriesKey> keys = new LinkedHashSet<>();
        byPoint.keySet().forEach(p -> keys.add(new SeriesKey(ref, p)));
        Map<SeriesKey, Integer> ids = series.resolve(keys);
        Map<Integer, String> pointOf = new HashMap<>();
        List<MeterChangeStore.Row> rows = new ArrayList<>();
        for (MeterEvent.PointReadings p : byPoint.values()) {
            int id = ids.get(new SeriesKey(ref, p.pointId()));
            pointOf.put(id, p.pointId());
            rows.add(new MeterChangeStore.Row(event.eventId(), event.type().ordinal(),
                    new MeterChange(id, event.occurredAt(), p.finalReading(), p.initialReading())));
        }
        EnterpriseCatalog enterprise = catalog.enterprise(ref).orElse(null);
        return tx.execute(s -> {
            changes.lockAgainstIngest();
            List<MeterChange> inserted = changes.insert(rows);
            if (inserted.isEmpty()) {
                return new Result(0, 0, 0);
            }
            Map<Integer, List<MeterChange>> all = changes.of(inserted.stream().map(MeterChange::seriesId).toList());
            Map<Integer, List<Interval>> derived = new HashMap<>();
            Map<RealtimeGrid.Period, Set<String>> touched = new LinkedHashMap<>();
            for (MeterChange c : inserted) {
                MeterChangeStore.Around around = changes.around(c.seriesId(), c.occurredAt());
                if (around.previous() == null || around.next() == null) {
                    continue; // the readings around it are not there yet: their ingest will use the change
                }
                String pointId = pointOf.get(c.seriesId());
                PointConfig point = enterprise == null ? null : enterprise.point(pointId).orElse(null);
                Duration slot = point == null ? DEFAULT_SLOT : point.slot();
                BigDecimal max = point == null ? null : point.rolloverMax();
                Interval in = Interval.between(around.previous().ts(), around.previous().value(), around.next().ts(),
                        around.next().value(), slot, max,
                        MeterChange.within(all.get(c.seriesId()), around.previous().ts(), around.next().ts()))
                        .withEnds(around.previous().good(), around.next().good());
                derived.computeIfAbsent(c.seriesId(), k -> new ArrayList<>()).add(in);
                if (enterprise != null && enterprise.bound(pointId)) { // a non-usable one withdraws the value
                    for (RealtimeGrid.Period p : items.grid().periodsOf(in.start(),
                            in.flag().usable() ? in.end() : in.start().plus(slot), slot)) {
                        touched.computeIfAbsent(p, k -> new HashSet<>()).add(pointId);
                    }
                }
            }
            int n = intervals.upsert(derived);
            List<TouchedPeriod> periods = new ArrayList<>();
            touched.forEach((p, points) -> periods.add(new TouchedPeriod(enterprise, p.start(), p.end(), points)));
            return new Result(inserted.size(), n, items.evaluate(periods));
        });
    }
}
