package io.energymon.domain.event;

import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Value of topic {@code meter-events.v1}: a meter was replaced, reset or recalibrated. Key: enterprise USCC. The
 * aggregator uses the final and initial readings so that a counter that restarts is never read as a negative (or
 * huge) consumption.
 *
 * @param eventId        unique id; a replayed event keeps it
 * @param meterCode      the meter (§7.12 code)
 * @param type           what happened
 * @param occurredAt     when the change was made in the plant (readings before it belong to the old counter)
 * @param readings       per cumulative point of the meter: the old counter's final reading and the new one's initial
 *                       reading (for a recalibration both may be equal)
 * @param newSerialNumber the new meter's serial number after a replacement, else null
 * @param note           the operator's note, optional
 * @param recordedBy     who recorded it
 * @param recordedAt     when it was recorded
 */
public record MeterEvent(UUID eventId, String tenantId, String enterpriseCode, String meterCode, MeterEventType type,
                         Instant occurredAt, List<PointReadings> readings, String newSerialNumber, String note,
                         String recordedBy, Instant recordedAt) {
    public MeterEvent {
        Objects.requireNonNull(eventId, "eventId");
        new EnterpriseRef(tenantId, enterpriseCode);
        Objects.requireNonNull(meterCode, "meterCode");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        readings = readings == null ? List.of() : List.copyOf(readings);
    }

    /** What happened to the meter. */
    public enum MeterEventType {
        /** 换表: a new meter took the old one's place. */
        REPLACED,
        /** 清零: the counter was reset. */
        RESET,
        /** 校准 / 检定: the meter was recalibrated; its counter may have been adjusted. */
        RECALIBRATED
    }

    /** The old counter's last and the new counter's first reading of one point, in the point's unit. */
    public record PointReadings(String pointId, BigDecimal finalReading, BigDecimal initialReading) {
        public PointReadings {
            Objects.requireNonNull(pointId, "pointId");
        }
    }
}
