package io.energymon.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who calls: taken from the claims of a validated access token (see the security contract of issue #11).
 *
 * @param subject     {@code sub}
 * @param username    {@code preferred_username} (the subject when absent, e.g. some service accounts)
 * @param tenant      {@code tenant}; null for platform operators and service accounts
 * @param enterprises {@code enterprises}: the USCCs the caller may see (ignored for tenant admins and platform-wide
 *                    roles)
 * @param roles       the application roles of {@code realm_access.roles}
 */
public record Caller(String subject, String username, String tenant, Set<String> enterprises, Set<Role> roles) {
    public static final String TENANT_CLAIM = "tenant";
    public static final String ENTERPRISES_CLAIM = "enterprises";

    /** The caller when security is switched off (local experiments only): may do everything. */
    public static final Caller UNRESTRICTED = new Caller("anonymous", "anonymous (security disabled)", null, Set.of(),
            Set.of(Role.PLATFORM_OPERATOR, Role.SERVICE));

    public Caller {
        enterprises = Set.copyOf(enterprises);
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** The caller of a validated token. */
    public static Caller of(Jwt jwt) {
        String username = jwt.getClaimAsString("preferred_username");
        String tenant = jwt.getClaimAsString(TENANT_CLAIM);
        List<String> enterprises = jwt.hasClaim(ENTERPRISES_CLAIM) ? jwt.getClaimAsStringList(ENTERPRISES_CLAIM) : List.of();
        return new Caller(jwt.getSubject(), username == null ? jwt.getSubject() : username,
                tenant == null || tenant.isBlank() ? null : tenant, new LinkedHashSet<>(enterprises), rolesOf(jwt));
    }

    /** The application roles in {@code realm_access.roles}; unknown roles (Keycloak's defaults) are ignored. */
    public static Set<Role> rolesOf(Jwt jwt) {
        Object realmAccess = jwt.getClaims().get("realm_access");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (realmAccess instanceof Map<?, ?> m && m.get("roles") instanceof Collection<?> names) {
            for (Object name : names) {
                Role.ofClaim(String.valueOf(name)).ifPresent(roles::add);
            }
        }
        return roles;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Platform operators and services are not bound to a tenant. */
    public boolean platformWide() {
        return has(Role.PLATFORM_OPERATOR) || has(Role.SERVICE);
    }

    /** Whether the caller may see anything of this tenant. */
    public boolean canSeeTenant(String tenantId) {
        return platformWide() || (tenant != null && tenant.equals(tenantId));
    }

    /** Whether the caller may see this enterprise of this tenant. */
    public boolean canSeeEnterprise(String tenantId, String enterpriseCode) {
        if (platformWide()) {
            return true;
        }
        if (!canSeeTenant(tenantId)) {
            return false;
        }
        return has(Role.TENANT_ADMIN) || enterprises.contains(enterpriseCode);
    }
}
