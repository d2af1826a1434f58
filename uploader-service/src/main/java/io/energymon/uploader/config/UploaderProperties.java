package io.energymon.uploader.config;

import io.energymon.domain.event.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.uploader.*}: deployment configuration only. Which enterprises upload to which
 * platforms comes from master data on {@code config.v1} ({@code EnterpriseConfig.targets}); the platforms themselves
 * (URLs, truststores, dialects) and the enterprises' client certificates are configured here, never carried on Kafka.
 *
 * @param deliveryInterval  how often due real-time items are sent (DB36 §9.8.1: every 15 minutes)
 * @param batchSize         data elements per upload request
 * @param maxBackoff        upper bound of the retry back-off (DB36 §6.4 f: at most 2 hours)
 * @param firstBackoff      back-off after the first failure; doubles with each further failure
 * @param configTopic       the compacted master-data topic the enterprises and their upload targets are read from
 * @param itemValuesTopic   the topic data item values are consumed from
 * @param credentialsDir    folder of the enterprises' client certificates: {@code <dir>/<tenantId>/<USCC>.p12}, its
 *                          password in the first line of {@code <dir>/<tenantId>/<USCC>.p12.pass} (a mounted secret)
 * @param parkSweepInterval how often values parked for want of configuration are checked again (a safety net: they
 *                          are moved as soon as the configuration arrives)
 * @param platforms         upload targets, named by {@code TargetConfig.platformId} in master data
 * @param lease             how long a replica owns queue rows it claimed, or a registration it is making; a claim
 *                          that ran out returns its rows to the queue. Should exceed the platforms' {@code timeout}:
 *                          a request that outlasts it may be sent again by another replica (harmless, the platform
 *                          keeps the newest value, and the late answer overwrites nothing)
 * @param alarmAfterFailures consecutive failed requests to a platform for one enterprise after which an alarm is
 *                          raised on {@code alarmsTopic} (once; cleared by the next accepted request)
 * @param alarmsTopic       where upload alarms are published
 * @param realtimePeriod    length of a real-time (statType 0) period: a value is sent only when its statDate is on a
 *                          boundary of it (15 minutes, DB36 §9.8.1; the dev stack's shorter slots set it); must divide
 *                          a day
 */
@ConfigurationProperties("energymon.uploader")
public record UploaderProperties(@DefaultValue("PT15M") Duration deliveryInterval,
                                 @DefaultValue("200") int batchSize,
                                 @DefaultValue("PT2H") Duration maxBackoff,
                                 @DefaultValue("PT30S") Duration firstBackoff,
                                 @DefaultValue(Topics.CONFIG) String configTopic,
                                 @DefaultValue(Topics.ITEM_VALUES) String itemValuesTopic,
                                 @DefaultValue("credentials") Path credentialsDir,
                                 @DefaultValue("PT1M") Duration parkSweepInterval,
                                 @DefaultValue List<PlatformConfig> platforms,
                                 @DefaultValue("PT5M") Duration lease,
                                 @DefaultValue("8") int alarmAfterFailures,
                                 @DefaultValue(Topics.ALARMS) String alarmsTopic,
                                 @DefaultValue("PT15M") Duration realtimePeriod) {

    public UploaderProperties {
        if (maxBackoff.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("energymon.uploader.max-backoff must not exceed PT2H (DB36/T 2149.2 §6.4 f)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("energymon.uploader.batch-size must be at least 1");
        }
        if (parkSweepInterval.isNegative() || parkSweepInterval.isZero()) {
            throw new IllegalArgumentException("energymon.uploader.park-sweep-interval must be positive");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("energymon.uploader.lease must be positive");
        }
        if (realtimePeriod.toSeconds() <= 0 || 86_400 % realtimePeriod.toSeconds() != 0
                || realtimePeriod.toNanosPart() != 0) {
            throw new IllegalArgumentException("energymon.uploader.realtime-period must divide a day in whole seconds");
        }
        if (alarmAfterFailures < 1) {
            throw new IllegalArgumentException("energymon.uploader.alarm-after-failures must be at least 1");
        }
        Set<String> ids = new HashSet<>();
        for (PlatformConfig p : platforms) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("energymon.uploader.platforms: platform id '" + p.id()
                        + "' configured twice");
            }
        }
    }

    /**
     * @param id                 platform id used in master data ({@code TargetConfig.platformId}) and in the queue
     *                           (e.g. "jiangxi")
     * @param dialect            "national" (default, PROTOCOL.md §1) or "token" (§2: PIN login, bearer token; the
     *                           enterprise's PIN in {@code <credentials-dir>/<tenantId>/<USCC>.pin})
     * @param registerUrl        the register operation's URL; every other URL comes from the platform
     * @param truststore         PKCS#12 truststore with the platform's CA (strict server verification)
     * @param truststorePassword its password
     * @param tlsProtocols       TLS protocols offered (some platforms still run TLS 1.0/1.1)
     * @param encryptFields      SM4 field encryption of data elements
     * @param validAsZero        send {@code valid} as "0" = valid instead of boolean true
     * @param timeout            longest wait for an answer (a slower platform is a transport failure, retried with
     *                           back-off)
     * @param connectTimeout     TCP connect and TLS handshake timeout
     * @param idleTimeout        kept-alive connections idle this long are closed (below the platform's own idle
     *                           limit; a request on a connection the platform closed anyway is sent again at once)
     */
    public record PlatformConfig(String id, @DefaultValue("national") String dialect, URI registerUrl, Path truststore,
                                 String truststorePassword, @DefaultValue({"TLSv1.3", "TLSv1.2"}) List<String> tlsProtocols,
                                 @DefaultValue("true") boolean encryptFields, @DefaultValue("false") boolean validAsZero,
                                 @DefaultValue("PT30S") Duration timeout,
                                 @DefaultValue("PT10S") Duration connectTimeout,
                                 @DefaultValue("PT30S") Duration idleTimeout) {
        public PlatformConfig {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("energymon.uploader.platforms[].id must not be blank");
            }
            if (!List.of("national", "token").contains(dialect.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("platform " + id + ": unsupported dialect '" + dialect
                        + "' (supported: national, token)");
            }
            if (registerUrl == null || truststore == null) {
                throw new IllegalArgumentException("platform " + id + ": register-url and truststore are required");
            }
        }

        @Override
        public String toString() {
            return "PlatformConfig[id=" + id + ", dialect=" + dialect + ", registerUrl=" + registerUrl + "]";
        }
    }
}
