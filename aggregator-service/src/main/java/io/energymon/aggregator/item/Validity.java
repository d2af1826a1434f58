package io.energymon.aggregator.item;

/**
 * What an item value is worth ({@code item_value.valid} and {@code withdrawn}, V6 and V14).
 *
 * <p><b>Rule.</b> A real-time value is {@link #VALID} only when every input it was computed from is good: the
 * intervals of a cumulative point derived from GOOD readings at both ends (and usable: not a {@code DECREASE} or
 * {@code GAP}, which give no value at all), an instantaneous point present and GOOD at every slot start of the period,
 * an input item valid itself. A value computed from an UNCERTAIN reading (estimated, substituted) or from a doubtful
 * item is {@link #DOUBTFUL}: computed, stored, published with {@code valid = false}, counted in the rollups and the
 * accounting. A day, month or year value is {@link #VALID} only when the values below it cover the whole period and
 * are all valid (a day with a missing or doubtful quarter is doubtful), and it is the sum of the values below that are
 * not withdrawn. A value whose inputs became unusable is {@link #WITHDRAWN}: the value is kept as it was, published
 * with {@code valid = false}, and is no value any more (no input of other items, not counted in rollups). Any change
 * of state is a new version like a change of value.
 */
public enum Validity {
    VALID, DOUBTFUL, WITHDRAWN;

    /** VALID when computed from good inputs only, else DOUBTFUL. */
    public static Validity computed(boolean good) {
        return good ? VALID : DOUBTFUL;
    }

    /** {@code item_value.valid}, the {@code valid} flag of {@code item-values.v1}. */
    public boolean valid() {
        return this == VALID;
    }

    /** {@code item_value.withdrawn}: the value is not to be used. */
    public boolean withdrawn() {
        return this == WITHDRAWN;
    }
}
