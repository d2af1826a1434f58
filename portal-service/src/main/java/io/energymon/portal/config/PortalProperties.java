package io.energymon.portal.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.portal.*}.
 *
 * @param aggregatorUrl     base URL of aggregator-service's read API
 * @param uploaderUrl       base URL of uploader-service's read API
 * @param configTopic       where enterprise configuration snapshots are published (compacted)
 * @param meterEventsTopic  where meter replacements, resets and recalibrations are published
 * @param auditTopic        where the services publish audit events; the portal consumes and stores them
 * @param relayInterval     how often unpublished configuration revisions and outbox rows are looked for
 * @param instanceId        this instance's name in the relay lease (default: a random id)
 */
@ConfigurationProperties("energymon.portal")
public record PortalProperties(@DefaultValue("http://localhost:8082") URI aggregatorUrl,
                               @DefaultValue("http://localhost:8083") URI uploaderUrl,
                               @DefaultValue("config.v1") String configTopic,
                               @DefaultValue("meter-events.v1") String meterEventsTopic,
                               @DefaultValue("audit.v1") String auditTopic,
                               @DefaultValue("PT0.5S") Duration relayInterval,
                               String instanceId) {
    public PortalProperties {
        instanceId = instanceId == null || instanceId.isBlank() ? "portal-" + java.util.UUID.randomUUID() : instanceId;
    }
}
