package io.energymon.codes.factor;

/** Where a factor in use comes from (§6.3.3.2 f): the standard's reference value or the enterprise's measurement. */
public enum FactorOrigin {
    REFERENCE,
    MEASURED
}
