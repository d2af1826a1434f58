package io.energymon.aggregator.item;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.domain.config.PointConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes a data item's real-time values from a chosen date with its current formula (§9.5: a formula change
 * recomputes from a date), one local day per transaction: every real-time period of the points it depends on
 * (directly or through other items) is evaluated again, with the items depending on them; a value that changes gets a
 * new version (published through the outbox) and marks its day for the rollups, an unchanged one is left alone.
 */
@Component
public class Recompute {
    private final ItemEvaluator items;
    private final TransactionTemplate tx;

    public Recompute(ItemEvaluator items, PlatformTransactionManager txm) {
        this.items = items;
        this.tx = new TransactionTemplate(txm);
    }

    /** What a recomputation did. */
    public record Result(int days, int periods, int valuesChanged) {
    }

    /** Recomputes {@code item} over the local days {@code [from, to)}; periods after {@code now} are skipped. */
    public Result recompute(EnterpriseCatalog enterprise, CatalogItem item, LocalDate from, LocalDate to, Instant now) {
        Map<Duration, Set<String>> pointsBySlot = new LinkedHashMap<>();
        for (String p : pointsOf(enterprise, item)) {
            Duration slot = enterprise.point(p).map(PointConfig::slot).orElse(items.grid().period());
            pointsBySlot.computeIfAbsent(slot, k -> new HashSet<>()).add(p);
        }
        ZoneId zone = enterprise.zone();
        int days = 0;
        int periods = 0;
        int changed = 0;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            Instant dayStart = d.atStartOfDay(zone).toInstant();
            if (!dayStart.isBefore(now)) {
                break;
            }
            Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
            List<TouchedPeriod> touched = new ArrayList<>();
            for (Map.Entry<Duration, Set<String>> e : pointsBySlot.entrySet()) {
                for (RealtimeGrid.Period p : items.grid().periodsOf(dayStart, dayEnd, e.getKey())) {
                    if (p.end().isAfter(now)) {
                        break;
                    }
                    touched.add(new TouchedPeriod(enterprise, p.start(), p.end(), Set.copyOf(e.getValue())));
                }
            }
            Integer n = tx.execute(s -> items.evaluate(touched));
            days++;
            periods += touched.size();
            changed += n == null ? 0 : n;
        }
        return new Result(days, periods, changed);
    }

    /** The points an item depends on, directly or through the items its formula names. */
    private static Set<String> pointsOf(EnterpriseCatalog enterprise, CatalogItem item) {
        Set<String> points = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<CatalogItem> todo = new ArrayDeque<>(List.of(item));
        while (!todo.isEmpty()) {
            CatalogItem i = todo.pop();
            if (!seen.add(i.dataCode())) {
                continue;
            }
            points.addAll(i.formula().pointRefs());
            for (String code : i.formula().itemRefs()) {
                enterprise.item(code).ifPresent(todo::push);
            }
        }
        return points;
    }
}
