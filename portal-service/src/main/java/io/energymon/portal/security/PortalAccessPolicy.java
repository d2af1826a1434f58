package io.energymon.portal.security;

import io.energymon.security.Access;
import io.energymon.security.AccessPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what on the portal (first matching rule wins; anything not listed is refused). Tenant and enterprise
 * of the path are checked before, by libs/security's TenantWall; lists are filtered to what the caller may see.
 */
@Configuration(proxyBeanMethods = false)
public class PortalAccessPolicy {
    private static final String TENANTS = "/api/v1/tenants";
    private static final String ENTERPRISE = TENANTS + "/{tenantId}/enterprises/{enterpriseCode}";

    @Bean
    AccessPolicy accessPolicy() {
        return AccessPolicy.builder()
                // lists: any signed-in user, filtered to what the token may see
                .reads("/api/portal/enterprises", Access.AUTHENTICATED)
                // who the caller is: any signed-in user
                .reads("/api/portal/me", Access.AUTHENTICATED)
                .reads("/api/portal/code-lists", Access.AUTHENTICATED)
                .reads(TENANTS, Access.AUTHENTICATED)
                // tenants: platform operators
                .rule("POST", TENANTS, Access.OPERATE_PLATFORM)
                .rule("PUT", TENANTS + "/{tenantId}", Access.OPERATE_PLATFORM)
                // enterprises of a tenant: created and retired by its admin
                .rule("POST", TENANTS + "/{tenantId}/enterprises", Access.ADMINISTER_TENANT)
                .rule("POST", ENTERPRISE + "/retire", Access.ADMINISTER_TENANT)
                // manual entry (meter replacement, reset...): enterprise operators
                .rule("POST", ENTERPRISE + "/meters/{meterCode}/events", Access.OPERATE)
                // manual entry of daily, weekly, monthly values and their evidence: enterprise operators
                .rule("POST", ENTERPRISE + "/manual-entries", Access.OPERATE)
                .rule("POST", ENTERPRISE + "/manual-entries/attachments", Access.OPERATE)
                // a tenant's audit log: its tenant admins (and platform operators)
                .reads(TENANTS + "/{tenantId}/audit", Access.ADMINISTER_TENANT)
                // the enterprise's devices as its collectors report them (asked with the portal's own token): viewers
                .reads(ENTERPRISE + "/collector-status", Access.READ)
                // every other write (master data, licence, workbook and CSV import): enterprise managers
                .writes(ENTERPRISE + "/**", Access.MANAGE)
                // reads of a tenant's data: viewers
                .reads("/api/**", Access.READ)
                // the API's documentation: any signed-in user
                .reads("/v3/api-docs/**", Access.AUTHENTICATED)
                .reads("/swagger-ui.html", Access.AUTHENTICATED)
                .build();
    }
}
