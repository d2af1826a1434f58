package io.energymon.uploader.registration;

import io.energymon.codes.division.DivisionTable;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import java.net.URI;
import java.sql.Time;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers each enterprise with each platform once (端设备注册) and keeps the result; checks the platform's versions
 * after registration and at least daily (DB36 §10.4 c). The region sent at registration is the one of the
 * enterprise's profile in master data ({@code config.v1}).
 */
@Service
public class RegistrationService {
    private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration VERSION_CHECK_PERIOD = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final AttemptLog attempts;

    public RegistrationService(JdbcClient jdbc, AttemptLog attempts) {
        this.jdbc = jdbc;
        this.attempts = attempts;
    }

    /** Returns the stored registration, registering first when there is none. */
    public Registration ensureRegistered(PlatformConfig platform, Enterprise e, PlatformDialect dialect) {
        Optional<Stored> stored = load(platform.id(), e);
        Registration reg;
        if (stored.isPresent()) {
            reg = stored.get().registration();
        } else {
            long t0 = System.nanoTime();
            try {
                checkRegion(e);
                reg = dialect.register(new EnterpriseIdentity(e.tenantId(), e.enterpriseCode(), e.region()),
                        platform.registerUrl());
            } catch (RuntimeException ex) {
                attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "register", 0,
                        false, null, null, ex.getMessage(), millisSince(t0), null));
                throw ex;
            }
            attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "register", 0, true,
                    200, "0", "deviceId " + reg.deviceId(), millisSince(t0), null));
            save(platform.id(), e, reg);
            log.info("registered {}/{} with platform {}: deviceId {}", e.tenantId(), e.enterpriseCode(), platform.id(),
                    reg.deviceId());
        }
        if (stored.isEmpty() || stored.get().versionCheckedAt() == null
                || stored.get().versionCheckedAt().isBefore(Instant.now().minus(VERSION_CHECK_PERIOD))) {
            checkVersions(platform, e, dialect, reg);
        }
        return reg;
    }

    /** Whether the enterprise is registered with the platform. */
    public boolean isRegistered(String platformId, String tenantId, String enterpriseCode) {
        return jdbc.sql("select count(*) from platform_registration "
                        + "where platform_id = ? and tenant_id = ? and enterprise_code = ?")
                .params(platformId, tenantId, enterpriseCode).query(Long.class).single() > 0;
    }

    private static void checkRegion(Enterprise e) {
        if (e.region() == null || e.region().isBlank()) {
            throw new IllegalArgumentException("用能单位 " + e.enterpriseCode() + " 的主数据缺少行政区划代码，无法注册 / "
                    + "enterprise " + e.enterpriseCode() + " has no region in its master data and cannot register");
        }
        DivisionTable.standard().validate("region", e.region()).throwIfInvalid();
    }

    private void checkVersions(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration reg) {
        long t0 = System.nanoTime();
        PlatformVersions v;
        try {
            v = dialect.checkVersion(reg);
        } catch (RuntimeException ex) {
            attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "checkVersion", 0,
                    false, null, null, ex.getMessage(), millisSince(t0), null));
            log.warn("version check of {} with {} failed: {}", e.enterpriseCode(), platform.id(), ex.getMessage());
            return;
        }
        attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "checkVersion", 0, true,
                200, "0", "regVersion " + v.regVersion() + ", dicVersion " + v.dicVersion(), millisSince(t0), null));
        jdbc.sql("update platform_registration set reg_version = ?, dic_version = ?, version_checked_at = now() "
                        + "where platform_id = ? and tenant_id = ? and enterprise_code = ?")
                .params(v.regVersion(), v.dicVersion(), platform.id(), e.tenantId(), e.enterpriseCode())
                .update();
    }

    private record Stored(Registration registration, Instant versionCheckedAt) {
    }

    private Optional<Stored> load(String platformId, Enterprise e) {
        return jdbc.sql("select device_id, secret_key, service_urls, upload_time, version_checked_at "
                        + "from platform_registration where platform_id = ? and tenant_id = ? and enterprise_code = ?")
                .params(platformId, e.tenantId(), e.enterpriseCode())
                .query((rs, i) -> {
                    Map<String, String> raw = JSON.readValue(rs.getString(3), new TypeReference<Map<String, String>>() { });
                    Map<String, URI> urls = new LinkedHashMap<>();
                    raw.forEach((k, v) -> urls.put(k, URI.create(v)));
                    Time t = rs.getTime(4);
                    OffsetDateTime checked = rs.getObject(5, OffsetDateTime.class);
                    return new Stored(new Registration(e.enterpriseCode(), rs.getString(1), rs.getString(2), urls,
                            t == null ? null : t.toLocalTime()), checked == null ? null : checked.toInstant());
                })
                .optional();
    }

    private void save(String platformId, Enterprise e, Registration reg) {
        Map<String, String> urls = new LinkedHashMap<>();
        reg.serviceUrls().forEach((k, v) -> urls.put(k, v.toString()));
        LocalTime uploadTime = reg.uploadTime();
        jdbc.sql("""
                        insert into platform_registration (platform_id, tenant_id, enterprise_code, device_id, secret_key,
                                                           service_urls, upload_time)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (platform_id, tenant_id, enterprise_code) do update
                           set device_id = excluded.device_id, secret_key = excluded.secret_key,
                               service_urls = excluded.service_urls, upload_time = excluded.upload_time,
                               registered_at = now(), version_checked_at = null
                        """)
                .params(platformId, e.tenantId(), e.enterpriseCode(), reg.deviceId(), reg.secretKey(),
                        JSON.writeValueAsString(urls), uploadTime == null ? null : Time.valueOf(uploadTime))
                .update();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
