package io.energymon.uploader.enterpriseinfo;

import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.queue.UploadQueue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each platform's copy of an enterprise's information (§10.3 d, 基础信息上传) in step with master data: after
 * registration, and whenever master data changes what it says ({@link Enterprise#info()}; its SHA-256 is kept per
 * platform in {@code enterprise_info_upload}), it is uploaded once; a failure or refusal is recorded in the attempt
 * history and retried with the delivery back-off. No transaction is open while it is sent. Two replicas may both
 * send the same information once: harmless, the platform keeps the last.
 */
@Component
public class EnterpriseInfoSync {
    private static final Logger log = LoggerFactory.getLogger(EnterpriseInfoSync.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AttemptLog attempts;
    private final UploaderProperties props;
    private final Clock clock;

    public EnterpriseInfoSync(JdbcClient jdbc, AttemptLog attempts, UploaderProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.props = props;
        this.clock = clock;
    }

    private record Stored(String sha256, int failures, Instant nextAttemptAt) {
    }

    /** Uploads the enterprise's information to the platform if the platform's copy is not the current one. */
    public void ensureCurrent(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration reg) {
        if (reg == null || e.info().isEmpty()) {
            return;
        }
        String json = JSON.writeValueAsString(e.info());
        String sha256 = sha256(json);
        List<Stored> rows = jdbc.sql("""
                        select info_sha256, failures, next_attempt_at from enterprise_info_upload
                         where platform_id = ? and tenant_id = ? and enterprise_code = ?
                        """)
                .params(platform.id(), e.tenantId(), e.enterpriseCode())
                .query((rs, i) -> new Stored(rs.getString(1), rs.getInt(2),
                        rs.getObject(3, OffsetDateTime.class) == null ? null
                                : rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list();
        Stored stored = rows.isEmpty() ? null : rows.getFirst();
        Instant now = clock.instant();
        if (stored != null && sha256.equals(stored.sha256())) {
            return;
        }
        if (stored != null && stored.nextAttemptAt() != null && now.isBefore(stored.nextAttemptAt())) {
            return;
        }
        long t0 = System.nanoTime();
        UploadOutcome outcome = null;
        String failure = null;
        try {
            outcome = dialect.uploadEnterpriseInfo(reg, e.info());
            if (!outcome.accepted()) {
                failure = "平台拒收 / refused: " + outcome.responseCode() + " " + outcome.responseMessage();
            }
        } catch (RuntimeException ex) {
            failure = ex.getMessage();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "uploadEnterpriseInfo",
                ((List<?>) e.info().getOrDefault("collectItemConfig", List.of())).size(), failure == null,
                outcome == null ? null : outcome.httpStatus(), outcome == null ? null : outcome.responseCode(),
                outcome == null ? failure : outcome.responseMessage(), millis,
                outcome == null ? null : outcome.requestBody()));
        if (failure == null) {
            jdbc.sql("""
                            insert into enterprise_info_upload (platform_id, tenant_id, enterprise_code, info_sha256,
                                                                uploaded_at, failures, next_attempt_at, last_error)
                            values (?, ?, ?, ?, ?, 0, null, null)
                            on conflict (platform_id, tenant_id, enterprise_code) do update
                               set info_sha256 = excluded.info_sha256, uploaded_at = excluded.uploaded_at,
                                   failures = 0, next_attempt_at = null, last_error = null
                            """)
                    .params(platform.id(), e.tenantId(), e.enterpriseCode(), sha256, Timestamp.from(now)).update();
            log.info("tenant={} enterprise={} enterprise information uploaded to {} (revision {})", e.tenantId(),
                    e.enterpriseCode(), platform.id(), e.revision());
        } else {
            int failures = (stored == null ? 0 : stored.failures()) + 1;
            Instant next = now.plus(UploadQueue.backoff(failures, props.firstBackoff(), props.maxBackoff()));
            jdbc.sql("""
                            insert into enterprise_info_upload (platform_id, tenant_id, enterprise_code, failures,
                                                                next_attempt_at, last_error)
                            values (?, ?, ?, ?, ?, ?)
                            on conflict (platform_id, tenant_id, enterprise_code) do update
                               set failures = excluded.failures, next_attempt_at = excluded.next_attempt_at,
                                   last_error = excluded.last_error
                            """)
                    .params(platform.id(), e.tenantId(), e.enterpriseCode(), failures, Timestamp.from(next), failure)
                    .update();
            log.warn("tenant={} enterprise={} enterprise information not uploaded to {} ({} failure(s), next at {}): {}",
                    e.tenantId(), e.enterpriseCode(), platform.id(), failures, next, failure);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
