package io.energymon.uploader.delivery;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What the platform requires of a value's {@code statDate} for its {@code statType} (PROTOCOL.md §1, alignment), in
 * the platform's local time (statDate is already a local date-time of the platform zone): real-time (0) starts on a
 * boundary of the real-time period (15 minutes, DB36 §9.8.1; {@code energymon.uploader.realtime-period}), a day (1) on its first instant, a month (2) on its first day's first instant, a year (3) on
 * 1 January 00:00:00. A value that breaks it is refused locally rather than sent: the platform would refuse the whole
 * packet for it.
 */
public final class StatDateRule {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private StatDateRule() {
    }

    /** The reason the value may not be sent ("中文 / English"), or empty when its statDate fits its statType. */
    public static Optional<String> violation(String dataCode, int statType, LocalDateTime statDate,
                                             Duration realtimePeriod) {
        LocalTime t = statDate.toLocalTime();
        boolean midnight = t.equals(LocalTime.MIDNIGHT);
        String shown = SHOWN.format(statDate);
        return switch (statType) {
            case 0 -> t.toSecondOfDay() % realtimePeriod.toSeconds() == 0 && t.getNano() == 0
                    ? Optional.empty()
                    : Optional.of(reason(dataCode, statType, shown, "不在" + realtimePeriod + "实时时段的起点上",
                            "is not on a boundary of the " + realtimePeriod + " real-time period"));
            case 1 -> midnight ? Optional.empty()
                    : Optional.of(reason(dataCode, statType, shown, "不是当日 00:00:00", "is not the day's first instant (00:00:00)"));
            case 2 -> midnight && statDate.getDayOfMonth() == 1 ? Optional.empty()
                    : Optional.of(reason(dataCode, statType, shown, "不是当月1日 00:00:00",
                            "is not the month's first instant (day 1, 00:00:00)"));
            case 3 -> midnight && statDate.getDayOfYear() == 1 ? Optional.empty()
                    : Optional.of(reason(dataCode, statType, shown, "不是当年1月1日 00:00:00",
                            "is not the year's first instant (1 January, 00:00:00)"));
            default -> Optional.of("数据项 " + dataCode + " 的统计类型 " + statType + " 无效 / data item " + dataCode
                    + ": statType " + statType + " is not 0, 1, 2 or 3");
        };
    }

    private static String reason(String dataCode, int statType, String shown, String zh, String en) {
        return "本地校验未通过：数据项 " + dataCode + " 统计类型 " + statType + " 的统计时间 " + shown + " " + zh
                + "，未上传 / refused locally: data item " + dataCode + ", statType " + statType + ", statDate " + shown
                + " " + en + "; not sent";
    }
}
