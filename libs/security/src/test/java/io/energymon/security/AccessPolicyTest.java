package io.energymon.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy's first matching rule decides; the access levels grant what the security contract says. */
class AccessPolicyTest {
    private final AccessPolicy policy = AccessPolicy.builder()
            .rule("POST", "/api/v1/tenants/{t}/enterprises/{e}/meters/{m}/events", Access.OPERATE)
            .reads("/api/**", Access.READ)
            .writes("/api/**", Access.MANAGE)
            .build();

    @Test
    void theFirstMatchingRuleDecidesAndUnmatchedRequestsHaveNoRule() {
        assertThat(policy.required("POST", "/api/v1/tenants/t/enterprises/e/meters/m/events")).contains(Access.OPERATE);
        assertThat(policy.required("GET", "/api/v1/tenants/t/enterprises/e/meters/m/events")).contains(Access.READ);
        assertThat(policy.required("DELETE", "/api/v1/tenants/t")).contains(Access.MANAGE);
        assertThat(policy.required("GET", "/other")).isEmpty();
        assertThat(AccessPolicy.denyAll().required("GET", "/api/x")).isEmpty();
    }

    @Test
    void accessLevelsFollowTheRoleOrder() {
        Caller viewer = caller(Role.VIEWER);
        Caller operator = caller(Role.ENTERPRISE_OPERATOR);
        Caller manager = caller(Role.ENTERPRISE_MANAGER);
        Caller admin = caller(Role.TENANT_ADMIN);
        Caller platform = new Caller("s", "ops", null, Set.of(), Set.of(Role.PLATFORM_OPERATOR));
        Caller none = caller();
        assertThat(Access.READ.grantedTo(viewer)).isTrue();
        assertThat(Access.READ.grantedTo(none)).isFalse();
        assertThat(Access.AUTHENTICATED.grantedTo(none)).isTrue();
        assertThat(Access.OPERATE.grantedTo(viewer)).isFalse();
        assertThat(Access.OPERATE.grantedTo(operator)).isTrue();
        assertThat(Access.MANAGE.grantedTo(operator)).isFalse();
        assertThat(Access.MANAGE.grantedTo(manager)).isTrue();
        assertThat(Access.MANAGE.grantedTo(admin)).isTrue();
        assertThat(Access.ADMINISTER_TENANT.grantedTo(manager)).isFalse();
        assertThat(Access.ADMINISTER_TENANT.grantedTo(admin)).isTrue();
        assertThat(Access.OPERATE_PLATFORM.grantedTo(admin)).isFalse();
        assertThat(Access.OPERATE_PLATFORM.grantedTo(platform)).isTrue();
        assertThat(Access.READ.grantedTo(platform)).isTrue();
        assertThat(Access.MANAGE.grantedTo(platform)).isFalse();
    }

    @Test
    void aCallerSeesItsTenantAndItsEnterprisesOnly() {
        Caller viewer = new Caller("s", "v", "t1", Set.of("A"), Set.of(Role.VIEWER));
        assertThat(viewer.canSeeEnterprise("t1", "A")).isTrue();
        assertThat(viewer.canSeeEnterprise("t1", "B")).isFalse();
        assertThat(viewer.canSeeEnterprise("t2", "A")).isFalse();
        Caller admin = new Caller("s", "a", "t1", Set.of(), Set.of(Role.TENANT_ADMIN));
        assertThat(admin.canSeeEnterprise("t1", "B")).isTrue();
        assertThat(admin.canSeeTenant("t2")).isFalse();
        Caller noTenant = new Caller("s", "x", null, Set.of("A"), Set.of(Role.TENANT_ADMIN));
        assertThat(noTenant.canSeeTenant("t1")).isFalse();
        assertThat(Caller.UNRESTRICTED.canSeeEnterprise("any", "thing")).isTrue();
    }

    private static Caller caller(Role... roles) {
        return new Caller("s", "u", "t1", Set.of("A"), Set.of(roles));
    }
}
