package io.energymon.portal.masterdata;

import io.energymon.domain.config.CollectorConfig;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EquipmentConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.config.ProcessUnitConfig;
import io.energymon.domain.config.TargetConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kind of master-data entity below the enterprise: its name in URLs and in the database, its record type (the
 * config.v1 record), how its natural key is formed, and where its list sits in an {@link EnterpriseConfig}.
 *
 * @param name   plural, as in the URL ({@code /points}) and the {@code kind} column
 * @param type   the record
 * @param key    the natural key within the enterprise
 * @param nameZh Chinese name, for messages
 * @param nameEn English name, for messages
 */
public record Kind<T>(String name, Class<T> type, Function<T, String> key, String nameZh, String nameEn) {

    public static final Kind<ProcessConfig> PROCESSES =
            new Kind<>("processes", ProcessConfig.class, ProcessConfig::code, "生产工序", "process");
    public static final Kind<ProcessUnitConfig> PROCESS_UNITS =
            new Kind<>("process-units", ProcessUnitConfig.class, ProcessUnitConfig::key, "工序单元", "process unit");
    public static final Kind<EquipmentConfig> EQUIPMENT =
            new Kind<>("equipment", EquipmentConfig.class, EquipmentConfig::code, "用能设备", "equipment");
    public static final Kind<MeterConfig> METERS =
            new Kind<>("meters", MeterConfig.class, MeterConfig::code, "计量器具", "meter");
    public static final Kind<CollectorConfig> COLLECTORS =
            new Kind<>("collectors", CollectorConfig.class, CollectorConfig::id, "采集器", "collector");
    public static final Kind<DeviceConfig> DEVICES =
            new Kind<>("devices", DeviceConfig.class, DeviceConfig::id, "采集设备", "device");
    public static final Kind<PointConfig> POINTS =
            new Kind<>("points", PointConfig.class, PointConfig::id, "采集点", "point");
    public static final Kind<ItemConfig> ITEMS =
            new Kind<>("items", ItemConfig.class, ItemConfig::dataCode, "上传数据项", "data item");
    public static final Kind<TargetConfig> TARGETS =
            new Kind<>("targets", TargetConfig.class, TargetConfig::platformId, "上传平台", "upload target");

    /** Every kind, each after the kinds it may refer to. */
    public static final List<Kind<?>> ALL = List.of(PROCESSES, PROCESS_UNITS, EQUIPMENT, METERS, COLLECTORS, DEVICES,
            POINTS, ITEMS, TARGETS);

    public static Optional<Kind<?>> byName(String name) {
        return ALL.stream().filter(k -> k.name.equals(name)).findFirst();
    }

    public String keyOf(Object entity) {
        return key.apply(type.cast(entity));
    }

    /** The entities of this kind in a configuration. */
    @SuppressWarnings("unchecked")
    public List<T> in(EnterpriseConfig c) {
        return (List<T>) switch (name) {
            case "processes" -> c.processes();
            case "process-units" -> c.processUnits();
            case "equipment" -> c.equipment();
            case "meters" -> c.meters();
            case "collectors" -> c.collectors();
            case "devices" -> c.devices();
            case "points" -> c.points();
            case "items" -> c.items();
            case "targets" -> c.targets();
            default -> throw new IllegalStateException(name);
        };
    }

    /** A copy of the configuration with this kind's list replaced. */
    @SuppressWarnings("unchecked")
    public EnterpriseConfig with(EnterpriseConfig c, List<T> list) {
        return new EnterpriseConfig(c.tenantId(), c.enterpriseCode(), c.revision(), c.updatedAt(), c.profile(),
                is(PROCESSES) ? (List<ProcessConfig>) list : c.processes(),
                is(PROCESS_UNITS) ? (List<ProcessUnitConfig>) list : c.processUnits(),
                is(EQUIPMENT) ? (List<EquipmentConfig>) list : c.equipment(),
                is(METERS) ? (List<MeterConfig>) list : c.meters(),
                is(COLLECTORS) ? (List<CollectorConfig>) list : c.collectors(),
                is(DEVICES) ? (List<DeviceConfig>) list : c.devices(),
                is(POINTS) ? (List<PointConfig>) list : c.points(),
                is(ITEMS) ? (List<ItemConfig>) list : c.items(),
                is(TARGETS) ? (List<TargetConfig>) list : c.targets());
    }

    private boolean is(Kind<?> other) {
        return name.equals(other.name);
    }

    /** Field path of an entity in violations: {@code points[main.energy]}. */
    public String path(String key) {
        return name + "[" + key + "]";
    }

    @Override
    public String toString() {
        return name;
    }
}
