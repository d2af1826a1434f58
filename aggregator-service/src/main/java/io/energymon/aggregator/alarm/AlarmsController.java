package io.energymon.aggregator.alarm;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The aggregator's alarms of one enterprise, newest first, from {@code alarm_history} (documented in
 * docs/architecture.md). Scoped by tenant and enterprise from the path.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class AlarmsController {
    private final JdbcClient jdbc;

    public AlarmsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An alarm: raised at, and cleared at (null while active). */
    public record AlarmRow(UUID alarmId, String type, String subject, String message, Instant raisedAt,
                           Instant clearedAt) {
    }

    /**
     * @param active true: only alarms not cleared; false: all
     * @param limit  1..1000
     */
    @GetMapping("/alarms")
    public List<AlarmRow> alarms(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                 @RequestParam(defaultValue = "false") boolean active,
                                 @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit 必须在 1..1000 之间 / limit must be within 1..1000");
        }
        return jdbc.sql("""
                        select alarm_id, type, subject, message, raised_at, cleared_at from alarm_history
                         where tenant_id = ? and enterprise_code = ? and (not ? or cleared_at is null)
                         order by raised_at desc, alarm_id limit ?
                        """)
                .params(tenantId, enterpriseCode, active, limit)
                .query((rs, i) -> new AlarmRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class) == null ? null
                                : rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }
}
