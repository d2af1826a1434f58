package io.energymon.domain.tenancy;

import io.energymon.codes.uscc.Uscc;

/**
 * Who a row or an event belongs to: the tenant (group or SaaS customer) and the enterprise (用能单位), the latter
 * identified by its unified social credit code (USCC, GB 32100). Every event and every table row carries both.
 */
public record EnterpriseRef(String tenantId, String enterpriseCode) {

    /**
     * @throws IllegalArgumentException when the tenant is blank or the enterprise code is not a valid USCC (the
     *                                  message says which rule failed, in Chinese and English)
     */
    public EnterpriseRef {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("租户标识不能为空 / tenantId must not be blank");
        }
        Uscc.validate("enterpriseCode", enterpriseCode).throwIfInvalid();
    }

    @Override
    public String toString() {
        return tenantId + "/" + enterpriseCode;
    }
}
