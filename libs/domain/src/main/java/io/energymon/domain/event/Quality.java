package io.energymon.domain.event;

/** Quality of one reading. A BAD reading carries no value: the collector never repeats a stale value. */
public enum Quality {
    GOOD,
    /** A value was read but is doubtful (e.g. a substituted or estimated value). */
    UNCERTAIN,
    /** The point could not be read (device unreachable, exception response, decode error). */
    BAD
}
