package io.energymon.codes.standard;

/** An energy type of Table A.1: 2-digit category + 2-digit item. */
public record EnergyType(String code, String categoryCode, String categoryNameZh, String nameZh, String nameEn)
        implements StandardCode {
}
