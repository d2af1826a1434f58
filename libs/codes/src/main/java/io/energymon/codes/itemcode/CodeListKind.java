package io.energymon.codes.itemcode;

/** The code lists a platform hands out in its base-data download (PROTOCOL.md §1 b). */
public enum CodeListKind {
    PROCESS("生产工序", "processes"),
    PROCESS_UNIT("工序单元", "process units"),
    EQUIPMENT_TYPE("设备类型", "equipment types"),
    DATA_SOURCE("数据采集来源", "data sources"),
    DATA_CLASS("采集数据类型", "data classes"),
    ENERGY_TYPE("能源品种", "energy types"),
    WORKING_MEDIUM("耗能工质", "working media"),
    PRODUCT("产品", "products"),
    EFFICIENCY_INDICATOR("能效指标", "energy efficiency indicators"),
    ECONOMIC_INDICATOR("经济指标", "economic indicators"),
    USE("数据用途", "use codes"),
    METER_TYPE("计量器具类型", "meter types");

    private final String nameZh;
    private final String nameEn;

    CodeListKind(String nameZh, String nameEn) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }
}
