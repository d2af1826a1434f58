package io.energymon.uploader.config;

import io.energymon.codes.division.DivisionTable;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.uploader.*}. Until master data arrives over {@code config.v1}, platforms and
 * enterprises are configured here.
 *
 * @param deliveryInterval how often due real-time items are sent (DB36 §9.8.1: every 15 minutes)
 * @param batchSize        data elements per upload request
 * @param maxBackoff       upper bound of the retry back-off (DB36 §6.4 f: at most 2 hours)
 * @param firstBackoff     back-off after the first failure; doubles with each further failure
 * @param platforms        upload targets
 * @param enterprises      enterprises, each with its client certificate and the platforms it reports to
 */
@ConfigurationProperties("energymon.uploader")
public record UploaderProperties(@DefaultValue("PT15M") Duration deliveryInterval,
                                 @DefaultValue("200") int batchSize,
                                 @DefaultValue("PT2H") Duration maxBackoff,
                                 @DefaultValue("PT30S") Duration firstBackoff,
                                 @DefaultValue List<PlatformConfig> platforms,
                                 @DefaultValue List<EnterpriseConfig> enterprises) {

    public UploaderProperties {
        if (maxBackoff.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("energymon.uploader.max-backoff must not exceed PT2H (DB36/T 2149.2 §6.4 f)");
        }
    }

    /**
     * @param id                 platform id used in the queue (e.g. "jiangxi")
     * @param dialect            "national" (default); "token" arrives with the uploader issue
     * @param registerUrl        the register operation's URL; every other URL comes from the platform
     * @param truststore         PKCS#12 truststore with the platform's CA (strict server verification)
     * @param truststorePassword its password
     * @param tlsProtocols       TLS protocols offered (some platforms still run TLS 1.0/1.1)
     * @param encryptFields      SM4 field encryption of data elements
     * @param validAsZero        send {@code valid} as "0" = valid instead of boolean true
     * @param timeout            request timeout
     */
    public record PlatformConfig(String id, @DefaultValue("national") String dialect, URI registerUrl, Path truststore,
                                 String truststorePassword, @DefaultValue({"TLSv1.3", "TLSv1.2"}) List<String> tlsProtocols,
                                 @DefaultValue("true") boolean encryptFields, @DefaultValue("false") boolean validAsZero,
                                 @DefaultValue("PT30S") Duration timeout) {
        @Override
        public String toString() {
            return "PlatformConfig[id=" + id + ", dialect=" + dialect + ", registerUrl=" + registerUrl + "]";
        }
    }

    /**
     * @param keystore         PKCS#12 with the enterprise's client certificate (CA certificate of DB36 §9.10)
     * @param keystorePassword its password
     * @param region           GB/T 2260 code sent at registration
     * @param platforms        ids of the platforms this enterprise uploads to (一端多传)
     */
    public record EnterpriseConfig(String tenantId, String enterpriseCode, String region, Path keystore,
                                   String keystorePassword, List<String> platforms) {
        public EnterpriseConfig {
            new EnterpriseRef(tenantId, enterpriseCode); // a valid tenant and USCC, or a clear start-up error
            DivisionTable.standard().validate("region", region).throwIfInvalid();
            if (platforms == null || platforms.isEmpty()) {
                throw new IllegalArgumentException("用能单位 " + enterpriseCode + " 未配置上传平台 / enterprise "
                        + enterpriseCode + " has no platforms to upload to");
            }
        }

        @Override
        public String toString() {
            return "EnterpriseConfig[" + tenantId + "/" + enterpriseCode + ", platforms=" + platforms + "]";
        }
    }
}
