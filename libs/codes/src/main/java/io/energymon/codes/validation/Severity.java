package io.energymon.codes.validation;

/** How bad a finding is: an error rejects the value, a warning lets it pass but should be shown. */
public enum Severity {
    ERROR,
    WARNING
}
