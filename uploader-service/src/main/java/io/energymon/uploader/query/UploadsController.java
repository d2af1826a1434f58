package io.energymon.uploader.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Upload status and history for the portal, scoped by tenant and enterprise from the path. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class UploadsController {
    private final JdbcClient jdbc;

    public UploadsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record UploadItemRow(String platformId, String dataCode, int statType, LocalDateTime statDate,
                                BigDecimal value, long version, String status, boolean reupload, int attempts,
                                String lastError, Instant sentAt) {
    }

    public record AttemptRow(String platformId, String operation, Instant attemptedAt, int itemCount, boolean accepted,
                             Integer httpStatus, String responseCode, String responseMessage, Long latencyMs) {
    }

    @GetMapping("/uploads")
    public List<UploadItemRow> uploads(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                       @RequestParam(defaultValue = "50") int limit) {
        checkLimit(limit);
        return jdbc.sql("""
                        select platform_id, data_code, stat_type, stat_date, value, version, status, reupload, attempts,
                               last_error, sent_at
                          from upload_item where tenant_id = ? and enterprise_code = ?
                         order by stat_date desc, data_code limit ?
                        """)
                .params(tenantId, enterpriseCode, limit)
                .query((rs, i) -> new UploadItemRow(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toLocalDateTime(), rs.getBigDecimal(5), rs.getLong(6), rs.getString(7),
                        rs.getBoolean(8), rs.getInt(9), rs.getString(10), instant(rs.getObject(11, OffsetDateTime.class))))
                .list();
    }

    @GetMapping("/upload-attempts")
    public List<AttemptRow> attempts(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                     @RequestParam(defaultValue = "50") int limit) {
        checkLimit(limit);
        return jdbc.sql("""
                        select platform_id, operation, attempted_at, item_count, accepted, http_status, response_code,
                               response_message, latency_ms
                          from upload_attempt where tenant_id = ? and enterprise_code = ?
                         order by attempted_at desc, id desc limit ?
                        """)
                .params(tenantId, enterpriseCode, limit)
                .query((rs, i) -> new AttemptRow(rs.getString(1), rs.getString(2),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getInt(4), rs.getBoolean(5),
                        (Integer) rs.getObject(6), rs.getString(7), rs.getString(8), (Long) rs.getObject(9)))
                .list();
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit 必须在 1..1000 之间 / limit must be within 1..1000");
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
