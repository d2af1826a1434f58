package io.energymon.formula;

import java.util.List;
import java.util.stream.Collectors;

/** A formula that cannot be used, with every error found (at least one). */
public class FormulaException extends IllegalArgumentException {

    private final transient List<FormulaError> errors;

    public FormulaException(List<FormulaError> errors) {
        super(errors.stream().map(FormulaError::message).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a FormulaException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public FormulaException(FormulaError error) {
        this(List.of(error));
    }

    public List<FormulaError> errors() {
        return errors;
    }
}
