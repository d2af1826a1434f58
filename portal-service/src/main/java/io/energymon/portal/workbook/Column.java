package io.energymon.portal.workbook;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One column of a sheet (and of the CSV of the same kind): the record field it holds, its bilingual title, how its
 * cells are written and parsed, and how to read the field from an entity.
 *
 * @param field    the field path as validation findings name it below the entity, e.g. {@code address.register}
 * @param titleZh  Chinese title
 * @param titleEn  English title (the field's own name, as the REST API spells it)
 * @param type     cell type
 * @param choices  allowed values of an {@link ValueType#ENUM}, suggested values of a {@link ValueType#CODE} (drop-down)
 * @param getter   the field's value in an entity, of the Java type {@link ValueType#parse} returns (enums as enums)
 * @param required a blank cell is refused by the reader itself (keys, and fields without a null form)
 * @param noteZh   what to fill in, Chinese
 * @param noteEn   what to fill in, English
 */
record Column<T>(String field, String titleZh, String titleEn, ValueType type, List<String> choices,
                 Function<T, ?> getter, boolean required, String noteZh, String noteEn) {

    Column {
        choices = List.copyOf(choices);
    }

    /** The header cell: {@code 寄存器 register}. */
    String title() {
        return titleZh + " " + titleEn;
    }

    Object valueOf(T entity) {
        return getter.apply(entity);
    }

    /** The cell text of an entity's field (CSV and text cells); null when the field is null. */
    String textOf(T entity) {
        return type.format(valueOf(entity));
    }

    /** Whether a header cell names this column: the full title, the Chinese or the English part, any case. */
    boolean titled(String header) {
        String h = normalize(header);
        return h.equals(normalize(title())) || h.equals(normalize(titleZh)) || h.equals(normalize(titleEn))
                || h.equals(normalize(field));
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    Column<T> withRequired() {
        return new Column<>(field, titleZh, titleEn, type, choices, getter, true, noteZh, noteEn);
    }

    Column<T> withChoices(List<String> values) {
        return new Column<>(field, titleZh, titleEn, type, values, getter, required, noteZh, noteEn);
    }

    Column<T> withNote(String zh, String en) {
        return new Column<>(field, titleZh, titleEn, type, choices, getter, required, zh, en);
    }
}
