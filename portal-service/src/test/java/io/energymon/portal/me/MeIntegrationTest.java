package io.energymon.portal.me;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.portal.Api;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/portal/me}: each caller learns its own name, roles, tenant and the enterprises it may see, and
 * nothing of another tenant's.
 */
class MeIntegrationTest extends PortalTestBase {
    private static final String T1 = "me-one";
    private static final String T2 = "me-two";

    @Test
    void eachUserSeesItselfItsTenantAndOnlyItsEnterprises() {
        Api api = api();
        Plants.tenantWithEnterprise(api, T1, Plants.USCC_A);
        assertThat(api.post("/api/v1/tenants/" + T1 + "/enterprises", obj("enterpriseCode", Plants.USCC_B,
                "profile", Plants.profile("第二家"))).status()).isEqualTo(201);
        Plants.tenantWithEnterprise(api, T2, Plants.USCC_A);

        Api operatorOfT1 = api.as(() -> IDP.token().username("me-operator").tenant(T1).enterprises(Plants.USCC_A)
                .roleNames("enterprise-operator", "viewer", "offline_access").mint());
        Api.Response one = operatorOfT1.get("/api/portal/me");
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        JsonNode me = one.json();
        assertThat(me.path("username").asString()).isEqualTo("me-operator");
        assertThat(me.path("displayName").asString()).as("no name claim: the username").isEqualTo("me-operator");
        assertThat(strings(me.path("roles"))).as("the project's roles, weakest first; Keycloak's own left out")
                .containsExactly("viewer", "enterprise-operator");
        assertThat(me.path("tenantId").asString()).isEqualTo(T1);
        assertThat(enterprises(me)).containsExactly(T1 + "/" + Plants.USCC_A + "/示例用能单位 " + Plants.USCC_A);

        Api adminOfT2 = api.as(() -> IDP.token().username("me-admin").tenant(T2)
                .roles(Role.VIEWER, Role.ENTERPRISE_OPERATOR, Role.ENTERPRISE_MANAGER, Role.TENANT_ADMIN).mint());
        JsonNode other = adminOfT2.get("/api/portal/me").json();
        assertThat(other.path("username").asString()).isEqualTo("me-admin");
        assertThat(strings(other.path("roles")))
                .containsExactly("viewer", "enterprise-operator", "enterprise-manager", "tenant-admin");
        assertThat(other.path("tenantId").asString()).isEqualTo(T2);
        assertThat(enterprises(other)).as("every enterprise of its tenant, none of the other")
                .containsExactly(T2 + "/" + Plants.USCC_A + "/示例用能单位 " + Plants.USCC_A);

        JsonNode ops = api.as(IDP::platformOperator).get("/api/portal/me").json();
        assertThat(strings(ops.path("roles"))).containsExactly("platform-operator");
        assertThat(ops.path("tenantId").isNull()).as("a platform operator has no tenant").isTrue();
        assertThat(enterprises(ops)).contains(T1 + "/" + Plants.USCC_A + "/示例用能单位 " + Plants.USCC_A,
                T1 + "/" + Plants.USCC_B + "/第二家", T2 + "/" + Plants.USCC_A + "/示例用能单位 " + Plants.USCC_A);

        assertThat(api.as(null).get("/api/portal/me").status()).isEqualTo(401);
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static List<String> enterprises(JsonNode me) {
        return me.path("enterprises").valueStream().map(e -> e.path("tenantId").asString() + "/"
                + e.path("enterpriseCode").asString() + "/" + e.path("name").asString()).toList();
    }
}
