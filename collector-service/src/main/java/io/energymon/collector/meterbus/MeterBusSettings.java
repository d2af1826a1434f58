package io.energymon.collector.meterbus;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a {@link MeterBusSource} needs besides its device and points to back-fill gaps with the meters' frozen daily
 * values.
 *
 * @param zone      the zone the meters' clocks run in (the enterprise's: their daily freeze is at local midnight)
 * @param maxDays   most frozen days read back after one gap (0: never back-fill)
 * @param stateFile where the last slot read of each point is kept so a gap across a restart is back-filled too
 *                  (written atomically after every change); null keeps it in memory only
 */
public record MeterBusSettings(ZoneId zone, int maxDays, Path stateFile) {
    /** Up to 62 days (what a DL/T 645-2007 meter stores), in Asia/Shanghai, state in memory only. */
    public static final MeterBusSettings DEFAULT = new MeterBusSettings(ZoneId.of("Asia/Shanghai"), 62, null);

    public MeterBusSettings {
        Objects.requireNonNull(zone, "zone");
        if (maxDays < 0) {
            throw new IllegalArgumentException("maxDays must not be negative, got " + maxDays);
        }
    }
}
