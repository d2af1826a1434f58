package io.energymon.portal.workbook;

import org.apache.poi.ss.util.NumberToTextConverter;

/**
 * What a cell holds before it is parsed against its column: text (every CSV field, text cells of a workbook), a
 * number, a boolean or an Excel error. A blank cell is {@code null}.
 */
sealed interface RawCell {

    /** The cell as a person sees it, for messages and reports. */
    String display();

    record Text(String value) implements RawCell {
        @Override
        public String display() {
            return value;
        }
    }

    /** A numeric cell (dates are numbers in a workbook); {@code dateFormatted} when its style is a date format. */
    record Number(double value, boolean dateFormatted) implements RawCell {
        @Override
        public String display() {
            return NumberToTextConverter.toText(value);
        }
    }

    record Bool(boolean value) implements RawCell {
        @Override
        public String display() {
            return Boolean.toString(value);
        }
    }

    /** An error value such as {@code #N/A} or {@code #REF!}. */
    record Error(String code) implements RawCell {
        @Override
        public String display() {
            return code;
        }
    }

    /** True for null and for text that is empty or only blanks. */
    static boolean isBlank(RawCell c) {
        return c == null || c instanceof Text t && t.value().isBlank();
    }
}
