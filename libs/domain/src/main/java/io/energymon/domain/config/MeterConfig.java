package io.energymon.domain.config;

import java.time.LocalDate;

/**
 * A measuring instrument 计量器具 (§7.12).
 *
 * @param code                       8-digit JJF 1051 type + level 1/2/3 + 3-digit serial (12 digits)
 * @param name                       what it measures, e.g. "1# 主变进线电表"
 * @param serialNumber               the maker's serial number (出厂编号)
 * @param model                      maker and model, optional
 * @param accuracyClass              accuracy class, e.g. "0.5S"
 * @param verifiedOn                 date of the last verification / calibration (检定日期)
 * @param verificationIntervalMonths verification interval (检定周期) in months
 * @param equipmentCode              the equipment it meters, optional
 * @param energyCode                 the energy type (Table A.1) or working medium (Table A.2) it measures, optional
 * @param parentMeterCode            the main meter (总表) this one is a sub-meter (分表) of, optional: a meter of the same
 *                                   enterprise, not itself, without cycles, of the same energy when both say; the
 *                                   aggregator compares a main meter's daily consumption with the sum of its
 *                                   sub-meters' (METER_IMBALANCE)
 */
public record MeterConfig(String code, String name, String serialNumber, String model, String accuracyClass,
                          LocalDate verifiedOn, Integer verificationIntervalMonths, String equipmentCode,
                          String energyCode, String parentMeterCode) {

    /** A meter that is no sub-meter of another. */
    public MeterConfig(String code, String name, String serialNumber, String model, String accuracyClass,
                       LocalDate verifiedOn, Integer verificationIntervalMonths, String equipmentCode,
                       String energyCode) {
        this(code, name, serialNumber, model, accuracyClass, verifiedOn, verificationIntervalMonths, equipmentCode,
                energyCode, null);
    }

    /** When the next verification is due, or null when unknown. */
    public LocalDate verificationDue() {
        return verifiedOn == null || verificationIntervalMonths == null ? null
                : verifiedOn.plusMonths(verificationIntervalMonths);
    }
}
