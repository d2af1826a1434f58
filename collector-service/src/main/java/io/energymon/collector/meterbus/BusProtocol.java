package io.energymon.collector.meterbus;

import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One meter protocol spoken on a bus (through a transparent gateway or a serial port), as {@link MeterBusSource}
 * uses it.
 *
 * @param <T> what a point asks for
 * @param <R> a decoded reply
 */
public interface BusProtocol<T extends BusTarget, R> {

    /** Whether this handles devices of the protocol (e.g. DL/T 645 over TCP and over a serial port). */
    boolean accepts(Protocol protocol);

    /** Short name for metrics and logs ({@code dlt645}, {@code cjt188}). */
    String tag();

    /**
     * What the point asks for.
     *
     * @throws IllegalArgumentException the point's address is unusable; the message says why (English)
     */
    T target(PointConfig point);

    /** Sends the request of {@code target} on the link (and the follow-up requests a reply announces) and decodes it. */
    R transact(BusLink link, T target) throws IOException, MeterFrameException;

    /** The point's value (in the point's unit, before its scale and offset) from a reply. */
    BigDecimal value(PointConfig point, T target, R reply) throws MeterFrameException;

    /** A value the meter froze (stored) at an instant, in the point's unit before its scale and offset. */
    record Frozen(Instant at, BigDecimal value) {
    }

    /** Whether the meter keeps frozen daily values of what {@code target} reads ({@link #frozen} may return some). */
    default boolean hasFrozen(T target) {
        return false;
    }

    /**
     * The values of the point the meter froze at its day boundaries strictly between {@code after} and
     * {@code before}, read from the meter (at most {@code maxDays} of them, the most recent ones); empty when the
     * protocol or the point's data has no frozen values. The meter's clock runs in {@code zone}.
     */
    default List<Frozen> frozen(BusLink link, PointConfig point, T target, Instant after, Instant before, ZoneId zone,
                                int maxDays) throws IOException, MeterFrameException {
        return List.of();
    }
}
