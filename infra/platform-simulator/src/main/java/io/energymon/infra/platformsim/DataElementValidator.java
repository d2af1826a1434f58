package io.energymon.infra.platformsim;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict checks of one decrypted {@code data[]} element of a {@code centerData} packet. Each failure names the
 * element index, the field and the rule, in Chinese and English.
 */
final class DataElementValidator {

    static final List<String> FIELDS =
            List.of("dataCode", "dataValue", "inputType", "statType", "statDate", "uploadDate", "scope", "valid");
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private static final Pattern DATA_CODE = Pattern.compile("\\d{16}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern SMALL_INT = Pattern.compile("\\d");

    private final Duration realtimeSlot;
    private final ZoneId zone;

    DataElementValidator(Duration realtimeSlot, ZoneId zone) {
        this.realtimeSlot = realtimeSlot;
        this.zone = zone;
    }

    static String message(int index, String field, String zh, String en) {
        String where = "data[" + index + "]." + field;
        return where + "：" + zh + " / " + where + ": " + en;
    }

    /** @return null when valid, otherwise the rejection message */
    String check(int i, Map<String, String> v, LocalDateTime now) {
        String code = v.get("dataCode");
        if (!DATA_CODE.matcher(code).matches()) {
            return message(i, "dataCode", "应为16位数字", "must be 16 digits, got " + code.length() + " characters");
        }
        String dataClass = code.substring(8, 10);
        if (!BaseData.DATA_CLASS_CODES.contains(dataClass)) {
            return message(i, "dataCode", "数据类型编码（第9-10位）应为01至10",
                    "data class (digits 9-10) must be 01..10, got " + dataClass);
        }
        String scopeText = v.get("scope");
        if (!scopeText.matches("[1-4]")) {
            return message(i, "scope", "应为1至4", "must be 1..4, got " + scopeText);
        }
        int scope = Integer.parseInt(scopeText);
        String process = code.substring(0, 2);
        String unit = code.substring(2, 4);
        String equipment = code.substring(4, 8);
        if (scope == 1 && !"00".equals(process)) {
            return message(i, "dataCode", "与scope=1不一致：工序编码应为00",
                    "inconsistent with scope 1: process must be 00, got " + process);
        }
        if (scope <= 2 && !"00".equals(unit)) {
            return message(i, "dataCode", "与scope=" + scope + "不一致：工序单元编码应为00",
                    "inconsistent with scope " + scope + ": process unit must be 00, got " + unit);
        }
        if (scope <= 3 && !"0000".equals(equipment)) {
            return message(i, "dataCode", "与scope=" + scope + "不一致：设备编码应为0000",
                    "inconsistent with scope " + scope + ": equipment must be 0000, got " + equipment);
        }
        String statTypeText = v.get("statType");
        if (!SMALL_INT.matcher(statTypeText).matches() || Integer.parseInt(statTypeText) > 3) {
            return message(i, "statType", "应为0至3", "must be 0..3, got " + statTypeText);
        }
        int statType = Integer.parseInt(statTypeText);
        String inputType = v.get("inputType");
        if (!inputType.matches("[1-7]")) {
            return message(i, "inputType", "应为1至7", "must be 1..7, got " + inputType);
        }
        String value = v.get("dataValue");
        if (!PLAIN_DECIMAL.matcher(value).matches()) {
            return message(i, "dataValue", "应为十进制数", "must be a plain decimal number, got " + value);
        }
        String valid = v.get("valid");
        if (!valid.matches("true|false|0|1")) {
            return message(i, "valid", "应为true/false或0/1", "must be true/false or 0/1, got " + valid);
        }
        LocalDateTime statDate;
        try {
            statDate = LocalDateTime.parse(v.get("statDate"), TIMESTAMP);
        } catch (DateTimeParseException e) {
            return message(i, "statDate", "格式应为yyyy-MM-dd HH:mm:ss", "must be yyyy-MM-dd HH:mm:ss");
        }
        try {
            LocalDateTime.parse(v.get("uploadDate"), TIMESTAMP);
        } catch (DateTimeParseException e) {
            return message(i, "uploadDate", "格式应为yyyy-MM-dd HH:mm:ss", "must be yyyy-MM-dd HH:mm:ss");
        }
        String alignment = alignmentError(i, statType, statDate);
        if (alignment != null) {
            return alignment;
        }
        if (statDate.isAfter(now)) {
            return message(i, "statDate", "不能晚于当前时间（" + zone + "）",
                    "must not be in the future (" + zone + ")");
        }
        return null;
    }

    private String alignmentError(int i, int statType, LocalDateTime t) {
        boolean midnight = t.toLocalTime().toSecondOfDay() == 0;
        return switch (statType) {
            case 0 -> t.toLocalTime().toSecondOfDay() % realtimeSlot.toSeconds() == 0 ? null
                    : message(i, "statDate", "实时数据应对齐到" + realtimeSlot.toMinutes() + "分钟时段起点",
                    "real-time data must start on a " + realtimeSlot.toMinutes() + "-minute boundary");
            case 1 -> midnight ? null
                    : message(i, "statDate", "日数据应为00:00:00", "day data must be at 00:00:00");
            case 2 -> midnight && t.getDayOfMonth() == 1 ? null
                    : message(i, "statDate", "月数据应为当月1日00:00:00",
                    "month data must be the first day of the month at 00:00:00");
            default -> midnight && t.getDayOfYear() == 1 ? null
                    : message(i, "statDate", "年数据应为1月1日00:00:00",
                    "year data must be January 1st at 00:00:00");
        };
    }
}
