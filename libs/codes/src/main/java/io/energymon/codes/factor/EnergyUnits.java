package io.energymon.codes.factor;

import tech.units.indriya.unit.Units;

import javax.measure.Quantity;
import javax.measure.Unit;
import javax.measure.quantity.Energy;
import javax.measure.quantity.Mass;
import javax.measure.quantity.Volume;
import java.util.Map;
import java.util.Optional;

import static javax.measure.MetricPrefix.GIGA;
import static javax.measure.MetricPrefix.KILO;
import static javax.measure.MetricPrefix.MEGA;

/** Units of measure of the factors, built on indriya, with the short symbols used in the resource files. */
public final class EnergyUnits {

    public static final Unit<Mass> KILOGRAM = Units.KILOGRAM;
    public static final Unit<Mass> TONNE = Units.KILOGRAM.multiply(1000);
    public static final Unit<Volume> CUBIC_METRE = Units.CUBIC_METRE;
    /** 10⁴ m³ (万立方米). */
    public static final Unit<Volume> TEN_THOUSAND_CUBIC_METRES = Units.CUBIC_METRE.multiply(10_000);
    public static final Unit<Energy> KILOWATT_HOUR = KILO(Units.WATT).multiply(Units.HOUR).asType(Energy.class);
    public static final Unit<Energy> MEGAWATT_HOUR = MEGA(Units.WATT).multiply(Units.HOUR).asType(Energy.class);
    /** 10⁴ kWh (万千瓦时). */
    public static final Unit<Energy> TEN_THOUSAND_KILOWATT_HOURS = KILOWATT_HOUR.multiply(10_000);
    public static final Unit<Energy> MEGAJOULE = MEGA(Units.JOULE);
    public static final Unit<Energy> GIGAJOULE = GIGA(Units.JOULE);

    private static final Map<String, Unit<?>> BY_SYMBOL = Map.of(
            "kg", KILOGRAM, "t", TONNE, "m3", CUBIC_METRE, "10^4m3", TEN_THOUSAND_CUBIC_METRES,
            "kWh", KILOWATT_HOUR, "MWh", MEGAWATT_HOUR, "10^4kWh", TEN_THOUSAND_KILOWATT_HOURS,
            "MJ", MEGAJOULE, "GJ", GIGAJOULE);

    private EnergyUnits() {
    }

    /** The unit of a symbol of the resource files: kg, t, m3, 10^4m3, kWh, MWh, 10^4kWh, MJ, GJ. */
    public static Optional<Unit<?>> bySymbol(String symbol) {
        return Optional.ofNullable(BY_SYMBOL.get(symbol));
    }

    /** The symbol of a unit of this class. */
    public static String symbolOf(Unit<?> unit) {
        return BY_SYMBOL.entrySet().stream().filter(e -> e.getValue().equals(unit)).map(Map.Entry::getKey)
                .findFirst().orElse(unit.toString());
    }

    /** True when a quantity can be expressed in the unit (same dimension). */
    public static boolean compatible(Quantity<?> q, Unit<?> unit) {
        return q.getUnit().isCompatible(unit);
    }
}
