package io.energymon.codes.standard;

import java.util.Optional;

/** Meter levels of §7.12 (after GB 17167). */
public enum MeterLevel implements StandardCode {
    ENTERPRISE_BOUNDARY("1", "进出用能单位计量器具", "meters at the boundary of the energy-consuming unit"),
    SECONDARY_UNIT("2", "主要次级用能单位计量器具", "meters of main secondary energy-consuming units"),
    MAIN_EQUIPMENT("3", "主要用能设备计量器具", "meters of main energy-using equipment");

    private final String code;
    private final String nameZh;
    private final String nameEn;

    MeterLevel(String code, String nameZh, String nameEn) {
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

    public static Optional<MeterLevel> ofCode(String code) {
        return StandardCode.byCode(values(), code);
    }
}
