package io.energymon.formula.unit;

import java.math.BigDecimal;

/**
 * A unit as written, its dimension and its scale: how many base units one of it is (base units: J, kg, m3, s,
 * kgce, 元). Example: {@code kWh} = energy, 3 600 000.
 */
public record Unit(String text, Dimension dimension, BigDecimal scale) {
}
