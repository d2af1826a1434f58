package io.energymon.uploader.platform;

import java.util.Objects;

/**
 * The enterprise as the platform knows it.
 *
 * @param tenantId       our tenant id
 * @param enterpriseCode unified social credit code (USCC, 18 characters)
 * @param region         GB/T 2260 region code (6 digits)
 */
public record EnterpriseIdentity(String tenantId, String enterpriseCode, String region) {
    public EnterpriseIdentity {
        Objects.requireNonNull(enterpriseCode, "enterpriseCode");
        Objects.requireNonNull(region, "region");
    }
}
