package io.energymon.portal.config;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.portal.*}.
 *
 * @param aggregatorUrl base URL of aggregator-service's read API
 * @param uploaderUrl   base URL of uploader-service's read API
 * @param enterprises   enterprises shown (master data arrives with the portal issue)
 */
@ConfigurationProperties("energymon.portal")
public record PortalProperties(@DefaultValue("http://localhost:8082") URI aggregatorUrl,
                               @DefaultValue("http://localhost:8083") URI uploaderUrl,
                               @DefaultValue List<EnterpriseConfig> enterprises) {

    public record EnterpriseConfig(String tenantId, String enterpriseCode, String name) {
    }
}
