package io.energymon.aggregator.alarm;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The aggregator's alarms of one enterprise, newest first, from {@code alarm_history} with their newest
 * acknowledgement, and their acknowledgement with a comment ({@link AlarmAcknowledgements}); documented in
 * docs/architecture.md. Scoped by tenant and enterprise from the path.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class AlarmsController {
    private final JdbcClient jdbc;
    private final AlarmAcknowledgements acknowledgements;

    public AlarmsController(JdbcClient jdbc, AlarmAcknowledgements acknowledgements) {
        this.jdbc = jdbc;
        this.acknowledgements = acknowledgements;
    }

    /**
     * An alarm: raised at, cleared at (null while active), and its newest acknowledgement (all three null when it has
     * none).
     */
    public record AlarmRow(UUID alarmId, String type, String subject, String message, Instant raisedAt,
                           Instant clearedAt, String acknowledgedBy, Instant acknowledgedAt, String comment) {
    }

    /** The body of an acknowledgement. */
    public record AcknowledgementRequest(String comment) {
    }

    /**
     * @param active true: only alarms not cleared; false: all
     * @param limit  1..1000
     */
    @Operation(summary = "用能单位的告警 / the enterprise's alarms",
            description = "Newest first, with raised and cleared times and the newest acknowledgement "
                    + "(acknowledgedBy, acknowledgedAt, comment; null when none)")
    @GetMapping("/alarms")
    public List<AlarmRow> alarms(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                 @RequestParam(defaultValue = "false") boolean active,
                                 @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit 必须在 1..1000 之间 / limit must be within 1..1000");
        }
        return jdbc.sql("""
                        select h.alarm_id, h.type, h.subject, h.message, h.raised_at, h.cleared_at,
                               a.acknowledged_by, a.acknowledged_at, a.comment
                          from alarm_history h
                          left join lateral (
                                select acknowledged_by, acknowledged_at, comment from alarm_acknowledgement k
                                 where k.alarm_id = h.alarm_id and k.tenant_id = h.tenant_id
                                   and k.enterprise_code = h.enterprise_code
                                 order by k.acknowledged_at desc, k.ack_id desc limit 1) a on true
                         where h.tenant_id = ? and h.enterprise_code = ? and (not ? or h.cleared_at is null)
                         order by h.raised_at desc, h.alarm_id limit ?
                        """)
                .params(tenantId, enterpriseCode, active, limit)
                .query((rs, i) -> new AlarmRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), instant(rs.getObject(5, OffsetDateTime.class)),
                        instant(rs.getObject(6, OffsetDateTime.class)), rs.getString(7),
                        instant(rs.getObject(8, OffsetDateTime.class)), rs.getString(9)))
                .list();
    }

    @Operation(summary = "确认告警并填写说明 / acknowledge an alarm with a comment",
            description = "Stores who acknowledged (the token's preferred_username), when and the comment (1 to "
                    + AlarmAcknowledgements.MAX_COMMENT + " characters after trimming); every acknowledgement is "
                    + "kept, GET /alarms shows the newest. Publishes an ALARM_ACKNOWLEDGED audit event. 404 when the "
                    + "enterprise has no such alarm.")
    @PostMapping("/alarms/{alarmId}/acknowledgement")
    @ResponseStatus(HttpStatus.CREATED)
    public AlarmAcknowledgements.Acknowledgement acknowledge(@PathVariable String tenantId,
                                                             @PathVariable String enterpriseCode,
                                                             @PathVariable UUID alarmId,
                                                             @RequestBody AcknowledgementRequest body) {
        return acknowledgements.acknowledge(tenantId, enterpriseCode, alarmId, body.comment());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
