package io.energymon.portal.audit;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Table {@code audit_event}: inserts (in the caller's transaction; an event id already stored is left as it is, so a
 * re-delivery never doubles) and the per-tenant query, newest first.
 */
@Component
public class AuditStore {
    private static final String INSERT = """
            insert into audit_event (event_id, at, tenant_id, enterprise_code, actor_subject, actor_username,
                                     actor_roles, action, target_kind, target_key, detail, client_address, user_agent)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            on conflict (event_id) do nothing
            """;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Inserts the events in one JDBC batch; returns how many were new. */
    public int insert(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate(INSERT, events, events.size(), (ps, e) -> {
            ps.setObject(1, e.eventId());
            ps.setTimestamp(2, Timestamp.from(e.at()));
            ps.setString(3, e.tenantId());
            ps.setString(4, e.enterpriseCode());
            ps.setString(5, e.actor().subject());
            ps.setString(6, e.actor().username());
            ps.setString(7, String.join(",", e.actor().roles()));
            ps.setString(8, e.action());
            ps.setString(9, e.target() == null ? "unknown" : e.target().kind());
            ps.setString(10, e.target() == null ? null : e.target().key());
            ps.setString(11, new String(EventCodec.encode(e.detail()), StandardCharsets.UTF_8));
            ps.setString(12, e.clientAddress());
            ps.setString(13, e.userAgent());
        });
        // the driver may answer SUCCESS_NO_INFO (-2) for a batch: count only rows known to be new
        return Arrays.stream(counts).flatMapToInt(Arrays::stream).map(n -> Math.max(n, 0)).sum();
    }

    /** A tenant's events, newest first; null filters are not applied. */
    public List<AuditEvent> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("""
                select event_id, at, tenant_id, enterprise_code, actor_subject, actor_username, actor_roles, action,
                       target_kind, target_key, detail::text, client_address, user_agent
                  from audit_event where tenant_id = :tenant""");
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", q.tenantId());
        if (q.from() != null) {
            sql.append(" and at >= :from");
            p.addValue("from", Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and at < :to");
            p.addValue("to", Timestamp.from(q.to()));
        }
        if (q.enterpriseCode() != null) {
            sql.append(" and enterprise_code = :enterprise");
            p.addValue("enterprise", q.enterpriseCode());
        }
        if (q.action() != null) {
            sql.append(" and action = :action");
            p.addValue("action", q.action());
        }
        if (q.actor() != null) {
            sql.append(" and (actor_username = :actor or actor_subject = :actor)");
            p.addValue("actor", q.actor());
        }
        sql.append(" order by at desc, id desc limit :limit");
        p.addValue("limit", q.limit());
        return named.query(sql.toString(), p, (rs, i) -> event(rs));
    }

    @SuppressWarnings("unchecked")
    private static AuditEvent event(ResultSet rs) throws SQLException {
        String roles = rs.getString(7);
        Map<String, Object> detail = EventCodec.decode(rs.getString(11).getBytes(StandardCharsets.UTF_8),
                LinkedHashMap.class);
        return new AuditEvent(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), new AuditEvent.Actor(rs.getString(5), rs.getString(6),
                roles.isEmpty() ? List.of() : List.of(roles.split(","))), rs.getString(8),
                new AuditEvent.Target(rs.getString(9), rs.getString(10)), detail, rs.getString(12),
                rs.getString(13));
    }

    /**
     * A query of one tenant's events.
     *
     * @param from  inclusive lower bound of {@code at}, null: none
     * @param to    exclusive upper bound of {@code at}, null: none
     * @param actor a username or subject
     * @param limit at most this many events
     */
    public record AuditQuery(String tenantId, Instant from, Instant to, String enterpriseCode, String action,
                             String actor, int limit) {
    }
}
