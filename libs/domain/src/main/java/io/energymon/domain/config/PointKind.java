package io.energymon.domain.config;

/** What a point's values are. */
public enum PointKind {
    /** A counter (energy, volume, mass); consumption is the difference of two readings, with rollover at the maximum. */
    CUMULATIVE,
    /** A momentary value (power, flow, temperature, pressure). */
    INSTANTANEOUS
}
