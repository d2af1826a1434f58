package io.energymon.collector.dlt645;

import java.math.BigDecimal;

/**
 * A value read from a meter.
 *
 * @param value the decoded number
 * @param unit  its unit ({@code kWh}, {@code V}, {@code A}, {@code kW})
 * @param more  the meter announced more frames (reply with more data to follow)
 */
public record Dlt645Value(BigDecimal value, String unit, boolean more) {
}
