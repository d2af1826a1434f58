package io.energymon.uploader.registration;

import io.energymon.codes.division.DivisionTable;
import io.energymon.uploader.basedata.BaseDataService;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.config.ReplicaId;
import io.energymon.uploader.config.UploaderProperties;
import java.net.URI;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers each enterprise with each platform once (端设备注册) and keeps the result; checks the platform's versions
 * after registration, once after each start of this instance and at least daily (DB36 §10.4 c), and reports them to
 * the {@link BaseDataService}, which downloads the base data again when they changed. The region sent at
 * registration is the one of the enterprise's profile in master data ({@code config.v1}).
 *
 * <p>Replicas sharing the database register an enterprise once between them: the one that inserts (or takes over an
 * expired) row of {@code registration_lease} registers, in a short committed statement before the HTTP call, so no
 * database lock is held while the platform answers; the others wait for the stored registration (up to the lease,
 * at most {@value #MAX_WAIT_SECONDS} s, then they skip the enterprise for this round). A platform that forgot the
 * registration ({@link RegistrationLost}) gets one new registration the same way: a replica that finds a stored
 * deviceId other than the lost one uses it instead of registering again.
 */
@Service
public class RegistrationService {
    private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration VERSION_CHECK_PERIOD = Duration.ofDays(1);
    static final int MAX_WAIT_SECONDS = 60;
    private static final long POLL_MILLIS = 100;

    private final JdbcClient jdbc;
    private final AttemptLog attempts;
    private final Duration lease;
    private final Clock clock;
    private final ReplicaId replica;
    private final BaseDataService baseData;
    /** (platform, enterprise) whose versions this instance checked since it started. */
    private final Set<String> checkedSinceStart = ConcurrentHashMap.newKeySet();

    public RegistrationService(JdbcClient jdbc, AttemptLog attempts, UploaderProperties props, Clock clock,
                               ReplicaId replica, BaseDataService baseData) {
        this.jdbc = jdbc;
        this.baseData = baseData;
        this.attempts = attempts;
        this.lease = props.lease();
        this.clock = clock;
        this.replica = replica;
    }

    /** The stored registration, if the enterprise is registered with the platform. */
    public Optional<Registration> stored(String platformId, Enterprise e) {
        return load(platformId, e).map(Stored::registration);
    }

    /** Returns the stored registration, registering first when there is none. */
    public Registration ensureRegistered(PlatformConfig platform, Enterprise e, PlatformDialect dialect) {
        Optional<Stored> stored = load(platform.id(), e);
        Registration reg = stored.isPresent() ? stored.get().registration() : registerOnce(platform, e, dialect, null);
        Instant checked = stored.map(Stored::versionCheckedAt).orElse(null);
        if (checked == null || checked.isBefore(clock.instant().minus(VERSION_CHECK_PERIOD))
                || !checkedSinceStart.contains(checkKey(platform, e))) {
            checkVersions(platform, e, dialect, reg);
        }
        return reg;
    }

    /**
     * The platform no longer knows {@code lost}: registers again (once across replicas) and returns the new
     * registration, or the one another replica stored meanwhile.
     */
    public Registration reRegister(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration lost) {
        log.warn("platform {} no longer knows deviceId {} of {}: registering again", platform.id(), lost.deviceId(),
                e.enterpriseCode());
        Registration reg = registerOnce(platform, e, dialect, lost.deviceId());
        checkVersions(platform, e, dialect, reg);
        return reg;
    }

    /**
     * Registers unless a usable registration is stored (any, or one other than {@code lostDeviceId}); serialised
     * across replicas by the lease row.
     */
    private Registration registerOnce(PlatformConfig platform, Enterprise e, PlatformDialect dialect,
                                      String lostDeviceId) {
        long waitUntil = System.nanoTime() + Math.min(lease.toNanos(), Duration.ofSeconds(MAX_WAIT_SECONDS).toNanos());
        while (true) {
            Optional<Registration> usable = usable(platform.id(), e, lostDeviceId);
            if (usable.isPresent()) {
                return usable.get();
            }
            UUID token = tryLease(platform.id(), e);
            if (token != null) {
                try {
                    usable = usable(platform.id(), e, lostDeviceId); // stored between our look and our lease
                    return usable.isPresent() ? usable.get() : register(platform, e, dialect);
                } finally {
                    releaseLease(platform.id(), e, token);
                }
            }
            if (System.nanoTime() > waitUntil) {
                throw new IllegalStateException("另一实例正在注册用能单位 " + e.enterpriseCode() + "，本轮跳过 / another "
                        + "replica is registering enterprise " + e.enterpriseCode() + " with " + platform.id()
                        + "; skipped this round");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for a registration", ex);
            }
        }
    }

    private Optional<Registration> usable(String platformId, Enterprise e, String lostDeviceId) {
        return load(platformId, e).map(Stored::registration)
                .filter(r -> lostDeviceId == null || !lostDeviceId.equals(r.deviceId()));
    }

    /** The HTTP registration, with no transaction open; stored and recorded after the answer. */
    private Registration register(PlatformConfig platform, Enterprise e, PlatformDialect dialect) {
        long t0 = System.nanoTime();
        Registration reg;
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
        return reg;
    }

    /** Takes the registration lease when nobody holds it or its holder's ran out; a single committed statement. */
    private UUID tryLease(String platformId, Enterprise e) {
        UUID token = UUID.randomUUID();
        Instant now = clock.instant();
        return jdbc.sql("""
                        insert into registration_lease (platform_id, tenant_id, enterprise_code, token, holder, lease_until)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (platform_id, tenant_id, enterprise_code) do update
                           set token = excluded.token, holder = excluded.holder, lease_until = excluded.lease_until
                         where registration_lease.lease_until <= ?
                        returning token
                        """)
                .params(platformId, e.tenantId(), e.enterpriseCode(), token, replica.value(),
                        Timestamp.from(now.plus(lease)), Timestamp.from(now))
                .query(UUID.class).optional().orElse(null);
    }

    private void releaseLease(String platformId, Enterprise e, UUID token) {
        jdbc.sql("delete from registration_lease where platform_id = ? and tenant_id = ? and enterprise_code = ? "
                        + "and token = ?")
                .params(platformId, e.tenantId(), e.enterpriseCode(), token).update();
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
        jdbc.sql("update platform_registration set reg_version = ?, dic_version = ?, version_checked_at = ? "
                        + "where platform_id = ? and tenant_id = ? and enterprise_code = ?")
                .params(v.regVersion(), v.dicVersion(), Timestamp.from(clock.instant()), platform.id(), e.tenantId(),
                        e.enterpriseCode())
                .update();
        checkedSinceStart.add(checkKey(platform, e));
        baseData.versionsReported(platform.id(), v);
    }

    private static String checkKey(PlatformConfig platform, Enterprise e) {
        return platform.id() + "|" + e.key();
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
