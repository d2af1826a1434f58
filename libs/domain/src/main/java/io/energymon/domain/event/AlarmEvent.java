package io.energymon.domain.event;

import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Value of topic {@code alarms.v1}: an alarm was raised or cleared. Key: enterprise USCC. An alarm is identified
 * within its enterprise by {@code (source, type, subject)}; a {@code CLEARED} event carries the {@code alarmId} of
 * the {@code RAISED} event it ends, so a consumer pairs them even when the same condition comes back later (a new
 * raise has a new id).
 *
 * @param eventId        unique id of this event; a re-published event keeps it
 * @param alarmId        the id of the raise this event belongs to (equal to {@code eventId} for a raise)
 * @param tenantId       tenant
 * @param enterpriseCode enterprise USCC
 * @param source         the service that raised it ({@code uploader}, {@code aggregator}, {@code collector})
 * @param type           what kind of alarm, e.g. {@code UPLOAD_FAILING}
 * @param subject        what it is about within the enterprise, e.g. the platform id of an upload target
 * @param state          raised or cleared
 * @param message        for people, Chinese then English ("中文 / English")
 * @param occurredAt     when the condition began (raise) or ended (clear)
 */
public record AlarmEvent(UUID eventId, UUID alarmId, String tenantId, String enterpriseCode, String source,
                         String type, String subject, State state, String message, Instant occurredAt) {
    public AlarmEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(alarmId, "alarmId");
        new EnterpriseRef(tenantId, enterpriseCode);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** Raised or cleared. */
    public enum State {
        RAISED,
        CLEARED
    }
}
