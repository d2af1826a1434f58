package io.energymon.codes.validation;

import java.util.Objects;

/**
 * One finding of a validator, actionable by a person: which field, which rule, what form was expected, and a message
 * in Chinese and in English.
 *
 * @param field    the field that was checked, e.g. {@code enterpriseCode}
 * @param rule     a stable rule identifier, e.g. {@code uscc.check-digit}
 * @param expected the expected form or value, e.g. {@code X} or {@code 18 characters of 0-9 A-H J-N P-R T U W-Y}
 * @param messageZh the message in Chinese
 * @param messageEn the message in English
 * @param severity  error or warning
 */
public record Violation(String field, String rule, String expected, String messageZh, String messageEn,
                        Severity severity) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(messageZh, "messageZh");
        Objects.requireNonNull(messageEn, "messageEn");
        Objects.requireNonNull(severity, "severity");
    }

    public static Violation error(String field, String rule, String expected, String messageZh, String messageEn) {
        return new Violation(field, rule, expected, messageZh, messageEn, Severity.ERROR);
    }

    public static Violation warning(String field, String rule, String expected, String messageZh, String messageEn) {
        return new Violation(field, rule, expected, messageZh, messageEn, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Both languages on one line: {@code 中文 / English}. */
    public String message() {
        return messageZh + " / " + messageEn;
    }

    /** The same finding reported against another field name (e.g. when a USCC is checked as part of a form). */
    public Violation forField(String otherField) {
        return new Violation(otherField, rule, expected, messageZh, messageEn, severity);
    }

    @Override
    public String toString() {
        return severity + " [" + field + "] " + rule + ": " + message();
    }
}
