package io.energymon.aggregator.energy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.aggregator.energy.*}: how data items count in the energy accounting (§6.2).
 *
 * <p>The use code (数据用途, the last two digits of a data item code) comes from the platform's code list, which has
 * no public national edition; the defaults follow the list the platform simulator hands out (11 consumption 消费量,
 * 14 supplied to others 外供量). DB36 data class 04 is raw-material use (原料用能) whatever its use code.
 *
 * @param consumptionUseCodes    use codes of consumption items (counted in comprehensive energy consumption)
 * @param externalSupplyUseCodes use codes of external supply items (外供, deducted)
 * @param rawMaterialUseCodes    use codes that also mean raw-material use (for layouts without a class for it)
 * @param productShareMin        §6.3.4 b: the least share of comprehensive energy consumption the energy attributed
 *                               to the reported products must reach (0.80)
 * @param electricityEqualValue  the equal-value factor of electricity (等价值, kgce/kWh), which is set yearly and not
 *                               shipped with GB/T 2589: first day it applies ({@code yyyy-MM-dd}) → value; empty by
 *                               default, when electricity has no equal-value figure
 */
@ConfigurationProperties("energymon.aggregator.energy")
public record EnergyProperties(@DefaultValue("11") Set<String> consumptionUseCodes,
                               @DefaultValue("14") Set<String> externalSupplyUseCodes,
                               @DefaultValue({}) Set<String> rawMaterialUseCodes,
                               @DefaultValue("0.80") BigDecimal productShareMin,
                               Map<String, BigDecimal> electricityEqualValue) {
    public EnergyProperties {
        consumptionUseCodes = consumptionUseCodes == null ? Set.of() : Set.copyOf(consumptionUseCodes);
        externalSupplyUseCodes = externalSupplyUseCodes == null ? Set.of() : Set.copyOf(externalSupplyUseCodes);
        rawMaterialUseCodes = rawMaterialUseCodes == null ? Set.of() : Set.copyOf(rawMaterialUseCodes);
        electricityEqualValue = electricityEqualValue == null ? Map.of() : Map.copyOf(electricityEqualValue);
        if (productShareMin.signum() < 0 || productShareMin.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("energymon.aggregator.energy.product-share-min must be within 0..1, got "
                    + productShareMin);
        }
    }

    /** The defaults, for code that is not bound (tests). */
    public static EnergyProperties defaults() {
        return new EnergyProperties(Set.of("11"), Set.of("14"), Set.of(), new BigDecimal("0.80"), Map.of());
    }
}
