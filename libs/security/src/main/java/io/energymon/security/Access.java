package io.energymon.security;

/**
 * What an endpoint requires, from the weakest to the strongest; each level says which roles grant it (the tenant and
 * enterprise of the path are checked separately by the {@link TenantWall}).
 */
public enum Access {
    /** Any valid token (e.g. lists filtered to what the caller may see, API documentation). */
    AUTHENTICATED,
    /** Read: viewer and up, platform operator (support), service. */
    READ,
    /** Manual entry, acknowledging alarms: enterprise operator and up, service. */
    OPERATE,
    /** Write master data, re-upload, recompute, workbook import: enterprise manager and up, service. */
    MANAGE,
    /** Create/retire enterprises of a tenant: tenant admin, platform operator, service. */
    ADMINISTER_TENANT,
    /** Manage tenants: platform operator, service. */
    OPERATE_PLATFORM;

    public boolean grantedTo(Caller c) {
        if (c.has(Role.SERVICE)) {
            return true;
        }
        boolean admin = c.has(Role.TENANT_ADMIN);
        boolean manager = admin || c.has(Role.ENTERPRISE_MANAGER);
        boolean operator = manager || c.has(Role.ENTERPRISE_OPERATOR);
        boolean viewer = operator || c.has(Role.VIEWER);
        boolean platform = c.has(Role.PLATFORM_OPERATOR);
        return switch (this) {
            case AUTHENTICATED -> true;
            case READ -> viewer || platform;
            case OPERATE -> operator;
            case MANAGE -> manager;
            case ADMINISTER_TENANT -> admin || platform;
            case OPERATE_PLATFORM -> platform;
        };
    }
}
