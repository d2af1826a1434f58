package io.energymon.portal.meterevent;

import io.energymon.domain.event.MeterEvent.MeterEventType;
import io.energymon.domain.event.MeterEvent.PointReadings;
import java.time.Instant;
import java.util.List;

/**
 * A meter replacement, reset or recalibration as recorded by an operator.
 *
 * @param occurredAt      when it happened in the plant
 * @param readings        per cumulative point of the meter: the old counter's final and the new one's initial reading
 * @param newSerialNumber the new meter's serial number (required for a replacement)
 */
public record MeterEventRequest(MeterEventType type, Instant occurredAt, List<PointReadings> readings,
                                String newSerialNumber, String note, String recordedBy) {
}
