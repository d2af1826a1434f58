package io.energymon.domain.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.util.Objects;

/**
 * Value of topic {@code item-values.v1}: a data item's (上传数据项) value for one period. Key: enterprise USCC.
 *
 * @param tenantId       tenant
 * @param enterpriseCode enterprise USCC
 * @param dataCode       data item code as the platform knows it (PROTOCOL.md §3), bare digits
 * @param statType       0 real-time (one interval), 1 day, 2 month, 3 year
 * @param statDate       period start in the enterprise's local time, as sent to the platform
 * @param periodStart    period start as an instant
 * @param periodEnd      period end (exclusive) as an instant
 * @param value          the value in the item's unit
 * @param version        grows by one each time the value of this (item, period) is recomputed to a new value
 * @param inputType      data source code (Table 3), sent as inputType
 * @param scope          1 whole plant, 2 process, 3 process unit, 4 key equipment
 * @param valid          false when the value is known to be incomplete
 * @param computedAt     when the aggregator computed this version
 */
public record ItemValue(String tenantId, String enterpriseCode, String dataCode, int statType, LocalDateTime statDate,
                        Instant periodStart, Instant periodEnd, BigDecimal value, long version, int inputType, int scope,
                        boolean valid, Instant computedAt) {
    public ItemValue {
        new EnterpriseRef(tenantId, enterpriseCode); // validates the tenant and the USCC
        Objects.requireNonNull(dataCode, "dataCode");
        Objects.requireNonNull(statDate, "statDate");
        Objects.requireNonNull(value, "value");
        if (statType < 0 || statType > 3) {
            throw new IllegalArgumentException("statType must be 0..3, got " + statType);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
    }
}
