package io.energymon.collector.poll;

import java.time.Duration;
import java.time.Instant;

/** The grid of poll slots: slot starts are multiples of the slot length since the epoch (so 15-min slots are :00, :15...). */
public record SlotClock(Duration slot) {

    /** Start of the slot that contains {@code t}. */
    public Instant slotOf(Instant t) {
        long len = slot.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), len) * len);
    }

    /** Start of the first slot strictly after {@code t}. */
    public Instant nextSlotAfter(Instant t) {
        return slotOf(t).plus(slot);
    }
}
