package io.energymon.formula;

/**
 * One occurrence of a reference in a formula's text, e.g. for highlighting.
 *
 * @param key      the point id, or the data item code as bare digits
 * @param position 0-based offset of the opening bracket
 * @param length   characters up to and including the closing bracket
 */
public record Reference(Kind kind, String key, int position, int length) {

    public enum Kind { POINT, ITEM }
}
