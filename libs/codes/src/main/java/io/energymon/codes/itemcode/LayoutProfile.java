package io.energymon.codes.itemcode;

import io.energymon.codes.standard.DataClass;

/**
 * The layout of a data item code (PROTOCOL.md §3). Both are process(2) + process unit(2) + equipment + data class(2) +
 * energy/medium/product/indicator code(4) + use code(2); they differ in the equipment segment.
 */
public enum LayoutProfile {
    /** National NHJC layout: equipment = type(2) + serial(2); 16 digits, {@code PP-UU-EEEE-CCTTTT-DD}. */
    NHJC16(2, 2),
    /**
     * DB36 layout: equipment = type(2) + serial(3) as §7.7; 17 digits, {@code PP-UU-EEEEE-CCTTTT-DD}. Provisional
     * until Jiangxi publishes its layout.
     */
    DB36_17(2, 3);

    private final int equipmentTypeDigits;
    private final int equipmentSerialDigits;

    LayoutProfile(int equipmentTypeDigits, int equipmentSerialDigits) {
        this.equipmentTypeDigits = equipmentTypeDigits;
        this.equipmentSerialDigits = equipmentSerialDigits;
    }

    public int equipmentTypeDigits() {
        return equipmentTypeDigits;
    }

    public int equipmentSerialDigits() {
        return equipmentSerialDigits;
    }

    public int equipmentDigits() {
        return equipmentTypeDigits + equipmentSerialDigits;
    }

    /** Digits of the bare code. */
    public int length() {
        return 2 + 2 + equipmentDigits() + 2 + 4 + 2;
    }

    /** Characters of the hyphenated code (four hyphens). */
    public int hyphenatedLength() {
        return length() + 4;
    }

    /** The hyphenated pattern, e.g. {@code PP-UU-EEEE-CCTTTT-DD}. */
    public String pattern() {
        return "PP-UU-" + "E".repeat(equipmentDigits()) + "-CCTTTT-DD";
    }

    /**
     * What the 4-digit code after a data class denotes under this layout: the national layout uses 04 for non-energy
     * products, DB36 for raw-material energy.
     */
    public DataClass.Subject subjectOf(DataClass dataClass) {
        if (this == NHJC16 && dataClass == DataClass.RAW_MATERIAL_ENERGY) {
            return DataClass.Subject.PRODUCT;
        }
        return dataClass.subject();
    }
}
