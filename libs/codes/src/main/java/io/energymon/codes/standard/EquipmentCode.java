package io.energymon.codes.standard;

import io.energymon.codes.validation.ValidationResult;

/**
 * An energy-using equipment code 用能设备编码 (§7.7): 2-digit equipment type + 3-digit serial.
 */
public record EquipmentCode(String type, String serial) {

    public EquipmentCode {
        BasicCodes.digits("equipmentType", type, 2, "equipment.type-format", "设备类型编码", "Equipment type code")
                .and(BasicCodes.digits("equipmentSerial", serial, 3, "equipment.serial-format", "设备编号",
                        "Equipment serial"))
                .throwIfInvalid();
    }

    /** Parses the 5 digits. */
    public static EquipmentCode parse(String code) {
        validate("equipmentCode", code).throwIfInvalid();
        return new EquipmentCode(code.substring(0, 2), code.substring(2));
    }

    public static ValidationResult validate(String field, String code) {
        return BasicCodes.digits(field, code, 5, "equipment.format", "用能设备编码", "Equipment code");
    }

    public String value() {
        return type + serial;
    }

    @Override
    public String toString() {
        return value();
    }
}
