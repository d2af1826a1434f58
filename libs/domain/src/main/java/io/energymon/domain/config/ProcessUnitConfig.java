package io.energymon.domain.config;

/** A process unit 工序单元 (§7.6): 2-digit code unique within its process. */
public record ProcessUnitConfig(String processCode, String code, String name) {

    /** Identifier within the enterprise: {@code processCode-code}, e.g. {@code 01-02}. */
    public String key() {
        return processCode + "-" + code;
    }
}
