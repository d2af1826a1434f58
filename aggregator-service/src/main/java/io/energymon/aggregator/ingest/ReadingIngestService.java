package io.energymon.aggregator.ingest;

import io.energymon.aggregator.config.AggregatorProperties.ItemConfig;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.interval.Interval;
import io.energymon.aggregator.item.ItemValueWriter;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores one batch of readings and everything derived from it in one transaction: raw readings, the intervals on
 * both sides of every new or changed reading (so late data recomputes its neighbours), and the real-time values of
 * the data items bound to the points. Idempotent: a replayed batch finds its readings unchanged and derives nothing.
 */
@Service
public class ReadingIngestService {
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
        int changed = 0;
        int intervals = 0;
        int itemValues = 0;
        List<Reading> ordered = batch.readings().stream()
                .sorted(Comparator.comparing(Reading::ts).thenComparing(Reading::pointId)).toList();
        for (Reading r : ordered) {
            if (!upsertReading(ref, batch.collectorId(), r)) {
                continue;
            }
            changed++;
            List<ItemConfig> bound = catalog.itemsOf(ref, r.pointId());
            if (r.quality() == Quality.BAD || bound.isEmpty()) {
                continue; // only cumulative points bound to items get intervals
            }
            for (Interval in : neighbours(ref, r, batch.slotLength())) {
                writeInterval(ref, r.pointId(), in);
                intervals++;
                if (in.flag() == Interval.Flag.NORMAL) {
                    itemValues += writeRealtimeItems(ref, bound, in);
                }
            }
        }
        return new Result(changed, intervals, itemValues);
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

    private int writeRealtimeItems(EnterpriseRef ref, List<ItemConfig> bound, Interval in) {
        ZoneId zone = catalog.zone(ref);
        var period = new ItemValueWriter.Period(0, in.start(), in.end(), in.start().atZone(zone).toLocalDateTime());
        int n = 0;
        for (ItemConfig item : bound) {
            BigDecimal value = in.consumption().multiply(item.factor());
            if (items.upsert(ref, item.dataCode(), period, value, item.inputType(), item.scope()).isPresent()) {
                n++;
            }
        }
        return n;
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
