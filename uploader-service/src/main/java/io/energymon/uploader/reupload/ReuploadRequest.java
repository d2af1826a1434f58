package io.energymon.uploader.reupload;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An operator's request to send already accepted values to a platform again (补传, DB36 §9.8.3).
 *
 * @param platformId the platform, as configured
 * @param dataCodes  the items (数据项编码); empty or absent = every item of the enterprise
 * @param statType   0 real-time, 1 day, 2 month, 3 year
 * @param from       first statDate (inclusive), local time of the platform as stored
 * @param to         end of the range (exclusive); at most {@link #maxRange} after {@code from}
 */
public record ReuploadRequest(String platformId, List<String> dataCodes, Integer statType, LocalDateTime from,
                              LocalDateTime to) {
    /** Most items one request may name. */
    static final int MAX_DATA_CODES = 100;
    private static final Pattern DATA_CODE = Pattern.compile("[0-9A-Za-z]{1,20}");

    public ReuploadRequest {
        dataCodes = dataCodes == null ? List.of() : List.copyOf(dataCodes);
    }

    /** The longest range of a statType: 31 days of real-time, 366 days of day, 24 months of month, 10 years of year values. */
    static String maxRange(int statType) {
        return switch (statType) {
            case 0 -> "31 天 / 31 days";
            case 1 -> "366 天 / 366 days";
            case 2 -> "24 个月 / 24 months";
            default -> "10 年 / 10 years";
        };
    }

    private static LocalDateTime latestEnd(int statType, LocalDateTime from) {
        return switch (statType) {
            case 0 -> from.plusDays(31);
            case 1 -> from.plusDays(366);
            case 2 -> from.plusMonths(24);
            default -> from.plus(10, ChronoUnit.YEARS);
        };
    }

    /** @return what is wrong with the request (bilingual), or null when it can be carried out */
    String problem() {
        if (platformId == null || platformId.isBlank()) {
            return "缺少 platformId / platformId is required";
        }
        if (statType == null || statType < 0 || statType > 3) {
            return "statType 必须为 0、1、2 或 3 / statType must be 0 (real-time), 1 (day), 2 (month) or 3 (year), got "
                    + statType;
        }
        if (from == null || to == null) {
            return "缺少 from 或 to / from and to are required (ISO local date-times, to exclusive)";
        }
        if (!from.isBefore(to)) {
            return "from 必须早于 to / from (" + from + ") must be before to (" + to + ")";
        }
        if (to.isAfter(latestEnd(statType, from))) {
            return "时间范围超过上限 / the range exceeds the limit of statType " + statType + ": "
                    + maxRange(statType);
        }
        if (dataCodes.size() > MAX_DATA_CODES) {
            return "dataCodes 最多 " + MAX_DATA_CODES + " 个 / at most " + MAX_DATA_CODES + " dataCodes, got "
                    + dataCodes.size();
        }
        for (String code : dataCodes) {
            if (code == null || !DATA_CODE.matcher(code).matches()) {
                return "数据项编码无效 / invalid dataCode: " + code;
            }
        }
        return null;
    }
}
