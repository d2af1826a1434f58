package io.energymon.uploader.query;

import io.energymon.uploader.credentials.CredentialsException;
import io.energymon.uploader.platform.DataQuery;
import io.energymon.uploader.platform.PlatformRejectedException;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.reconcile.Reconciliation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Upload status and history for the portal, scoped by tenant and enterprise from the path, and the reconciliation of
 * what a platform holds against that history.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class UploadsController {
    private final JdbcClient jdbc;
    private final Reconciliation reconciliation;

    public UploadsController(JdbcClient jdbc, Reconciliation reconciliation) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
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

    /**
     * Downloads what the platform holds for the enterprise (statDates {@code from} inclusive to {@code to}
     * exclusive, in the platform's zone, at most {@link Reconciliation#MAX_RANGE}; optionally one item, one statType)
     * and reports the differences from the local upload history. Read-only on both sides.
     */
    @GetMapping("/platforms/{platformId}/reconciliation")
    public Reconciliation.Report reconcile(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                           @PathVariable String platformId,
                                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                                           LocalDateTime from,
                                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                                           LocalDateTime to,
                                           @RequestParam(required = false) String dataCode,
                                           @RequestParam(required = false) Integer statType) {
        DataQuery query;
        try {
            query = new DataQuery(dataCode, statType, from, to);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "查询参数错误 / bad query: " + e.getMessage());
        }
        try {
            return reconciliation.reconcile(tenantId, enterpriseCode, platformId, query);
        } catch (Reconciliation.RequestException e) {
            throw new ResponseStatusException(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT,
                    e.getMessage());
        } catch (CredentialsException | UnsupportedOperationException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (PlatformRejectedException | PlatformTransportException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                    "平台未能提供数据 / the platform did not provide its data: " + e.getMessage());
        }
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
