package io.energymon.codes.standard;

/** A working medium (耗能工质) of Table A.2: 2-digit category + 2-digit item. */
public record WorkingMedium(String code, String categoryCode, String categoryNameZh, String nameZh, String nameEn)
        implements StandardCode {
}
