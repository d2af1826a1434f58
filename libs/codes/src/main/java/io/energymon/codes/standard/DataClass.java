package io.energymon.codes.standard;

import java.util.Optional;

/**
 * Data classes 采集数据类型 (DB36/T 2149.2-2025 §7.9, Table 4). Note that DB36 04 is raw-material energy where the
 * national NHJC layout uses 04 for non-energy products.
 */
public enum DataClass implements StandardCode {
    PRIMARY_ENERGY("01", "一次能源", "primary energy", Subject.ENERGY_TYPE),
    SECONDARY_ENERGY("02", "二次能源", "secondary energy", Subject.ENERGY_TYPE),
    WORKING_MEDIUM("03", "耗能工质", "energy-consuming working medium", Subject.WORKING_MEDIUM),
    RAW_MATERIAL_ENERGY("04", "原料用能", "energy used as raw material", Subject.ENERGY_TYPE),
    PRIMARY_ENERGY_FACTOR("05", "一次能源折标系数", "primary energy conversion factor", Subject.ENERGY_TYPE),
    SECONDARY_ENERGY_FACTOR("06", "二次能源折标系数", "secondary energy conversion factor", Subject.ENERGY_TYPE),
    WORKING_MEDIUM_FACTOR("07", "耗能工质折标系数", "working medium conversion factor", Subject.WORKING_MEDIUM),
    EFFICIENCY_INDICATOR("08", "能效指标", "energy efficiency indicator", Subject.EFFICIENCY_INDICATOR),
    ECONOMIC_INDICATOR("09", "经济指标", "economic indicator", Subject.ECONOMIC_INDICATOR),
    OTHER_INDICATOR("10", "其他指标", "other indicator", Subject.OTHER);

    /** What the 4-digit code that follows the data class in a data item code denotes. */
    public enum Subject {
        ENERGY_TYPE, WORKING_MEDIUM, PRODUCT, EFFICIENCY_INDICATOR, ECONOMIC_INDICATOR, OTHER
    }

    private final String code;
    private final String nameZh;
    private final String nameEn;
    private final Subject subject;

    DataClass(String code, String nameZh, String nameEn, Subject subject) {
        this.code = code;
        this.nameZh = nameZh;
        this.nameEn = nameEn;
        this.subject = subject;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String nameZh() {
        return nameZh;
    }

    @Override
    public String nameEn() {
        return nameEn;
    }

    /** What the 4-digit code after this data class denotes in the DB36 reading of Table 4. */
    public Subject subject() {
        return subject;
    }

    public static Optional<DataClass> ofCode(String code) {
        return StandardCode.byCode(values(), code);
    }
}
