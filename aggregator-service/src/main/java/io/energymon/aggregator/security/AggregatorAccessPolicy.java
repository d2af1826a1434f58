package io.energymon.aggregator.security;

import io.energymon.security.Access;
import io.energymon.security.AccessPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what on the aggregator (first matching rule wins; anything not listed is refused). Tenant and
 * enterprise of the path are checked before, by libs/security's TenantWall.
 */
@Configuration(proxyBeanMethods = false)
public class AggregatorAccessPolicy {
    private static final String ENTERPRISE = "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}";

    @Bean
    AccessPolicy accessPolicy() {
        return AccessPolicy.builder()
                // recompute a data item from a date (new versions): enterprise managers
                .rule("POST", ENTERPRISE + "/items/{dataCode}/recompute", Access.MANAGE)
                // acknowledge an alarm with a comment: enterprise operators
                .rule("POST", ENTERPRISE + "/alarms/{alarmId}/acknowledgement", Access.OPERATE)
                // readings, item values, series, export, energy, alarms, data quality: viewers
                .reads(ENTERPRISE + "/**", Access.READ)
                // the group dashboard's figures of the tenant's enterprises (filtered to those the caller may see)
                .reads("/api/v1/tenants/{tenantId}/summary", Access.READ)
                // the API's documentation: any signed-in user
                .reads("/v3/api-docs/**", Access.AUTHENTICATED)
                .reads("/swagger-ui.html", Access.AUTHENTICATED)
                .build();
    }
}
