package io.energymon.uploader.basedata;

import io.energymon.codes.itemcode.PlatformCodeLists;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.platform.BaseDataSet;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The base data (基础数据) of each platform (PROTOCOL.md §1 b, DESIGN.md §5): downloaded through the dialect when a
 * version check reported versions other than those of the stored lists (so at the first registration, and after the
 * platform published new lists), stored in {@code platform_base_data} (one row per platform) and kept in memory.
 *
 * <p>The version check ({@code RegistrationService}) only reports the versions ({@link #versionsReported}); when
 * they differ from the stored ones the download happens in the delivery round ({@link #ensureCurrent}), with no
 * transaction open, and is tried again at later rounds (not before {@code first-backoff} has passed) while it fails,
 * so a failed download is not forgotten until the next daily check. The stored row is the truth for every replica:
 * each round starts by taking lists another replica stored ({@link #refresh}).
 */
@Component
public class BaseDataService {
    private static final Logger log = LoggerFactory.getLogger(BaseDataService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, List<BaseDataSet.CodeEntry>>> LISTS = new TypeReference<>() { };

    /**
     * Base data of a platform as stored.
     *
     * @param versions the platform's versions the lists belong to
     * @param data     the lists as downloaded
     * @param lists    the lists {@code libs/codes} validates against
     */
    public record Current(PlatformVersions versions, BaseDataSet data, PlatformCodeLists lists) {
    }

    /**
     * A platform's lists as stored.
     *
     * @param platformId   the platform
     * @param regVersion   its configuration version the lists belong to, or null
     * @param dicVersion   its base-data version, or null
     * @param downloadedAt when they were downloaded
     * @param lists        the lists by the platform's name, each entry as downloaded (code, name, other attributes)
     */
    public record Stored(String platformId, String regVersion, String dicVersion, Instant downloadedAt,
                         Map<String, List<BaseDataSet.CodeEntry>> lists) {
    }

    private final JdbcClient jdbc;
    private final AttemptLog attempts;
    private final Clock clock;
    private final Duration retryAfter;
    /** The stored base data by platform, as last read or downloaded by this instance. */
    private final Map<String, Current> current = new ConcurrentHashMap<>();
    /** Platforms whose version check reported versions other than those stored: to download. */
    private final Map<String, PlatformVersions> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    public BaseDataService(JdbcClient jdbc, AttemptLog attempts, UploaderProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.clock = clock;
        this.retryAfter = props.firstBackoff();
    }

    /**
     * Takes the base data another instance stored meanwhile: one query for the versions of every platform, and the
     * lists of those whose versions changed. Called at the start of each delivery round.
     */
    public void refresh() {
        jdbc.sql("select platform_id, reg_version, dic_version from platform_base_data")
                .query((rs, i) -> Map.entry(rs.getString(1), new PlatformVersions(rs.getString(2), rs.getString(3))))
                .list()
                .forEach(stored -> {
                    Current have = current.get(stored.getKey());
                    if (have == null || !have.versions().equals(stored.getValue())) {
                        load(stored.getKey()).ifPresent(c -> current.put(stored.getKey(), c));
                    }
                });
    }

    /** A version check of the platform answered these versions: the base data is downloaded when they differ. */
    public void versionsReported(String platformId, PlatformVersions versions) {
        Optional<Current> have = current(platformId);
        if (have.isPresent() && have.get().versions().equals(versions)) {
            pending.remove(platformId);
        } else {
            pending.put(platformId, versions);
        }
    }

    /**
     * The platform's base data, downloaded first (through this enterprise's registration) when a version check
     * reported other versions than those stored. Empty while nothing was ever downloaded for the platform.
     */
    public Optional<Current> ensureCurrent(PlatformConfig platform, Enterprise e, PlatformDialect dialect,
                                           Registration reg) {
        String id = platform.id();
        Optional<Current> have = current(id);
        PlatformVersions wanted = pending.get(id);
        if (wanted == null) {
            return have;
        }
        if (have.isPresent() && have.get().versions().equals(wanted)) {
            pending.remove(id, wanted);
            return have;
        }
        Instant now = clock.instant();
        Instant wait = notBefore.get(id);
        if (wait != null && now.isBefore(wait)) {
            return have;
        }
        Current fresh = download(platform, e, dialect, reg, wanted);
        if (fresh == null) {
            notBefore.put(id, now.plus(retryAfter));
            return have;
        }
        notBefore.remove(id);
        pending.remove(id, wanted);
        current.put(id, fresh);
        return Optional.of(fresh);
    }

    /** The stored base data of a platform, as this instance holds it. */
    public Optional<Current> current(String platformId) {
        return Optional.ofNullable(current.computeIfAbsent(platformId, k -> load(k).orElse(null)));
    }

    private Current download(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration reg,
                             PlatformVersions wanted) {
        long t0 = System.nanoTime();
        BaseDataSet set;
        try {
            set = dialect.downloadBaseData(reg);
        } catch (RuntimeException ex) {
            attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "downloadBaseData",
                    0, false, null, null, ex.getMessage(), millisSince(t0), null));
            log.warn("base data download from {} failed (versions {} wanted): {}", platform.id(), wanted,
                    ex.getMessage());
            return null;
        }
        // the answer's own versions win: the platform may have moved on since the check
        PlatformVersions versions = new PlatformVersions(
                set.regVersion() != null ? set.regVersion() : wanted.regVersion(),
                set.dicVersion() != null ? set.dicVersion() : wanted.dicVersion());
        BaseDataSet stored = new BaseDataSet(versions.regVersion(), versions.dicVersion(), set.codeLists());
        int entries = set.codeLists().values().stream().mapToInt(List::size).sum();
        attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "downloadBaseData",
                entries, true, 200, "0", "regVersion " + versions.regVersion() + ", dicVersion "
                + versions.dicVersion() + ", " + set.codeLists().size() + " list(s)", millisSince(t0), null));
        store(platform.id(), stored, e.key());
        log.info("downloaded base data of {}: regVersion {}, dicVersion {}, {} list(s), {} entries", platform.id(),
                versions.regVersion(), versions.dicVersion(), set.codeLists().size(), entries);
        return new Current(versions, stored, CodeLists.of(stored));
    }

    /**
     * Stores a platform's lists (one row per platform, replacing the previous ones), downloaded now through the
     * registration of the enterprise {@code downloadedBy} ({@code tenantId/USCC}).
     */
    void store(String platformId, BaseDataSet set, String downloadedBy) {
        jdbc.sql("""
                        insert into platform_base_data (platform_id, reg_version, dic_version, code_lists, downloaded_at,
                                                        downloaded_by)
                        values (?, ?, ?, ?::jsonb, ?, ?)
                        on conflict (platform_id) do update
                           set reg_version = excluded.reg_version, dic_version = excluded.dic_version,
                               code_lists = excluded.code_lists, downloaded_at = excluded.downloaded_at,
                               downloaded_by = excluded.downloaded_by
                        """)
                .params(platformId, set.regVersion(), set.dicVersion(), JSON.writeValueAsString(set.codeLists()),
                        Timestamp.from(clock.instant()), downloadedBy)
                .update();
    }

    /**
     * The stored lists of those of the given platforms that have any, as stored (not this instance's memory): one
     * statement, in no particular order.
     */
    public List<Stored> stored(Collection<String> platformIds) {
        if (platformIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select platform_id, reg_version, dic_version, downloaded_at, code_lists
                          from platform_base_data where platform_id in (:platformIds)
                        """)
                .param("platformIds", platformIds)
                .query((rs, i) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), JSON.readValue(rs.getString(5), LISTS)))
                .list();
    }

    private Optional<Current> load(String platformId) {
        return jdbc.sql("select reg_version, dic_version, code_lists from platform_base_data where platform_id = ?")
                .param(platformId)
                .query((rs, i) -> {
                    PlatformVersions v = new PlatformVersions(rs.getString(1), rs.getString(2));
                    BaseDataSet set = new BaseDataSet(v.regVersion(), v.dicVersion(),
                            JSON.readValue(rs.getString(3), LISTS));
                    return new Current(v, set, CodeLists.of(set));
                })
                .optional();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
