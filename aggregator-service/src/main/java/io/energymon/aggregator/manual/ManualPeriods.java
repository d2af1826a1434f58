package io.energymon.aggregator.manual;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.EntryPeriod;
import io.energymon.domain.event.Reading;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The local periods of manual entries (§6.3.4 a: daily, weekly, monthly) and which points and items are manual.
 *
 * <p>A period entry's {@code ts} must be the start of its period in the enterprise's time zone: local midnight of the
 * day, of a Monday (ISO week), of the 1st of the month. A <em>manual point</em> is entered by hand: no device, not
 * derived from steam, and source 5 (Table 3 "manual"). A <em>manual item</em> is a data item whose formula's points,
 * directly or through the items it references, are all manual points: its day and month values come from the entries.
 */
public final class ManualPeriods {
    /** The zone of an enterprise the configuration does not know (yet): the profile's default. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private ManualPeriods() {
    }

    /** The enterprise's zone, or the default one when it is not configured. */
    public static ZoneId zone(ItemCatalog.Snapshot config, EnterpriseRef ref) {
        return config.enterprise(ref).map(EnterpriseCatalog::zone).orElse(DEFAULT_ZONE);
    }

    /** The local start of the period containing {@code day}. */
    public static LocalDate start(EntryPeriod period, LocalDate day) {
        return switch (period) {
            case DAY -> day;
            case WEEK -> day.with(DayOfWeek.MONDAY);
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The local day after the period starting on {@code start}. */
    public static LocalDate end(EntryPeriod period, LocalDate start) {
        return switch (period) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /**
     * Why a period entry is not at the start of its local period (Chinese / English), or empty when it is (or the
     * reading is no period entry).
     */
    public static Optional<String> misalignment(Reading r, ZoneId zone) {
        if (r.period() == null) {
            return Optional.empty();
        }
        LocalDate day = r.ts().atZone(zone).toLocalDate();
        Instant expected = start(r.period(), day).atStartOfDay(zone).toInstant();
        if (expected.equals(r.ts())) {
            return Optional.empty();
        }
        String what = switch (r.period()) {
            case DAY -> "当地零点 / local midnight";
            case WEEK -> "周一当地零点 / local midnight of a Monday";
            case MONTH -> "当月1日当地零点 / local midnight of the 1st of the month";
        };
        return Optional.of("手工填报 " + r.pointId() + " 的时间 " + r.ts() + " 不是" + r.period() + "周期的起点（应为 "
                + expected + "，" + zone + "）/ manual " + r.period() + " entry of " + r.pointId() + " at " + r.ts()
                + " is not at the start of its period (" + what + " in " + zone + ": " + expected + ")");
    }

    /** Whether the point is entered by hand: no device, not derived, source 5. */
    public static boolean manual(PointConfig p) {
        return p.deviceId() == null && p.steam() == null && p.source() != null && p.source() == 5;
    }

    /** Whether every point the item depends on (directly or through items) is a manual point, and there is one. */
    public static boolean manualItem(EnterpriseCatalog e, CatalogItem item) {
        Set<String> points = pointsOf(e, item, new HashSet<>());
        return !points.isEmpty() && points.stream().allMatch(p -> e.point(p).map(ManualPeriods::manual).orElse(false));
    }

    private static Set<String> pointsOf(EnterpriseCatalog e, CatalogItem item, Set<String> seen) {
        Set<String> out = new LinkedHashSet<>(item.formula().pointRefs());
        for (String code : item.formula().itemRefs()) {
            if (seen.add(code)) {
                e.item(code).ifPresent(ref -> out.addAll(pointsOf(e, ref, seen)));
            }
        }
        return out;
    }
}
