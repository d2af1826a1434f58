package io.energymon.portal.masterdata;

/**
 * A tenant: a group energy centre or a SaaS customer owning enterprises.
 *
 * @param tenantId lower-case letters, digits and hyphens, 2–40 characters, e.g. {@code hongdu-group}
 * @param name     display name
 */
public record Tenant(String tenantId, String name) {
}
