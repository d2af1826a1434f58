package io.energymon.domain.config;

/**
 * Energy-using equipment 用能设备 (§7.7): 5-digit code (2 type + 3 serial) unique within the enterprise, optionally
 * placed in a process and process unit.
 *
 * @param keyEquipment whether it is key equipment (重点用能设备, scope 4 of data items)
 * @param ratedPowerKw rated power in kW, optional
 */
public record EquipmentConfig(String code, String name, String processCode, String processUnitCode,
                              boolean keyEquipment, java.math.BigDecimal ratedPowerKw) {
}
