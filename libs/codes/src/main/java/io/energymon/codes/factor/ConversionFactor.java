package io.energymon.codes.factor;

import javax.measure.Unit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A factor converting a quantity of one energy type or working medium to kilograms of standard coal equivalent.
 *
 * @param key           stable identifier, e.g. {@code electricity}
 * @param kind          energy or working medium
 * @param code          the code of Table A.1 / A.2, empty where the table has none
 * @param nameZh        Chinese name
 * @param nameEn        English name
 * @param method        当量值 or 等价值
 * @param unit          the unit the factor is per, e.g. kWh
 * @param kgcePerUnit   the factor; empty where the standard gives only a range
 * @param low           lower end of the range the standard gives, if any
 * @param high          upper end of the range, if any
 * @param effectiveFrom first day the factor applies
 * @param reference     the standard and table it comes from, or the enterprise's measurement record
 * @param origin        reference value or measured value
 */
public record ConversionFactor(String key, SubjectKind kind, String code, String nameZh, String nameEn,
                               ConversionMethod method, Unit<?> unit, Optional<BigDecimal> kgcePerUnit,
                               Optional<BigDecimal> low, Optional<BigDecimal> high, LocalDate effectiveFrom,
                               String reference, FactorOrigin origin) {

    public ConversionFactor {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        code = code == null ? "" : code;
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (kgcePerUnit.isEmpty() && (low.isEmpty() || high.isEmpty())) {
            throw new IllegalArgumentException("factor " + key + " needs a value or a range");
        }
        kgcePerUnit.ifPresent(v -> {
            if (v.signum() <= 0) {
                throw new IllegalArgumentException("factor " + key + " must be positive: " + v);
            }
        });
    }

    /** A measured value reported by an enterprise, replacing the reference value from a date on. */
    public ConversionFactor measured(BigDecimal value, Unit<?> perUnit, LocalDate from, String record) {
        return new ConversionFactor(key, kind, code, nameZh, nameEn, method, perUnit, Optional.of(value),
                Optional.empty(), Optional.empty(), from, record, FactorOrigin.MEASURED);
    }
}
