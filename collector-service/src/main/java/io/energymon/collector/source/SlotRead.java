package io.energymon.collector.source;

import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.util.List;

/**
 * What one {@link PointSource#readSlot} call gave: the readings, and whether the device answered, which the poller's
 * supervision uses to decide whether the device (its connection) is failing. A point that is BAD because of its own
 * configuration says nothing about the device.
 *
 * @param readings the readings, as {@link PointSource#read} returns them
 * @param outcome  whether the device answered
 * @param failure  why the device failed (the first reason of a BAD reading that is no configuration error), or null
 */
public record SlotRead(List<Reading> readings, Outcome outcome, String failure) {

    /** How the device did in one read. */
    public enum Outcome {
        /** At least one point was read: the device and its connection work. */
        ANSWERED,
        /** Every point that was asked for is BAD for a reason other than its configuration (connection, timeout...). */
        FAILED,
        /** Nothing was asked from the device (no point on this slot, or only misconfigured points). */
        NOT_ASKED
    }

    public SlotRead {
        readings = List.copyOf(readings);
        if (outcome == null) {
            throw new IllegalArgumentException("outcome must not be null");
        }
        if (outcome == Outcome.FAILED && (failure == null || failure.isBlank())) {
            throw new IllegalArgumentException("a FAILED read needs the reason");
        }
    }

    /**
     * The default classification of a source's readings: ANSWERED when one is GOOD; NOT_ASKED when there are none or
     * every BAD one is a configuration error ({@link PointChecks#isConfigurationError}); else FAILED with the first
     * reason that is not a configuration error.
     */
    public static SlotRead classify(List<Reading> readings) {
        String failure = null;
        for (Reading r : readings) {
            if (r.quality() != Quality.BAD) {
                return new SlotRead(readings, Outcome.ANSWERED, null);
            }
            if (failure == null && !PointChecks.isConfigurationError(r.error())) {
                failure = r.error() == null || r.error().isBlank() ? "BAD reading without reason" : r.error();
            }
        }
        return failure == null ? new SlotRead(readings, Outcome.NOT_ASKED, null)
                : new SlotRead(readings, Outcome.FAILED, failure);
    }

    /** Readings that did not involve the device (e.g. a protocol not supported yet). */
    public static SlotRead notAsked(List<Reading> readings) {
        return new SlotRead(readings, Outcome.NOT_ASKED, null);
    }
}
