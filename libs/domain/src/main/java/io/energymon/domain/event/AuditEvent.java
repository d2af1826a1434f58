package io.energymon.domain.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Value of topic {@code audit.v1}: who changed what, when and from where. Key: tenant id (platform-wide actions
 * without a tenant, e.g. a platform operator's login, are keyed by the empty string). The portal stores every event
 * once (by {@code eventId}) and answers a tenant admin's queries on it.
 *
 * @param eventId        unique id; a re-delivered event keeps it (stored once)
 * @param at             when it happened
 * @param tenantId       the tenant acted upon (the actor's tenant for logins); null only for platform-wide actions
 * @param enterpriseCode the enterprise acted upon, null when the action is not about one enterprise
 * @param actor          who did it
 * @param action         what was done: one of {@link Action}'s names (a string so that a consumer stores actions of a
 *                       newer producer too)
 * @param target         what it was done to
 * @param detail         a few facts (versions before/after, counts, file size); never secrets nor whole payloads
 * @param clientAddress  the client's IP address as the gateway saw it (X-Forwarded-For), else the peer address;
 *                       null when not from a request
 * @param userAgent      the client's User-Agent header (at most 256 characters), null when absent
 */
public record AuditEvent(UUID eventId, Instant at, String tenantId, String enterpriseCode, Actor actor, String action,
                         Target target, Map<String, Object> detail, String clientAddress, String userAgent) {
    /** Longest user agent kept. */
    public static final int MAX_USER_AGENT = 256;

    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        if (action == null || action.isBlank() || action.length() > 64) {
            throw new IllegalArgumentException("action must be 1 to 64 characters, got " + action);
        }
        detail = detail == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }

    /** The Kafka key: the tenant id, the empty string for platform-wide actions. */
    public String key() {
        return tenantId == null ? "" : tenantId;
    }

    /**
     * Who acted.
     *
     * @param subject  the token's {@code sub}; {@code system} for the service itself
     * @param username the token's {@code preferred_username}
     * @param roles    the application roles the actor held
     */
    public record Actor(String subject, String username, List<String> roles) {
        /** The service itself (no user request: start-up, scheduled work). */
        public static final Actor SYSTEM = new Actor("system", "system", List.of());

        public Actor {
            Objects.requireNonNull(subject, "actor.subject");
            username = username == null ? subject : username;
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * What was acted upon.
     *
     * @param kind e.g. {@code tenant}, {@code enterprise}, {@code items}, {@code meters}, {@code session}
     * @param key  its natural key within the enterprise (data code, meter code...), the username for sessions
     */
    public record Target(String kind, String key) {
        public Target {
            Objects.requireNonNull(kind, "target.kind");
        }
    }

    /** The actions the services record. */
    public enum Action {
        MASTER_DATA_CREATED, MASTER_DATA_UPDATED, MASTER_DATA_RETIRED,
        WORKBOOK_IMPORTED, LICENCE_UPLOADED,
        /** a manual entry about a meter: replaced, reset, recalibrated */
        METER_EVENT_RECORDED,
        /** a manual entry of a data item value */
        MANUAL_ENTRY,
        /** 补传: values re-sent to a platform */
        REUPLOAD_REQUESTED,
        /** an alarm acknowledged with a comment (aggregator) */
        ALARM_ACKNOWLEDGED,
        LOGIN, LOGOUT, LOGIN_FAILED
    }
}
