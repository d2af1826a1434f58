package io.energymon.uploader.reconcile;

import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.delivery.PlatformClients;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.platform.DataQuery;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.registration.RegistrationService;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reconciles what a platform holds for an enterprise with the local upload history (DB36 §10.3 g, 采集数据下载):
 * downloads the platform's values of an item and period range through the dialect, with no transaction open, then
 * compares them with {@code upload_item} key by key (item, statType, statDate). Nothing is changed: the report says
 * what differs, and the portal's re-upload action (补传) puts a value back in the queue.
 */
@Service
public class Reconciliation {
    /** The longest statDate range one reconciliation downloads. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);

    private final EnterpriseDirectory directory;
    private final PlatformClients clients;
    private final RegistrationService registrations;
    private final AttemptLog attempts;
    private final JdbcClient jdbc;
    private final Map<String, PlatformConfig> platforms = new LinkedHashMap<>();

    public Reconciliation(EnterpriseDirectory directory, PlatformClients clients,
                          RegistrationService registrations, AttemptLog attempts,
                          JdbcClient jdbc, UploaderProperties props) {
        this.directory = directory;
        this.clients = clients;
        this.registrations = registrations;
        this.attempts = attempts;
        this.jdbc = jdbc;
        props.platforms().forEach(p -> platforms.put(p.id(), p));
    }

    /** Why a key differs. */
    public enum Kind {
        /** Both hold the key with different values (a pending 补传 shows as local status PENDING). */
        VALUE_DIFFERS,
        /** Local history has the key, the platform does not (never sent yet, or lost by the platform). */
        NOT_ON_PLATFORM,
        /** The platform holds a value local history does not know. */
        ONLY_ON_PLATFORM
    }

    /**
     * One key that differs.
     *
     * @param localStatus  the queue row's status (PENDING, SENT, NOT_REPORTED, FAILED), null when there is none
     * @param localVersion the newest local version, null when there is none
     * @param sentVersion  the version the platform accepted last, null when none was
     */
    public record Difference(String dataCode, int statType, LocalDateTime statDate, Kind kind, BigDecimal platformValue,
                             BigDecimal localValue, String localStatus, Long localVersion, Long sentVersion) {
    }

    /**
     * @param platformValues values the platform returned for the range
     * @param localValues    local queue rows of the range
     * @param matching       keys both hold with equal values
     * @param differences    every other key, by statDate, dataCode and statType
     */
    public record Report(String platformId, String tenantId, String enterpriseCode, DataQuery query,
                         int platformValues, int localValues, int matching, List<Difference> differences) {
    }

    /** Thrown for a request that cannot be answered as asked; the message is bilingual. */
    public static final class RequestException extends RuntimeException {
        private final boolean notFound;

        RequestException(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private record Key(String dataCode, int statType, LocalDateTime statDate) {
    }

    private record Local(BigDecimal value, String status, long version, Long sentVersion) {
    }

    public Report reconcile(String tenantId, String enterpriseCode, String platformId, DataQuery query) {
        if (Duration.between(query.from(), query.to()).compareTo(MAX_RANGE) > 0) {
            throw new RequestException("时间范围不能超过 " + MAX_RANGE.toDays() + " 天 / the range must not exceed "
                    + MAX_RANGE.toDays() + " days", false);
        }
        PlatformConfig platform = platforms.get(platformId);
        if (platform == null) {
            throw new RequestException("平台 " + platformId + " 未配置 / platform " + platformId + " is not configured",
                    true);
        }
        Enterprise e = directory.find(tenantId, enterpriseCode).orElseThrow(() -> new RequestException(
                "用能单位 " + enterpriseCode + " 不在配置中 / enterprise " + tenantId + "/" + enterpriseCode
                        + " is not configured", true));
        Registration reg = registrations.stored(platformId, e).orElseThrow(() -> new RequestException(
                "用能单位 " + enterpriseCode + " 尚未在平台 " + platformId + " 注册 / enterprise " + enterpriseCode
                        + " is not registered with platform " + platformId + " yet", false));
        PlatformDialect dialect = clients.dialect(platform, e);
        long t0 = System.nanoTime();
        List<DataRecord> held;
        try {
            held = dialect.downloadData(reg, query);
        } catch (RuntimeException ex) {
            attempts.record(new AttemptLog.Attempt(platformId, tenantId, enterpriseCode, "downloadData", 0, false,
                    null, null, ex.getMessage(), (System.nanoTime() - t0) / 1_000_000, null));
            throw ex;
        }
        attempts.record(new AttemptLog.Attempt(platformId, tenantId, enterpriseCode, "downloadData", held.size(), true,
                200, "0", held.size() + " value(s) from " + query.from() + " to " + query.to(),
                (System.nanoTime() - t0) / 1_000_000, null));
        return compare(platformId, tenantId, enterpriseCode, query, held, local(platformId, tenantId, enterpriseCode,
                query));
    }

    private Map<Key, Local> local(String platformId, String tenantId, String enterpriseCode, DataQuery q) {
        Map<Key, Local> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select data_code, stat_type, stat_date, value, status, version, sent_version
                          from upload_item
                         where platform_id = ? and tenant_id = ? and enterprise_code = ?
                           and stat_date >= ? and stat_date < ?
                           and (?::text is null or data_code = ?) and (?::int is null or stat_type = ?)
                        """)
                .params(platformId, tenantId, enterpriseCode, Timestamp.valueOf(q.from()), Timestamp.valueOf(q.to()),
                        q.dataCode(), q.dataCode(), q.statType(), q.statType())
                .query(rs -> {
                    out.put(new Key(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toLocalDateTime()),
                            new Local(rs.getBigDecimal(4), rs.getString(5), rs.getLong(6),
                                    (Long) rs.getObject(7)));
                });
        return out;
    }

    private static Report compare(String platformId, String tenantId, String enterpriseCode, DataQuery q,
                                  List<DataRecord> held, Map<Key, Local> local) {
        Map<Key, BigDecimal> platform = new LinkedHashMap<>();
        for (DataRecord r : held) {
            // the platform may send dashed codes; local codes are bare digits
            platform.put(new Key(r.dataCode().replace("-", ""), r.statType(), r.statDate()), r.dataValue());
        }
        List<Difference> differences = new ArrayList<>();
        int matching = 0;
        for (Map.Entry<Key, BigDecimal> p : platform.entrySet()) {
            Key k = p.getKey();
            Local l = local.get(k);
            if (l == null) {
                differences.add(new Difference(k.dataCode(), k.statType(), k.statDate(), Kind.ONLY_ON_PLATFORM,
                        p.getValue(), null, null, null, null));
            } else if (l.value().compareTo(p.getValue()) == 0) {
                matching++;
            } else {
                differences.add(new Difference(k.dataCode(), k.statType(), k.statDate(), Kind.VALUE_DIFFERS,
                        p.getValue(), l.value(), l.status(), l.version(), l.sentVersion()));
            }
        }
        for (Map.Entry<Key, Local> l : local.entrySet()) {
            Key k = l.getKey();
            if (!platform.containsKey(k)) {
                Local v = l.getValue();
                differences.add(new Difference(k.dataCode(), k.statType(), k.statDate(), Kind.NOT_ON_PLATFORM, null,
                        v.value(), v.status(), v.version(), v.sentVersion()));
            }
        }
        differences.sort(Comparator.comparing(Difference::statDate).thenComparing(Difference::dataCode)
                .thenComparingInt(Difference::statType));
        return new Report(platformId, tenantId, enterpriseCode, q, platform.size(), local.size(), matching,
                List.copyOf(differences));
    }
}
