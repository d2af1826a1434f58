package io.energymon.collector.meterbus;

import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * One meter protocol spoken over a transparent gateway, as {@link MeterBusSource} uses it.
 *
 * @param <T> what a point asks for
 * @param <R> a decoded reply
 */
public interface BusProtocol<T extends BusTarget, R> {

    /** The device protocol this handles. */
    Protocol protocol();

    /** Short name for metrics and logs ({@code dlt645}, {@code cjt188}). */
    String tag();

    /**
     * What the point asks for.
     *
     * @throws IllegalArgumentException the point's address is unusable; the message says why (English)
     */
    T target(PointConfig point);

    /** Sends the request of {@code target} on the link and decodes the reply. */
    R transact(GatewayLink link, T target) throws IOException, MeterFrameException;

    /** The point's value (in the point's unit, before its scale) from a reply. */
    BigDecimal value(PointConfig point, T target, R reply) throws MeterFrameException;
}
