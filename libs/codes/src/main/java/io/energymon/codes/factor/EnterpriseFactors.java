package io.energymon.codes.factor;

import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import javax.measure.Unit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The factors of one enterprise: its measured values (§6.3.3.2 f, 实测值) over the reference table. A measured value
 * applies from its effective date on and wins over any reference value; without one the reference value is used.
 * Thread-safe for concurrent reads after construction; {@link #addMeasured} is synchronized.
 */
public final class EnterpriseFactors {

    private final String enterpriseCode;
    private final ConversionFactorTable reference;
    private final List<ConversionFactor> measured = new ArrayList<>();

    public EnterpriseFactors(String enterpriseCode, ConversionFactorTable reference) {
        this.enterpriseCode = enterpriseCode;
        this.reference = reference;
    }

    public String enterpriseCode() {
        return enterpriseCode;
    }

    /**
     * Records a measured factor. When the reference value is a range, a measured value outside it gives a warning
     * (it is still recorded: measurement wins).
     */
    public synchronized ValidationResult addMeasured(SubjectKind kind, String code, ConversionMethod method,
                                                     BigDecimal kgcePerUnit, Unit<?> unit, LocalDate from,
                                                     String record) {
        if (kgcePerUnit == null || kgcePerUnit.signum() <= 0) {
            return ValidationResult.of(Violation.error("factor", "factor.positive", "> 0",
                    "实测折标系数必须大于0", "A measured conversion factor must be greater than 0"));
        }
        ConversionFactor base = reference.find(kind, code, method, from)
                .or(() -> reference.find(kind, code, from))
                .orElse(new ConversionFactor(kind + ":" + code, kind, code, code, code, method, unit,
                        Optional.of(kgcePerUnit), Optional.empty(), Optional.empty(), from, record,
                        FactorOrigin.MEASURED));
        ConversionFactor m = new ConversionFactor(base.key(), kind, code, base.nameZh(), base.nameEn(), method, unit,
                Optional.of(kgcePerUnit), Optional.empty(), Optional.empty(), from, record, FactorOrigin.MEASURED);
        measured.add(m);
        if (base.low().isPresent() && base.high().isPresent() && base.unit().equals(unit)
                && (kgcePerUnit.compareTo(base.low().get()) < 0 || kgcePerUnit.compareTo(base.high().get()) > 0)) {
            return ValidationResult.of(Violation.warning("factor", "factor.outside-reference-range",
                    base.low().get() + "–" + base.high().get(),
                    "实测折标系数 " + kgcePerUnit + " 超出参考区间 " + base.low().get() + "–" + base.high().get()
                            + "，请核对",
                    "Measured factor " + kgcePerUnit + " lies outside the reference range " + base.low().get() + "–"
                            + base.high().get() + "; please check"));
        }
        return ValidationResult.ok();
    }

    /** The factor in force on a date: the latest measured one, else the reference one. */
    public synchronized Optional<ConversionFactor> resolve(SubjectKind kind, String code, ConversionMethod method,
                                                           LocalDate on) {
        Optional<ConversionFactor> m = measured.stream()
                .filter(f -> f.kind() == kind && f.code().equals(code) && f.method() == method
                        && !f.effectiveFrom().isAfter(on))
                .max(java.util.Comparator.comparing(ConversionFactor::effectiveFrom));
        return m.or(() -> reference.find(kind, code, method, on));
    }

    public synchronized List<ConversionFactor> measured() {
        return Collections.unmodifiableList(new ArrayList<>(measured));
    }
}
