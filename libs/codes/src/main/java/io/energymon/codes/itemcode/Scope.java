package io.energymon.codes.itemcode;

import java.util.Arrays;
import java.util.Optional;

/** The {@code scope} of a data item (PROTOCOL.md §1): how wide the measured boundary is. */
public enum Scope {
    ENTERPRISE(1, "全厂", "whole plant"),
    PROCESS(2, "工序", "process"),
    PROCESS_UNIT(3, "工序单元", "process unit"),
    EQUIPMENT(4, "重点用能设备", "key equipment");

    private final int code;
    private final String nameZh;
    private final String nameEn;

    Scope(int code, String nameZh, String nameEn) {
        this.code = code;
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public int code() {
        return code;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }

    public static Optional<Scope> ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
