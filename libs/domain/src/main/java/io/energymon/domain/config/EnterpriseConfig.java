package io.energymon.domain.config;

import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Value of topic {@code config.v1} (compacted): the whole master data and collection configuration of one enterprise,
 * as one snapshot. Key: {@link #key(String, String)} ({@code tenantId/USCC}); a null value (tombstone) means the
 * enterprise was retired and every service forgets it. Only active (not retired) entities are carried.
 *
 * <p>One snapshot per enterprise rather than one record per entity: a consumer always sees a consistent graph
 * (a formula never names a point that has not arrived yet), and replacing an enterprise's configuration is one map
 * put. Snapshots are compressed by the producer; see docs/events.md for the size budget.
 *
 * @param revision  grows by one with every change of the enterprise's master data; consumers ignore a snapshot whose
 *                  revision is not above the one they hold
 * @param updatedAt when this revision was made
 */
public record EnterpriseConfig(String tenantId, String enterpriseCode, long revision, Instant updatedAt,
                               EnterpriseProfile profile, List<ProcessConfig> processes,
                               List<ProcessUnitConfig> processUnits, List<EquipmentConfig> equipment,
                               List<MeterConfig> meters, List<CollectorConfig> collectors, List<DeviceConfig> devices,
                               List<PointConfig> points, List<ItemConfig> items, List<TargetConfig> targets) {

    public EnterpriseConfig {
        new EnterpriseRef(tenantId, enterpriseCode); // validates the tenant and the USCC
        Objects.requireNonNull(profile, "profile");
        processes = nonNull(processes);
        processUnits = nonNull(processUnits);
        equipment = nonNull(equipment);
        meters = nonNull(meters);
        collectors = nonNull(collectors);
        devices = nonNull(devices);
        points = nonNull(points);
        items = nonNull(items);
        targets = nonNull(targets);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** The record key of an enterprise's snapshot on {@code config.v1}. */
    public static String key(String tenantId, String enterpriseCode) {
        return tenantId + "/" + enterpriseCode;
    }

    public String key() {
        return key(tenantId, enterpriseCode);
    }

    public EnterpriseRef ref() {
        return new EnterpriseRef(tenantId, enterpriseCode);
    }

    /** The enterprise's time zone: day and month boundaries are local to it. */
    public ZoneId zone() {
        return profile.zone();
    }
}
