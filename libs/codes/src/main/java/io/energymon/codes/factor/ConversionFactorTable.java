package io.energymon.codes.factor;

import io.energymon.codes.csv.CsvRows;
import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import javax.measure.Quantity;
import javax.measure.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Versioned conversion factors: several entries may exist for one subject and method, each from its effective date
 * on; {@link #find} picks the one in force on a date. {@link #reference()} holds the GB/T 2589-2020 reference values.
 */
public final class ConversionFactorTable {

    public static final String RESOURCE = "/io/energymon/codes/factor/gbt2589-2020-factors.csv";

    private final List<ConversionFactor> factors;

    public ConversionFactorTable(List<ConversionFactor> factors) {
        this.factors = List.copyOf(factors);
    }

    private static final class Holder {
        static final ConversionFactorTable REFERENCE = CsvRows.fromResource(ConversionFactorTable.class, RESOURCE,
                ConversionFactorTable::read);
    }

    /** The GB/T 2589-2020 reference factors shipped with the module. */
    public static ConversionFactorTable reference() {
        return Holder.REFERENCE;
    }

    /**
     * Reads {@code key,kind,code,nameZh,nameEn,method,unit,value,low,high,effectiveFrom,reference}; lines starting
     * with # are comments.
     */
    public static ConversionFactorTable read(InputStream in) throws IOException {
        return new ConversionFactorTable(CsvRows.read(in, 12, f -> {
            Unit<?> unit = EnergyUnits.bySymbol(f[6]).orElseThrow(() -> new IOException("unknown unit " + f[6]));
            return new ConversionFactor(f[0], SubjectKind.valueOf(f[1]), f[2], f[3], f[4],
                    ConversionMethod.valueOf(f[5]), unit, decimal(f[7]), decimal(f[8]), decimal(f[9]),
                    LocalDate.parse(f[10]), f[11], FactorOrigin.REFERENCE);
        }));
    }

    private static Optional<BigDecimal> decimal(String s) {
        return s.isBlank() ? Optional.empty() : Optional.of(new BigDecimal(s.strip()));
    }

    public List<ConversionFactor> all() {
        return factors;
    }

    /** This table plus more entries (e.g. the yearly equal-value factor of electricity, or a newer edition). */
    public ConversionFactorTable with(List<ConversionFactor> more) {
        List<ConversionFactor> all = new ArrayList<>(factors);
        all.addAll(more);
        return new ConversionFactorTable(all);
    }

    /** The factor in force on a date for a subject code (Table A.1/A.2) and method. */
    public Optional<ConversionFactor> find(SubjectKind kind, String code, ConversionMethod method, LocalDate on) {
        return latest(factors.stream().filter(f -> f.kind() == kind && f.code().equals(code)
                && f.method() == method).toList(), on);
    }

    /** The factor in force on a date for a key such as {@code fresh-water}, whatever the method. */
    public Optional<ConversionFactor> findByKey(String key, ConversionMethod method, LocalDate on) {
        return latest(factors.stream().filter(f -> f.key().equals(key) && f.method() == method).toList(), on);
    }

    /** The factor in force on a date for a subject, whatever the method (the only one the table has, if so). */
    public Optional<ConversionFactor> find(SubjectKind kind, String code, LocalDate on) {
        return latest(factors.stream().filter(f -> f.kind() == kind && f.code().equals(code)).toList(), on);
    }

    private static Optional<ConversionFactor> latest(List<ConversionFactor> candidates, LocalDate on) {
        return candidates.stream().filter(f -> !f.effectiveFrom().isAfter(on))
                .max(Comparator.comparing(ConversionFactor::effectiveFrom));
    }

    /**
     * Converts a quantity to kgce with a factor, converting the quantity to the factor's unit first (e.g. MWh to kWh).
     *
     * @throws CodeFormatException when the units do not match or the factor has only a range
     */
    public static BigDecimal toKgce(Quantity<?> quantity, ConversionFactor factor) {
        if (factor.kgcePerUnit().isEmpty()) {
            throw new CodeFormatException(ValidationResult.of(Violation.error("factor", "factor.range-only",
                    "a measured factor between " + factor.low().orElseThrow() + " and " + factor.high().orElseThrow(),
                    factor.nameZh() + "的参考折标系数为区间 " + factor.low().orElseThrow() + "–"
                            + factor.high().orElseThrow() + " kgce/" + EnergyUnits.symbolOf(factor.unit())
                            + "，请填报实测值",
                    "The reference factor of " + factor.nameEn() + " is a range " + factor.low().orElseThrow() + "–"
                            + factor.high().orElseThrow() + " kgce/" + EnergyUnits.symbolOf(factor.unit())
                            + "; report a measured value")));
        }
        if (!quantity.getUnit().isCompatible(factor.unit())) {
            throw new CodeFormatException(ValidationResult.of(Violation.error("unit", "factor.unit",
                    EnergyUnits.symbolOf(factor.unit()),
                    "计量单位“" + quantity.getUnit() + "”与折标系数单位“" + EnergyUnits.symbolOf(factor.unit())
                            + "”不一致",
                    "Unit '" + quantity.getUnit() + "' does not match the factor's unit '"
                            + EnergyUnits.symbolOf(factor.unit()) + "'")));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Number inFactorUnit = ((Unit) quantity.getUnit()).getConverterTo(factor.unit())
                .convert(quantity.getValue());
        return new BigDecimal(inFactorUnit.toString()).multiply(factor.kgcePerUnit().orElseThrow());
    }
}
