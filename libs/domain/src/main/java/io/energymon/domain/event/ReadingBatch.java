package io.energymon.domain.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.util.Objects;
import java.util.UUID;

/**
 * Value of topic {@code readings.v1}: the readings of one poll of one enterprise's points. Key: enterprise USCC.
 *
 * @param batchId       unique id of this batch (a re-sent batch keeps its id)
 * @param tenantId      tenant
 * @param enterpriseCode enterprise USCC
 * @param collectorId   the collector instance (or "portal" for manual entry)
 * @param slot          the poll slot (start of the slot)
 * @param slotLength    length of the poll slot (15 min in production)
 * @param readings      the readings, each with its own slot timestamp (back-filled readings may be older)
 */
public record ReadingBatch(UUID batchId, String tenantId, String enterpriseCode, String collectorId, Instant slot,
                           Duration slotLength, List<Reading> readings) {
    public ReadingBatch {
        Objects.requireNonNull(batchId, "batchId");
        new EnterpriseRef(tenantId, enterpriseCode); // validates the tenant and the USCC
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(slotLength, "slotLength");
        readings = List.copyOf(readings);
    }
}
