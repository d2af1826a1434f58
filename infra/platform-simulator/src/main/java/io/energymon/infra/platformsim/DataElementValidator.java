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
import io.energymon.codes.itemcode.DataItemCode;
import io.energymon.codes.itemcode.LayoutProfile;

/**
 * Strict checks of one decrypted {@code data[]} element of a {@code centerData} packet. Each failure names the
 * element index, the field and the rule, in Chinese and English. The data item code must be of the platform's
 * layout ({@link LayoutProfile}, checked with {@code libs/codes}) in the platform's form ({@link CodeForm}).
 */
final class DataElementValidator {

    static final List<String> FIELDS =
            List.of("dataCode", "dataValue", "inputType", "statType", "statDate", "uploadDate", "scope", "valid");
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern SMALL_INT = Pattern.compile("\\d");

    /** What the platform writes when statDate is not the start of a period of the statType. */
    static final String STAT_DATE_MISMATCH = "统计日期与统计类型不符";

    /** How far a device's clock may run ahead of the platform's. */
    static final Duration UPLOAD_CLOCK_SKEW = Duration.ofMinutes(10);

    private final Duration realtimeSlot;
    private final ZoneId zone;
    private final LayoutProfile layout;
    private final CodeForm form;

    DataElementValidator(Duration realtimeSlot, ZoneId zone, LayoutProfile layout, CodeForm form) {
        this.realtimeSlot = realtimeSlot;
        this.zone = zone;
        this.layout = layout;
        this.form = form;
    }

    /** Null when the text is a code of the layout in the platform's form, else what is wrong (zh, en). */
    String[] codeFormError(String code) {
        boolean hyphenated = code.indexOf('-') >= 0;
        if (DataItemCode.validateFormat("dataCode", code, layout).isValid() && hyphenated == (form == CodeForm.HYPHENATED)) {
            return null;
        }
        String expected = form == CodeForm.BARE ? layout.length() + " digits" : layout.pattern();
        String expectedZh = form == CodeForm.BARE ? layout.length() + "位数字" : layout.pattern();
        return new String[] {"应为" + expectedZh + "（" + layout + "）",
                "must be " + expected + " (" + layout + "), got '" + code + "' (" + code.length() + " characters)"};
    }

    static String message(int index, String field, String zh, String en) {
        String where = "data[" + index + "]." + field;
        return where + "：" + zh + " / " + where + ": " + en;
    }

    /** @return null when valid, otherwise the rejection message */
    String check(int i, Map<String, String> v, LocalDateTime now) {
        String[] formError = codeFormError(v.get("dataCode"));
        if (formError != null) {
            return message(i, "dataCode", formError[0], formError[1]);
        }
        DataItemCode parsed = DataItemCode.parse(v.get("dataCode"), layout);
        String dataClass = parsed.dataClass();
        if (!BaseData.DATA_CLASS_CODES.contains(dataClass)) {
            return message(i, "dataCode", "数据类型编码（第9-10位）应为01至10",
                    "data class (digits 9-10) must be 01..10, got " + dataClass);
        }
        String scopeText = v.get("scope");
        if (!scopeText.matches("[1-4]")) {
            return message(i, "scope", "应为1至4", "must be 1..4, got " + scopeText);
        }
        int scope = Integer.parseInt(scopeText);
        String process = parsed.process();
        String unit = parsed.processUnit();
        String equipment = parsed.equipment();
        String noEquipment = "0".repeat(layout.equipmentDigits());
        if (scope == 1 && !"00".equals(process)) {
            return message(i, "dataCode", "与scope=1不一致：工序编码应为00",
                    "inconsistent with scope 1: process must be 00, got " + process);
        }
        if (scope <= 2 && !"00".equals(unit)) {
            return message(i, "dataCode", "与scope=" + scope + "不一致：工序单元编码应为00",
                    "inconsistent with scope " + scope + ": process unit must be 00, got " + unit);
        }
        if (scope <= 3 && !noEquipment.equals(equipment)) {
            return message(i, "dataCode", "与scope=" + scope + "不一致：设备编码应为" + noEquipment,
                    "inconsistent with scope " + scope + ": equipment must be " + noEquipment + ", got " + equipment);
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
        LocalDateTime uploadDate;
        try {
            uploadDate = LocalDateTime.parse(v.get("uploadDate"), TIMESTAMP);
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
        if (uploadDate.isBefore(statDate)) {
            return message(i, "uploadDate", "上传时间不能早于统计日期", "must not be before statDate");
        }
        if (uploadDate.isAfter(now.plus(UPLOAD_CLOCK_SKEW))) {
            return message(i, "uploadDate", "不能晚于平台当前时间（" + zone + "）",
                    "must not be later than the platform's clock (" + zone + ")");
        }
        return null;
    }

    private String alignmentError(int i, int statType, LocalDateTime t) {
        boolean midnight = t.toLocalTime().toSecondOfDay() == 0;
        return switch (statType) {
            case 0 -> t.toLocalTime().toSecondOfDay() % realtimeSlot.toSeconds() == 0 ? null
                    : mismatch(i, "实时数据应对齐到" + realtimeSlot.toMinutes() + "分钟时段起点",
                    "real-time data must start on a " + realtimeSlot.toMinutes() + "-minute boundary");
            case 1 -> midnight ? null
                    : mismatch(i, "日数据应为00:00:00", "day data must be at 00:00:00");
            case 2 -> midnight && t.getDayOfMonth() == 1 ? null
                    : mismatch(i, "月数据应为当月1日00:00:00",
                    "month data must be the first day of the month at 00:00:00");
            default -> midnight && t.getDayOfYear() == 1 ? null
                    : mismatch(i, "年数据应为1月1日00:00:00", "year data must be January 1st at 00:00:00");
        };
    }

    private static String mismatch(int i, String zh, String en) {
        return message(i, "statDate", STAT_DATE_MISMATCH + "（" + zh + "）",
                "statDate does not match statType: " + en);
    }
}
