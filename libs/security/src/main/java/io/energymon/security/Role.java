package io.energymon.security;

import java.util.Optional;

/**
 * The application's realm roles (claim {@code realm_access.roles}). Within a tenant they are ordered from weakest to
 * strongest: viewer, enterprise operator, enterprise manager, tenant admin. Platform operator and service stand
 * outside any tenant.
 */
public enum Role {
    VIEWER("viewer"),
    ENTERPRISE_OPERATOR("enterprise-operator"),
    ENTERPRISE_MANAGER("enterprise-manager"),
    TENANT_ADMIN("tenant-admin"),
    PLATFORM_OPERATOR("platform-operator"),
    SERVICE("service");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    /** The role's name in the token. */
    public String claimValue() {
        return claimValue;
    }

    /** The Spring Security authority of the role ({@code ROLE_<claim value>}). */
    public String authority() {
        return "ROLE_" + claimValue;
    }

    /** The role of a claim value; empty for Keycloak's default roles and anything else unknown (ignored). */
    public static Optional<Role> ofClaim(String value) {
        for (Role r : values()) {
            if (r.claimValue.equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
