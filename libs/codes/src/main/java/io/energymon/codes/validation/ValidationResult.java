package io.energymon.codes.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The findings of one validation; valid when it holds no error (warnings may remain). */
public record ValidationResult(List<Violation> violations) {

    private static final ValidationResult OK = new ValidationResult(List.of());

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    public static ValidationResult ok() {
        return OK;
    }

    public static ValidationResult of(Violation... violations) {
        return new ValidationResult(List.of(violations));
    }

    public boolean isValid() {
        return violations.stream().noneMatch(Violation::isError);
    }

    public List<Violation> errors() {
        return violations.stream().filter(Violation::isError).toList();
    }

    public List<Violation> warnings() {
        return violations.stream().filter(v -> !v.isError()).toList();
    }

    /** True when some finding carries this rule identifier. */
    public boolean hasRule(String rule) {
        return violations.stream().anyMatch(v -> v.rule().equals(rule));
    }

    public ValidationResult and(ValidationResult other) {
        if (other.violations.isEmpty()) {
            return this;
        }
        if (violations.isEmpty()) {
            return other;
        }
        List<Violation> all = new ArrayList<>(violations);
        all.addAll(other.violations);
        return new ValidationResult(all);
    }

    /** Throws {@link CodeFormatException} when the result holds an error. */
    public void throwIfInvalid() {
        if (!isValid()) {
            throw new CodeFormatException(this);
        }
    }

    /** All messages, one a line. */
    public String summary() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("\n"));
    }
}
