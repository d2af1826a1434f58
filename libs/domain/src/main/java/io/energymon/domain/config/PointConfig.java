package io.energymon.domain.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A point 采集点: one measured quantity, read from a device, derived by the collector from other points, or entered
 * by hand (when {@code deviceId} and {@code steam} are null).
 *
 * @param id          unique within the enterprise, e.g. {@code main-meter.active-energy}
 * @param name        what it is
 * @param deviceId    the device it is read from; null for derived points and points entered by hand or by another
 *                    system
 * @param meterCode   the meter it belongs to (§7.12), optional
 * @param address     where it is on the device
 * @param kind        cumulative or instantaneous
 * @param unit        unit of the value after scaling, e.g. {@code kWh}, {@code m3}, {@code t}, {@code kW}
 * @param scale       multiplier from the raw value to the unit (default 1), e.g. 0.01 or a CT/PT ratio
 * @param slot        poll slot (default 15 minutes); must divide a day
 * @param rolloverMax a cumulative counter's maximum, after which it starts again from 0; optional
 * @param source      data source code of Table 3 (default 4: meter)
 * @param offset      added after scaling: value = raw × scale + offset (default 0), e.g. a 4-20 mA zero
 * @param steam       set for a point the collector derives from steam flow, pressure and temperature (deviceId null)
 */
public record PointConfig(String id, String name, String deviceId, String meterCode, PointAddress address,
                          PointKind kind, String unit, BigDecimal scale, Duration slot, BigDecimal rolloverMax,
                          Integer source, BigDecimal offset, SteamHeat steam) {
    public PointConfig {
        kind = kind == null ? PointKind.CUMULATIVE : kind;
        scale = scale == null ? BigDecimal.ONE : scale;
        slot = slot == null ? Duration.ofMinutes(15) : slot;
        source = source == null ? 4 : source;
        offset = offset == null ? BigDecimal.ZERO : offset;
    }

    /** A point without offset that is not derived. */
    public PointConfig(String id, String name, String deviceId, String meterCode, PointAddress address,
                       PointKind kind, String unit, BigDecimal scale, Duration slot, BigDecimal rolloverMax,
                       Integer source) {
        this(id, name, deviceId, meterCode, address, kind, unit, scale, slot, rolloverMax, source, null, null);
    }
}
