package io.energymon.uploader.security;

import io.energymon.security.Access;
import io.energymon.security.AccessPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what on the uploader (first matching rule wins; anything not listed is refused). Tenant and
 * enterprise of the path are checked before, by libs/security's TenantWall.
 */
@Configuration(proxyBeanMethods = false)
public class UploaderAccessPolicy {
    private static final String ENTERPRISE = "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}";

    @Bean
    AccessPolicy accessPolicy() {
        return AccessPolicy.builder()
                // re-upload a period to the platforms: enterprise managers
                .rule("POST", ENTERPRISE + "/uploads/reupload", Access.MANAGE)
                // uploads, upload attempts, reconciliation with a platform, the platforms' code lists: viewers
                .reads(ENTERPRISE + "/**", Access.READ)
                // the API's documentation: any signed-in user
                .reads("/v3/api-docs/**", Access.AUTHENTICATED)
                .reads("/swagger-ui.html", Access.AUTHENTICATED)
                .build();
    }
}
