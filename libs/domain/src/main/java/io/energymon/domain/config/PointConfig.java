package io.energymon.domain.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A point 采集点: one measured quantity, read from a device (or entered by hand when {@code deviceId} is null).
 *
 * @param id          unique within the enterprise, e.g. {@code main-meter.active-energy}
 * @param name        what it is
 * @param deviceId    the device it is read from; null for points entered by hand or by another system
 * @param meterCode   the meter it belongs to (§7.12), optional
 * @param address     where it is on the device
 * @param kind        cumulative or instantaneous
 * @param unit        unit of the value after scaling, e.g. {@code kWh}, {@code m3}, {@code t}, {@code kW}
 * @param scale       multiplier from the raw value to the unit (default 1), e.g. 0.01 or a CT/PT ratio
 * @param slot        poll slot (default 15 minutes); must divide a day
 * @param rolloverMax a cumulative counter's maximum, after which it starts again from 0; optional
 * @param source      data source code of Table 3 (default 4: meter)
 */
public record PointConfig(String id, String name, String deviceId, String meterCode, PointAddress address,
                          PointKind kind, String unit, BigDecimal scale, Duration slot, BigDecimal rolloverMax,
                          Integer source) {
    public PointConfig {
        kind = kind == null ? PointKind.CUMULATIVE : kind;
        scale = scale == null ? BigDecimal.ONE : scale;
        slot = slot == null ? Duration.ofMinutes(15) : slot;
        source = source == null ? 4 : source;
    }
}
