package io.energymon.portal.manualentry;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.EntryPeriod;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a manual entry must satisfy before it is stored and published, checked field by field so that the answer lists
 * every problem at once — the same rules the aggregator applies (a period reading not at its local period start is
 * dead-lettered there as {@code period-misaligned}), refused up front.
 */
final class EntryRules {
    static final int MAX_COMMENT = 500;
    static final int MAX_ATTACHMENTS = 20;
    static final int MAX_SCALE = 6;
    static final BigDecimal MAX_VALUE = new BigDecimal("1e15");
    /** The rule of a period start the aggregator would dead-letter as {@code period-misaligned}. */
    static final String MISALIGNED = "manual-entry.period-misaligned";

    private EntryRules() {
    }

    /**
     * A manual point is entered by hand: no device, not derived from steam, source 5 (Table 3 "manual") — the
     * aggregator's definition ({@code ManualPeriods.manual}): only such points make manual items.
     */
    static boolean manual(PointConfig p) {
        return p.deviceId() == null && p.steam() == null && p.source() != null && p.source() == 5;
    }

    /**
     * @param points      the enterprise's active points by id
     * @param today       the local date in the enterprise's zone
     * @param attachments the ids of the request that are attachments of this enterprise
     */
    static List<Violation> check(ManualEntryRequest r, Map<String, PointConfig> points, LocalDate today,
                                 int oldestMonths, Set<UUID> attachments) {
        List<Violation> out = new ArrayList<>();
        PointConfig point = point(r, points, out);
        period(r, today, oldestMonths, out);
        value(r, out);
        if (r.unit() == null || r.unit().isBlank()) {
            out.add(Violation.error("unit", "required", point == null ? "the point's unit" : point.unit(),
                    "单位不能为空" + (point == null ? "" : "（应为" + point.unit() + "）"),
                    "unit is required" + (point == null ? "" : " (the point's unit is " + point.unit() + ")")));
        } else if (point != null && !r.unit().strip().equals(point.unit())) {
            out.add(Violation.error("unit", "manual-entry.unit", point.unit(),
                    "单位“" + r.unit() + "”与采集点“" + point.id() + "”的单位“" + point.unit() + "”不一致",
                    "unit '" + r.unit() + "' is not the unit of point '" + point.id() + "' (" + point.unit() + ")"));
        }
        if (r.comment() != null && r.comment().length() > MAX_COMMENT) {
            out.add(Violation.error("comment", "length", "at most " + MAX_COMMENT + " characters",
                    "备注不能超过" + MAX_COMMENT + "个字符", "comment must be at most " + MAX_COMMENT + " characters"));
        }
        attachments(r, attachments, out);
        return out;
    }

    private static PointConfig point(ManualEntryRequest r, Map<String, PointConfig> points, List<Violation> out) {
        if (r.pointId() == null || r.pointId().isBlank()) {
            out.add(Violation.error("pointId", "required", "a manual point of the enterprise", "采集点不能为空",
                    "pointId is required"));
            return null;
        }
        PointConfig p = points.get(r.pointId());
        if (p == null) {
            out.add(Violation.error("pointId", "reference", "a manual point of the enterprise",
                    "本用能单位没有采集点“" + r.pointId() + "”", "the enterprise has no point '" + r.pointId() + "'"));
            return null;
        }
        if (!manual(p)) {
            out.add(Violation.error("pointId", "manual-entry.point-not-manual",
                    "a point entered by hand (no device, not derived, source 5)",
                    "采集点“" + p.id() + "”不是手工填报点（应无采集设备、非推算、数据来源为5）",
                    "point '" + p.id() + "' is not entered by hand (it must have no device, not be derived, and have "
                            + "source 5; it has source " + p.source() + (p.deviceId() == null ? ""
                            : " and device " + p.deviceId()) + ")"));
            return null;
        }
        return p;
    }

    private static void period(ManualEntryRequest r, LocalDate today, int oldestMonths, List<Violation> out) {
        if (r.period() == null) {
            out.add(Violation.error("period", "required", "DAY, WEEK or MONTH", "填报周期不能为空",
                    "period is required (DAY, WEEK or MONTH)"));
        }
        LocalDate start = r.periodStart();
        if (start == null) {
            out.add(Violation.error("periodStart", "required", "the period's first local day (yyyy-MM-dd)",
                    "周期起始日期不能为空", "periodStart is required"));
            return;
        }
        if (r.period() == EntryPeriod.WEEK && start.getDayOfWeek() != DayOfWeek.MONDAY) {
            LocalDate monday = start.with(DayOfWeek.MONDAY);
            out.add(Violation.error("periodStart", MISALIGNED, "a Monday (ISO week), e.g. " + monday,
                    "按周填报的起始日期应为周一：" + start + "是" + zhWeekday(start.getDayOfWeek()) + "（该周周一为" + monday + "）",
                    "a WEEK starts on a Monday: " + start + " is a " + start.getDayOfWeek() + " (its Monday is "
                            + monday + ")"));
        } else if (r.period() == EntryPeriod.MONTH && start.getDayOfMonth() != 1) {
            LocalDate first = start.withDayOfMonth(1);
            out.add(Violation.error("periodStart", MISALIGNED, "the 1st of a month, e.g. " + first,
                    "按月填报的起始日期应为当月1日：" + start + "不是（应为" + first + "）",
                    "a MONTH starts on the 1st: " + start + " is not (expected " + first + ")"));
        }
        if (start.isAfter(today)) {
            out.add(Violation.error("periodStart", "date.future", "not after " + today,
                    "周期起始日期" + start + "晚于今天（" + today + "）", "periodStart " + start + " is after today (" + today
                            + ")"));
        } else if (start.isBefore(today.withDayOfMonth(1).minusMonths(oldestMonths))) {
            LocalDate oldest = today.withDayOfMonth(1).minusMonths(oldestMonths);
            out.add(Violation.error("periodStart", "date.too-old", "not before " + oldest,
                    "周期起始日期" + start + "早于" + oldest + "（最多可填报" + oldestMonths + "个月前的数据）",
                    "periodStart " + start + " is before " + oldest + " (at most " + oldestMonths
                            + " months back)"));
        }
    }

    private static void value(ManualEntryRequest r, List<Violation> out) {
        BigDecimal v = r.value();
        if (v == null) {
            out.add(Violation.error("value", "required", "a number >= 0", "填报值不能为空", "value is required"));
        } else if (v.signum() < 0 || v.compareTo(MAX_VALUE) >= 0) {
            out.add(Violation.error("value", "range", ">= 0 and < 1e15", "填报值应为不小于0且小于10^15的数",
                    "value must be >= 0 and < 1e15, got " + v.toPlainString()));
        } else if (v.stripTrailingZeros().scale() > MAX_SCALE) {
            out.add(Violation.error("value", "scale", "at most " + MAX_SCALE + " decimals",
                    "填报值最多" + MAX_SCALE + "位小数", "value must have at most " + MAX_SCALE + " decimals, got "
                            + v.toPlainString()));
        }
    }

    private static void attachments(ManualEntryRequest r, Set<UUID> known, List<Violation> out) {
        List<UUID> ids = r.attachmentIds() == null ? List.of() : r.attachmentIds();
        if (ids.size() > MAX_ATTACHMENTS) {
            out.add(Violation.error("attachmentIds", "size", "at most " + MAX_ATTACHMENTS + " attachments",
                    "附件不能超过" + MAX_ATTACHMENTS + "个", "at most " + MAX_ATTACHMENTS + " attachments"));
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            String f = "attachmentIds[" + i + "]";
            if (id == null || !known.contains(id)) {
                out.add(Violation.error(f, "reference", "an attachment uploaded for this enterprise",
                        "本用能单位没有附件“" + id + "”", "the enterprise has no attachment '" + id + "'"));
            } else if (!seen.add(id)) {
                out.add(Violation.error(f, "duplicate", "each attachment once", "附件“" + id + "”重复",
                        "attachment '" + id + "' given twice"));
            }
        }
    }

    private static String zhWeekday(DayOfWeek d) {
        return "星期" + "一二三四五六日".charAt(d.getValue() - 1);
    }
}
