package io.energymon.aggregator.alarm;

import io.energymon.aggregator.outbox.OutboxWriter;
import io.energymon.aggregator.query.ApiErrors;
import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.Topics;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import io.energymon.security.RequestOrigin;
import io.energymon.security.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Acknowledges an alarm with a comment: stores who (the token's {@code preferred_username} and {@code sub}), when and
 * the comment in {@code alarm_acknowledgement} (every acknowledgement is kept; the alarm list shows the newest), and
 * writes an {@code ALARM_ACKNOWLEDGED} audit event for {@code audit.v1} into the outbox in the same transaction: the
 * event commits with the acknowledgement or not at all, and the outbox relay sends it afterwards.
 */
@Component
public class AlarmAcknowledgements {
    /** The longest comment, in characters (after trimming). */
    public static final int MAX_COMMENT = 500;

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final CurrentCaller callers;
    private final String auditTopic;

    public AlarmAcknowledgements(JdbcClient jdbc, OutboxWriter outbox, CurrentCaller callers,
                                 @Value("${energymon.aggregator.audit-topic:" + Topics.AUDIT + "}") String auditTopic) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.callers = callers;
        this.auditTopic = auditTopic;
    }

    /** A stored acknowledgement. */
    public record Acknowledgement(UUID alarmId, String acknowledgedBy, Instant acknowledgedAt, String comment) {
    }

    /** The comment trimmed; a bilingual 400 when it is missing, blank or longer than {@link #MAX_COMMENT}. */
    static String comment(String raw) {
        String comment = raw == null ? "" : raw.strip();
        if (comment.isEmpty() || comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("确认说明 comment 须为 1 至 " + MAX_COMMENT + " 个字符 / comment must be 1 to "
                    + MAX_COMMENT + " characters (after trimming), got " + comment.length());
        }
        return comment;
    }

    /** Call on the request thread. 404 when the enterprise has no such alarm. */
    @Transactional
    public Acknowledgement acknowledge(String tenantId, String enterpriseCode, UUID alarmId, String rawComment) {
        String comment = comment(rawComment);
        Map<String, Object> alarm = jdbc.sql("""
                        select type, subject from alarm_history
                         where alarm_id = ? and tenant_id = ? and enterprise_code = ?""")
                .params(alarmId, tenantId, enterpriseCode).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new ApiErrors.NotFound("告警 " + alarmId + " 不存在 / alarm " + alarmId
                        + " not found"));
        Caller c = callers.get();
        Instant at = jdbc.sql("""
                        insert into alarm_acknowledgement (alarm_id, tenant_id, enterprise_code, acknowledged_by,
                                                           subject, comment)
                        values (?, ?, ?, ?, ?, ?) returning acknowledged_at""")
                .params(alarmId, tenantId, enterpriseCode, c.username(), c.subject(), comment)
                .query(OffsetDateTime.class).single().toInstant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", alarm.get("type"));
        detail.put("subject", alarm.get("subject"));
        detail.put("comment", comment);
        RequestOrigin origin = RequestOrigin.current();
        AuditEvent event = new AuditEvent(UUID.randomUUID(), at, tenantId, enterpriseCode,
                new AuditEvent.Actor(c.subject(), c.username(), c.roles().stream().map(Role::claimValue).sorted()
                        .toList()), AuditEvent.Action.ALARM_ACKNOWLEDGED.name(),
                new AuditEvent.Target("alarms", alarmId.toString()), detail, origin.clientAddress(),
                origin.userAgent());
        outbox.write(auditTopic, event.key(), event);
        return new Acknowledgement(alarmId, c.username(), at, comment);
    }
}
