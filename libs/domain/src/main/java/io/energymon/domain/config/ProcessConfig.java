package io.energymon.domain.config;

/** A production process 生产工序 (§7.5): 2-digit code unique within the enterprise. */
public record ProcessConfig(String code, String name) {
}
