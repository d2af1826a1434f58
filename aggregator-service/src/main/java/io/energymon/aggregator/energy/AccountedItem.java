package io.energymon.aggregator.energy;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.codes.factor.SubjectKind;
import io.energymon.codes.itemcode.DataItemCode;
import io.energymon.codes.itemcode.LayoutProfile;
import io.energymon.codes.standard.DataClass;
import io.energymon.formula.unit.BaseDimension;
import io.energymon.formula.unit.Dimension;
import io.energymon.formula.unit.Unit;
import io.energymon.formula.unit.Units;
import java.util.Optional;

/**
 * What a data item is in the energy accounting, read from its code (PROTOCOL.md §3: data class, subject code, use
 * code; process segment) and its unit: an energy type or working medium in some role, a product's output, or a
 * measured conversion factor. Other items (indicators) are not accounted.
 */
public sealed interface AccountedItem {

    String dataCode();

    /** How an energy or medium item counts in comprehensive energy consumption (§6.2 a, b, c). */
    enum Role {
        /** 消费: counted. */
        CONSUMPTION,
        /** 外供: deducted. */
        EXTERNAL_SUPPLY,
        /** 原料用能: counted, and listed on its own. */
        RAW_MATERIAL,
        /** purchase, stock, transformation...: converted to kgce, not counted. */
        OTHER
    }

    /**
     * An energy type (Table A.1) or working medium (Table A.2) in a unit a factor can convert.
     *
     * @param process the process segment ({@code 00} for the whole plant)
     */
    record Energy(String dataCode, SubjectKind kind, String subjectCode, Role role, int scope, String process,
                  Unit unit) implements AccountedItem {
    }

    /** A product's output (national layout: data class 04 and a product code). */
    record Product(String dataCode, String productCode, int scope, String process, String unit)
            implements AccountedItem {
    }

    /**
     * A conversion factor the enterprise measures and reports (§6.3.3.2 f; data classes 05, 06, 07), in kgce or tce
     * per a unit of the subject: its values are measured factors, each in force from its local date.
     *
     * @param numerator   kgce or tce
     * @param denominator the unit of the subject the factor is per, e.g. m3
     */
    record Factor(String dataCode, SubjectKind kind, String subjectCode, ConversionMethod method, Unit numerator,
                  Unit denominator) implements AccountedItem {
    }

    /** The item's place in the accounting, or empty when it has none (or its unit cannot be accounted). */
    static Optional<AccountedItem> of(CatalogItem item, EnergyProperties props) {
        DataItemCode code = DataItemCode.parse(item.dataCode());
        Optional<DataClass> dataClass = DataClass.ofCode(code.dataClass());
        if (dataClass.isEmpty()) {
            return Optional.empty();
        }
        LayoutProfile layout = code.profile();
        int scope = item.config().scope();
        String unitText = item.config().unit();
        return switch (dataClass.get()) {
            case PRIMARY_ENERGY, SECONDARY_ENERGY, WORKING_MEDIUM, RAW_MATERIAL_ENERGY -> {
                DataClass.Subject subject = layout.subjectOf(dataClass.get());
                if (subject == DataClass.Subject.PRODUCT) {
                    yield Optional.of(new Product(item.dataCode(), code.subjectCode(), scope, code.process(),
                            unitText));
                }
                Optional<Unit> unit = Units.parse(unitText);
                if (unit.isEmpty()) {
                    yield Optional.empty();
                }
                SubjectKind kind = subject == DataClass.Subject.WORKING_MEDIUM ? SubjectKind.MEDIUM : SubjectKind.ENERGY;
                Role role = dataClass.get() == DataClass.RAW_MATERIAL_ENERGY
                        || props.rawMaterialUseCodes().contains(code.useCode()) ? Role.RAW_MATERIAL
                        : props.consumptionUseCodes().contains(code.useCode()) ? Role.CONSUMPTION
                        : props.externalSupplyUseCodes().contains(code.useCode()) ? Role.EXTERNAL_SUPPLY
                        : Role.OTHER;
                yield Optional.of(new Energy(item.dataCode(), kind, code.subjectCode(), role, scope, code.process(),
                        unit.get()));
            }
            case PRIMARY_ENERGY_FACTOR, SECONDARY_ENERGY_FACTOR, WORKING_MEDIUM_FACTOR -> factor(item, code,
                    dataClass.get());
            default -> Optional.empty();
        };
    }

    /** A factor item's unit must be {@code kgce/<unit>} or {@code tce/<unit>}. */
    private static Optional<AccountedItem> factor(CatalogItem item, DataItemCode code, DataClass dataClass) {
        String unit = item.config().unit() == null ? "" : item.config().unit().replaceAll("\\s+", "");
        int slash = unit.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<Unit> numerator = Units.parse(unit.substring(0, slash));
        Optional<Unit> denominator = Units.parse(unit.substring(slash + 1));
        if (numerator.isEmpty() || denominator.isEmpty()
                || !numerator.get().dimension().equals(Dimension.of(BaseDimension.COAL_EQUIVALENT))) {
            return Optional.empty();
        }
        boolean medium = dataClass == DataClass.WORKING_MEDIUM_FACTOR;
        // the reference values of working media are equal values (GB/T 2589), those of energy calorific equivalents
        return Optional.of(new Factor(item.dataCode(), medium ? SubjectKind.MEDIUM : SubjectKind.ENERGY,
                code.subjectCode(), medium ? ConversionMethod.EQUAL_VALUE : ConversionMethod.CALORIFIC_EQUIVALENT,
                numerator.get(), denominator.get()));
    }
}
