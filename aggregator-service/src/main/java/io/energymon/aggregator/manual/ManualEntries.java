package io.energymon.aggregator.manual;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.rollup.RollupMarks;
import io.energymon.aggregator.rollup.RollupPeriod;
import io.energymon.aggregator.series.SeriesKey;
import io.energymon.domain.event.EntryPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores manual period entries ({@code manual_entry}, V12) in the caller's transaction, set-based: one upsert for all
 * entries of a batch (a later entry of the same point and period replaces the value with the next version; an equal
 * one changes nothing), then one statement marking, for every entry, the day and month values of the manual items
 * depending on the point ({@link ManualPeriods#manualItem}) in {@code rollup_pending} (an entry sent again thus
 * recomputes them with the current configuration; only values that change get a new version). The rollup job
 * computes those values from the entries ({@link ManualValues}), versions them and publishes them like every item
 * value; a corrected entry thus gives new versions of its days, months and year.
 */
@Component
public class ManualEntries {
    private static final Logger log = LoggerFactory.getLogger(ManualEntries.class);

    private final JdbcClient jdbc;
    private final RollupMarks marks;

    public ManualEntries(JdbcClient jdbc, RollupMarks marks) {
        this.jdbc = jdbc;
        this.marks = marks;
    }

    /** One period entry of one point, its period's local bounds resolved. */
    public record Entry(SeriesKey key, int seriesId, EntryPeriod period, Instant start, Instant end, BigDecimal value,
                        int source, String enteredBy) {
    }

    private record Key(int seriesId, EntryPeriod period, Instant start) {
    }

    /**
     * Stores the entries (in Kafka order: a later entry of the same point and period wins) and marks the periods they
     * feed; returns how many entries were new or changed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int store(List<Entry> entries, ItemCatalog.Snapshot config) {
        if (entries.isEmpty()) {
            return 0;
        }
        Map<Key, Entry> last = new LinkedHashMap<>();
        entries.forEach(e -> last.put(new Key(e.seriesId(), e.period(), e.start()), e));
        List<Entry> rows = List.copyOf(last.values());
        List<Entry> changed = new ArrayList<>();
        jdbc.sql("""
                        insert into manual_entry (series_id, period, period_start, period_end, value, source,
                                                  entered_by, version)
                        select s, p, ps, pe, v, src, by, 1
                          from unnest(?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::numeric[],
                                      ?::smallint[], ?::text[]) as u(s, p, ps, pe, v, src, by)
                        on conflict (series_id, period, period_start) do update
                           set value = excluded.value, source = excluded.source, entered_by = excluded.entered_by,
                               period_end = excluded.period_end, version = manual_entry.version + 1,
                               entered_at = now()
                         where manual_entry.value <> excluded.value
                        returning series_id, period, period_start, version
                        """)
                .params(rows.stream().map(Entry::seriesId).toArray(Integer[]::new),
                        rows.stream().map(e -> e.period().name()).toArray(String[]::new),
                        rows.stream().map(e -> e.start().toString()).toArray(String[]::new),
                        rows.stream().map(e -> e.end().toString()).toArray(String[]::new),
                        rows.stream().map(e -> e.value().toPlainString()).toArray(String[]::new),
                        rows.stream().map(Entry::source).toArray(Integer[]::new),
                        rows.stream().map(Entry::enteredBy).toArray(String[]::new))
                .query((rs, i) -> {
                    Entry e = last.get(new Key(rs.getInt(1), EntryPeriod.valueOf(rs.getString(2)),
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
                    changed.add(e);
                    if (rs.getLong(4) > 1) {
                        log.info("tenant={} enterprise={} manual {} entry of {} from {} corrected to {} (version {})",
                                e.key().enterprise().tenantId(), e.key().enterprise().enterpriseCode(), e.period(),
                                e.key().pointId(), e.start(), e.value().toPlainString(), rs.getLong(4));
                    }
                    return null;
                })
                .list();
        // every entry marks its periods, changed or not: entering a value again recomputes the items over it with the
        // current configuration (an item added after its entries), and the rollup versions only what changes
        marks.mark(marksOf(rows, config));
        return changed.size();
    }

    /**
     * The periods of the manual items over the entries' points to compute again: the days an entry covers (a daily
     * entry its day, a weekly one its seven days) and the months they fall in, or a monthly entry's month; each only
     * when the item's stat types need that level ({@link RollupPeriod#needed}).
     */
    private static List<RollupMarks.Mark> marksOf(List<Entry> entries, ItemCatalog.Snapshot config) {
        List<RollupMarks.Mark> out = new ArrayList<>();
        Map<EnterpriseCatalog, Map<String, List<CatalogItem>>> manualDependents = new HashMap<>();
        for (Entry e : entries) {
            Optional<EnterpriseCatalog> enterprise = config.enterprise(e.key().enterprise());
            if (enterprise.isEmpty()) {
                continue; // stored; derived once configured and sent again
            }
            EnterpriseCatalog ec = enterprise.get();
            ZoneId zone = ec.zone();
            List<CatalogItem> items = manualDependents.computeIfAbsent(ec, k -> new HashMap<>())
                    .computeIfAbsent(e.key().pointId(), p -> ec.dependentsOf(p).stream()
                            .filter(i -> ManualPeriods.manualItem(ec, i)).toList());
            LocalDate first = e.start().atZone(zone).toLocalDate();
            LocalDate end = ManualPeriods.end(e.period(), first);
            for (CatalogItem item : items) {
                List<Integer> statTypes = item.config().statTypes();
                if (e.period() != EntryPeriod.MONTH && RollupPeriod.needed(statTypes, 1)) {
                    for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
                        out.add(mark(ec, item, 1, d, zone));
                    }
                }
                if (RollupPeriod.needed(statTypes, 2)) {
                    for (LocalDate m = first.withDayOfMonth(1); m.isBefore(end); m = m.plusMonths(1)) {
                        out.add(mark(ec, item, 2, m, zone));
                    }
                }
            }
        }
        return out;
    }

    private static RollupMarks.Mark mark(EnterpriseCatalog e, CatalogItem item, int level, LocalDate day, ZoneId zone) {
        return new RollupMarks.Mark(e.ref(), item.dataCode(),
                RollupPeriod.of(level, day.atStartOfDay(zone).toInstant(), zone));
    }
}
