package io.energymon.domain.config;

/**
 * A platform the enterprise uploads to (一端多传). The platform itself (URLs, truststore, dialect) is deployment
 * configuration of uploader-service, named by {@code platformId}; the enterprise's client certificate is a secret
 * of the uploader too (never carried on Kafka).
 *
 * @param enabled false pauses uploads to this platform without losing the queue
 */
public record TargetConfig(String platformId, boolean enabled) {
}
