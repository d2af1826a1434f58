package io.energymon.aggregator.ingest;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.interval.Interval;
import io.energymon.aggregator.item.ItemValueWriter;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.formula.Evaluation;
import io.energymon.formula.ValueSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores one batch of readings and everything derived from it in one transaction: raw readings, the intervals on
 * both sides of every new or changed reading of a cumulative point (so late data recomputes its neighbours), and the
 * real-time (statType 0) values of the data items whose formulas depend on the points. Idempotent: a replayed batch
 * finds its readings unchanged and derives nothing.
 *
 * <p>Items come from the {@link ItemCatalog} ({@code config.v1}), taken once per batch. A point is <em>bound</em> when
 * some item's formula references it (directly or through another item); only bound points get intervals (cumulative)
 * or trigger evaluation (instantaneous). A reading of an enterprise without configuration is stored and nothing is
 * derived from it.
 *
 * <p>When an interval {@code [t, t+slot)} of a point is written as {@code NORMAL}, or a usable reading of an
 * instantaneous point at {@code t} is stored, every item depending on the point is evaluated for the period
 * {@code [t, t+slot)} in topological order, once per batch after all its readings are stored (see
 * {@link PeriodValues}). An item whose inputs are not all there yet is not written: it is evaluated again when the
 * missing input arrives. An item whose formula fails for the inputs (division by zero) is logged and not written.
 * A changed configuration applies from the next batch on; values already stored are not recomputed.
 */
@Service
public class ReadingIngestService {
    private static final Logger log = LoggerFactory.getLogger(ReadingIngestService.class);

    private final JdbcClient jdbc;
    private final ItemCatalog catalog;
    private final ItemValueWriter items;

    public ReadingIngestService(JdbcClient jdbc, ItemCatalog catalog, ItemValueWriter items) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.items = items;
    }

    /** Outcome counts, for metrics and tests. */
    public record Result(int readingsChanged, int intervalsWritten, int itemValuesChanged) {
    }

    @Transactional
    public Result ingest(ReadingBatch batch) {
        EnterpriseRef ref = new EnterpriseRef(batch.tenantId(), batch.enterpriseCode());
        EnterpriseCatalog enterprise = catalog.enterprise(ref).orElse(null);
        int changed = 0;
        int intervals = 0;
        // periods whose items are to be evaluated once the whole batch is stored, with the points that changed in them
        Map<Period, Set<String>> touched = new TreeMap<>(Comparator.comparing(Period::start).thenComparing(Period::end));
        List<Reading> ordered = batch.readings().stream()
                .sorted(Comparator.comparing(Reading::ts).thenComparing(Reading::pointId)).toList();
        for (Reading r : ordered) {
            if (!upsertReading(ref, batch.collectorId(), r)) {
                continue;
            }
            changed++;
            if (enterprise == null || r.quality() == Quality.BAD || !enterprise.bound(r.pointId())) {
                continue; // only points some formula depends on get intervals and items
            }
            if (enterprise.kind(r.pointId()).orElseThrow() == PointKind.INSTANTANEOUS) {
                touched.computeIfAbsent(new Period(r.ts(), r.ts().plus(batch.slotLength())), k -> new HashSet<>())
                        .add(r.pointId());
                continue; // instantaneous readings are used as they are
            }
            for (Interval in : neighbours(ref, r, batch.slotLength())) {
                writeInterval(ref, r.pointId(), in);
                intervals++;
                if (in.flag() == Interval.Flag.NORMAL) {
                    touched.computeIfAbsent(new Period(in.start(), in.end()), k -> new HashSet<>()).add(r.pointId());
                }
            }
        }
        int itemValues = 0;
        for (Map.Entry<Period, Set<String>> e : touched.entrySet()) {
            itemValues += evaluate(enterprise, e.getValue(), e.getKey());
        }
        return new Result(changed, intervals, itemValues);
    }

    /** A real-time period {@code [start, end)}. */
    private record Period(Instant start, Instant end) {
    }

    /** @return true when the row is new or its value/quality changed; a BAD reading never overwrites a usable one */
    private boolean upsertReading(EnterpriseRef ref, String collectorId, Reading r) {
        return jdbc.sql("""
                        insert into reading (tenant_id, enterprise_code, point_id, ts, value, quality, source, error, collector_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, enterprise_code, point_id, ts) do update
                           set value = excluded.value, quality = excluded.quality, source = excluded.source,
                               error = excluded.error, collector_id = excluded.collector_id, received_at = now()
                         where (reading.value, reading.quality) is distinct from (excluded.value, excluded.quality)
                           and (excluded.quality <> 'BAD' or reading.quality = 'BAD')
                        """)
                .params(ref.tenantId(), ref.enterpriseCode(), r.pointId(), ts(r.ts()), r.value(), r.quality().name(),
                        r.source(), r.error(), collectorId)
                .update() == 1;
    }

    private List<Interval> neighbours(EnterpriseRef ref, Reading r, Duration slot) {
        Optional<Point> prev = usable(ref, r.pointId(), r.ts(), "<", "desc");
        Optional<Point> next = usable(ref, r.pointId(), r.ts(), ">", "asc");
        var out = new java.util.ArrayList<Interval>(2);
        prev.ifPresent(p -> out.add(Interval.between(p.ts(), p.value(), r.ts(), r.value(), slot)));
        next.ifPresent(n -> out.add(Interval.between(r.ts(), r.value(), n.ts(), n.value(), slot)));
        return out;
    }

    private record Point(Instant ts, BigDecimal value) {
    }

    private Optional<Point> usable(EnterpriseRef ref, String pointId, Instant ts, String op, String order) {
        return jdbc.sql("select ts, value from reading where tenant_id = ? and enterprise_code = ? and point_id = ? and ts "
                        + op + " ? and quality <> 'BAD' order by ts " + order + " limit 1")
                .params(ref.tenantId(), ref.enterpriseCode(), pointId, ts(ts))
                .query((rs, i) -> new Point(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getBigDecimal(2)))
                .optional();
    }

    private void writeInterval(EnterpriseRef ref, String pointId, Interval in) {
        jdbc.sql("""
                        insert into interval_consumption (tenant_id, enterprise_code, point_id, interval_start, interval_end,
                                                          start_value, end_value, consumption, flag)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, enterprise_code, point_id, interval_start) do update
                           set interval_end = excluded.interval_end, start_value = excluded.start_value,
                               end_value = excluded.end_value, consumption = excluded.consumption, flag = excluded.flag,
                               computed_at = now()
                        """)
                .params(ref.tenantId(), ref.enterpriseCode(), pointId, ts(in.start()), ts(in.end()), in.startValue(),
                        in.endValue(), in.consumption(), in.flag().name())
                .update();
    }

    /**
     * Evaluates, for one period, every item depending on the points, once, in topological order; writes the values
     * that could be computed. Evaluating after the whole batch is stored (rather than per reading) gives an item over
     * several points of the batch one new version, not one per point. Returns how many item values were new or
     * changed.
     */
    private int evaluate(EnterpriseCatalog enterprise, Set<String> pointIds, Period p) {
        EnterpriseRef ref = enterprise.ref();
        Instant start = p.start();
        var period = new ItemValueWriter.Period(0, start, p.end(), start.atZone(enterprise.zone()).toLocalDateTime());
        PeriodValues values = new PeriodValues(enterprise, start, p.end());
        int n = 0;
        for (CatalogItem item : enterprise.dependentsOf(pointIds)) {
            switch (item.formula().evaluate(values)) {
                case Evaluation.Value v -> {
                    values.computed.put(item.dataCode(), Optional.of(v.value()));
                    if (items.upsert(ref, item.dataCode(), period, v.value(), item.config().inputType(),
                            item.config().scope()).isPresent()) {
                        n++;
                    }
                }
                case Evaluation.Missing m -> {
                    values.computed.put(item.dataCode(), Optional.empty());
                    log.debug("tenant={} enterprise={} item {} period {}: waiting for points {} items {}",
                            ref.tenantId(), ref.enterpriseCode(), item.dataCode(), start, m.points(), m.items());
                }
                case Evaluation.Failed f -> {
                    values.computed.put(item.dataCode(), Optional.empty());
                    log.warn("tenant={} enterprise={} item {} period {}: no value, formula {} failed: {}",
                            ref.tenantId(), ref.enterpriseCode(), item.dataCode(), start, item.formula(),
                            f.error().message());
                }
            }
        }
        return n;
    }

    /**
     * The inputs of one period {@code [start, end)} of one enterprise: a cumulative point's value is its interval
     * consumption starting at {@code start} and ending at {@code end} when that interval is {@code NORMAL} (a
     * {@code GAP} or {@code DECREASE} interval, or none, means missing); an instantaneous point's value is its
     * {@code GOOD} or {@code UNCERTAIN} reading at {@code start}; an item's value is the one just computed for the
     * same period in this evaluation round, or else the stored real-time value of the same period.
     */
    private final class PeriodValues implements ValueSource {
        private final EnterpriseCatalog enterprise;
        private final Instant start;
        private final Instant end;
        /** Items evaluated in this round; empty when they had no value (then their stored value is stale). */
        private final Map<String, Optional<BigDecimal>> computed = new HashMap<>();
        /** Points looked up in this round (several items may use the same point). */
        private final Map<String, Optional<BigDecimal>> points = new HashMap<>();

        PeriodValues(EnterpriseCatalog enterprise, Instant start, Instant end) {
            this.enterprise = enterprise;
            this.start = start;
            this.end = end;
        }

        @Override
        public Optional<BigDecimal> point(String pointId) {
            return points.computeIfAbsent(pointId, this::lookUp);
        }

        private Optional<BigDecimal> lookUp(String pointId) {
            EnterpriseRef ref = enterprise.ref();
            PointKind kind = enterprise.kind(pointId).orElse(null);
            if (kind == null) {
                return Optional.empty();
            }
            if (kind == PointKind.INSTANTANEOUS) {
                return jdbc.sql("select value from reading where tenant_id = ? and enterprise_code = ? and point_id = ? "
                                + "and ts = ? and quality in ('GOOD', 'UNCERTAIN') and value is not null")
                        .params(ref.tenantId(), ref.enterpriseCode(), pointId, ts(start))
                        .query(BigDecimal.class).optional();
            }
            return jdbc.sql("select consumption from interval_consumption where tenant_id = ? and enterprise_code = ? "
                            + "and point_id = ? and interval_start = ? and interval_end = ? and flag = 'NORMAL'")
                    .params(ref.tenantId(), ref.enterpriseCode(), pointId, ts(start), ts(end))
                    .query(BigDecimal.class).optional();
        }

        @Override
        public Optional<BigDecimal> item(String itemCode) {
            Optional<BigDecimal> now = computed.get(itemCode);
            if (now != null) {
                return now;
            }
            EnterpriseRef ref = enterprise.ref();
            return jdbc.sql("select value from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                            + "and stat_type = 0 and period_start = ?")
                    .params(ref.tenantId(), ref.enterpriseCode(), itemCode, ts(start))
                    .query(BigDecimal.class).optional();
        }
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
