package io.energymon.formula;

import java.util.Objects;

/**
 * One problem found in a formula.
 *
 * @param rule      stable rule id, e.g. {@code formula.syntax}, {@code formula.unknown-point}
 * @param position  0-based UTF-16 character offset into the formula text where the problem is
 * @param length    number of characters concerned (0 for "nothing here", e.g. at the end of the text)
 * @param messageZh message for the user in Chinese; positions in messages count from 1 like a user does
 * @param messageEn the same message in English
 */
public record FormulaError(String rule, int position, int length, String messageZh, String messageEn) {

    public static final String SYNTAX = "formula.syntax";
    public static final String EMPTY = "formula.empty";
    public static final String UNKNOWN_FUNCTION = "formula.unknown-function";
    public static final String UNKNOWN_POINT = "formula.unknown-point";
    public static final String UNKNOWN_ITEM = "formula.unknown-item";
    public static final String UNKNOWN_UNIT = "formula.unknown-unit";
    public static final String UNIT_MISMATCH = "formula.unit-mismatch";
    public static final String CYCLE = "formula.cycle";
    public static final String DIVISION_BY_ZERO = "formula.division-by-zero";
    public static final String ARITHMETIC = "formula.arithmetic";

    public FormulaError {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(messageZh, "messageZh");
        Objects.requireNonNull(messageEn, "messageEn");
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("position and length must not be negative");
        }
    }

    /** An error whose messages start with where it is: "公式第7个字符处" + zh, en + " at character 7". */
    public static FormulaError at(String rule, int position, int length, String zh, String en) {
        return new FormulaError(rule, position, length,
                "公式第" + (position + 1) + "个字符处" + zh, en + " at character " + (position + 1));
    }

    /** Both languages: {@code 中文 / English}. */
    public String message() {
        return messageZh + " / " + messageEn;
    }
}
