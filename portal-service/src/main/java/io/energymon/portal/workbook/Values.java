package io.energymon.portal.workbook;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The parsed cells of one row by field ({@link Column#field()}); a blank or unparseable cell is absent (null), so the
 * record's own default applies and the validator sees what a person left out.
 */
final class Values {
    private final Map<String, Object> byField;

    Values(Map<String, Object> byField) {
        this.byField = byField;
    }

    boolean isBlank(String... fields) {
        for (String f : fields) {
            if (byField.get(f) != null) {
                return false;
            }
        }
        return true;
    }

    String text(String field) {
        return (String) byField.get(field);
    }

    Integer integer(String field) {
        return (Integer) byField.get(field);
    }

    int integer(String field, int whenBlank) {
        Integer i = integer(field);
        return i == null ? whenBlank : i;
    }

    BigDecimal decimal(String field) {
        return (BigDecimal) byField.get(field);
    }

    LocalDate date(String field) {
        return (LocalDate) byField.get(field);
    }

    Duration duration(String field) {
        return (Duration) byField.get(field);
    }

    Boolean boolOrNull(String field) {
        return (Boolean) byField.get(field);
    }

    boolean bool(String field, boolean whenBlank) {
        Boolean b = (Boolean) byField.get(field);
        return b == null ? whenBlank : b;
    }

    @SuppressWarnings("unchecked")
    List<Integer> integers(String field) {
        return (List<Integer>) byField.get(field);
    }

    ZoneId zone(String field) {
        return (ZoneId) byField.get(field);
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String s = text(field);
        return s == null ? null : Enum.valueOf(type, s);
    }
}
