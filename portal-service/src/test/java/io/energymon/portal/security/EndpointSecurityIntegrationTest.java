package io.energymon.portal.security;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.portal.Api;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.testing.EndpointSecurityWalk;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Every endpoint the running portal maps (controllers, actuator, API documentation), called with no token, an expired
 * one, one of another issuer or audience, of another tenant, of another enterprise of the tenant and of too weak a
 * role: each refused with 401, 404 or 403; the weakest role the policy grants gets through.
 */
class EndpointSecurityIntegrationTest extends PortalTestBase {
    private static final String TENANT = "walk-tenant";
    private static final String METER = "170100001001";

    @Autowired
    ApplicationContext context;

    @Test
    void everyEndpointRefusesWhoMayNotAndAdmitsWhoMay() {
        Api api = api();
        String e = Plants.tenantWithEnterprise(api, TENANT, Plants.USCC_A);
        assertThat(api.post("/api/v1/tenants/" + TENANT + "/enterprises", obj("enterpriseCode", Plants.USCC_B,
                "profile", Plants.profile("另一家用能单位"))).status()).isEqualTo(201);
        assertThat(api.post(e + "/collectors", obj("id", "col-1", "name", "一号采集器")).status()).isEqualTo(201);
        assertThat(api.post(e + "/meters", obj("code", METER, "name", "总进线电表", "serialNumber", "SN-1",
                "accuracyClass", "0.5S", "verifiedOn", "2026-01-10", "verificationIntervalMonths", 24,
                "energyCode", "3300")).status()).isEqualTo(201);

        EndpointSecurityWalk.Result r = EndpointSecurityWalk.of(context, "http://127.0.0.1:" + port)
                .tenant(TENANT, Plants.USCC_A, Plants.USCC_B)
                .variable("key", "col-1").variable("meterCode", METER).variable("kind", "meters")
                .variable("attachmentId", java.util.UUID.randomUUID().toString()).run();

        assertThat(r.endpoints()).extracting(Object::toString).contains(
                "GET /api/portal/enterprises", "GET /api/portal/me", "GET /api/portal/code-lists",
                "GET /api/portal/tenants/{tenantId}/enterprises/{enterpriseCode}/overview",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/collector-status",
                "POST /api/v1/tenants",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/meters/{meterCode}/events",
                "PUT /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/points/{key}",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/workbook",
                "GET /api/v1/tenants/{tenantId}/audit",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/manual-entries",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/manual-entries",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/manual-entries/attachments",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/manual-entries/attachments/{attachmentId}",
                "GET /v3/api-docs", "GET /actuator/prometheus", "GET /actuator/mappings", "GET /actuator/health");
        assertThat(r.failures()).isEmpty();
    }
}
