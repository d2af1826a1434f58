package io.energymon.domain.tenancy;

import java.util.Objects;

/**
 * Who a row or an event belongs to: the tenant (group or SaaS customer) and the enterprise (用能单位), the latter
 * identified by its unified social credit code (USCC, 18 characters). Every event and every table row carries both.
 */
public record EnterpriseRef(String tenantId, String enterpriseCode) {
    public EnterpriseRef {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("租户标识不能为空 / tenantId must not be blank");
        }
        Objects.requireNonNull(enterpriseCode, "enterpriseCode");
        if (enterpriseCode.length() != 18) {
            throw new IllegalArgumentException("用能单位编码应为18位统一社会信用代码 / enterpriseCode must be an 18-character USCC, got '"
                    + enterpriseCode + "'");
        }
    }

    @Override
    public String toString() {
        return tenantId + "/" + enterpriseCode;
    }
}
