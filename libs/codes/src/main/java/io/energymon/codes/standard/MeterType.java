package io.energymon.codes.standard;

/** A meter type of Table A.3 (8 digits, after JJF 1051). */
public record MeterType(String code, String nameZh, String nameEn) implements StandardCode {
}
