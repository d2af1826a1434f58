package io.energymon.codes.validation;

/** Thrown by the {@code parse} methods when a code is not well formed; carries the findings. */
public class CodeFormatException extends IllegalArgumentException {

    private final transient ValidationResult result;

    public CodeFormatException(ValidationResult result) {
        super(result.errors().isEmpty() ? result.summary() : result.errors().getFirst().message());
        this.result = result;
    }

    public ValidationResult result() {
        return result;
    }
}
