package io.energymon.codes.standard;

import java.util.Optional;

/** Data sources 数据采集来源 (DB36/T 2149.2-2025 §7.8, Table 3); sent as {@code inputType}. */
public enum DataSource implements StandardCode {
    MANAGEMENT_INFORMATION_SYSTEM("1", "管理信息系统", "management information system"),
    PRODUCTION_MONITORING_SYSTEM("2", "生产监控管理系统", "production monitoring and management system"),
    INDUSTRIAL_CONTROL_SYSTEM("3", "工业控制系统", "industrial control system"),
    FIELD_INSTRUMENT("4", "现场仪表", "field instrument"),
    MANUAL_ENTRY("5", "手工填报", "manual entry"),
    ENERGY_SUPPLIER("6", "能源供应单位", "energy supplier"),
    OTHER("7", "其他", "other");

    private final String code;
    private final String nameZh;
    private final String nameEn;

    DataSource(String code, String nameZh, String nameEn) {
        this.code = code;
        this.nameZh = nameZh;
        this.nameEn = nameEn;
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

    public static Optional<DataSource> ofCode(String code) {
        return StandardCode.byCode(values(), code);
    }
}
