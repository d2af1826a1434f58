package io.energymon.collector.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The meter buses (DL/T 645, CJ/T 188). Bound from {@code energymon.collector.meter-bus.*}.
 *
 * @param backfillMaxDays most days of a meter's daily frozen values read back to fill one gap after an outage
 *                        (default 62, what a DL/T 645-2007 meter keeps; 0 turns back-fill off)
 * @param stateDir        directory where the last slot read of each meter-bus point is kept, one file per device,
 *                        so that a gap spanning a restart of the collector is back-filled too (default
 *                        {@code data/collector-meter-bus}, relative to the working directory; blank = memory only)
 */
@ConfigurationProperties("energymon.collector.meter-bus")
public record MeterBusProperties(@DefaultValue("62") int backfillMaxDays,
                                 @DefaultValue("data/collector-meter-bus") String stateDir) {
    /** The defaults, with the state in memory only (tests). */
    public static final MeterBusProperties IN_MEMORY = new MeterBusProperties(62, "");

    public MeterBusProperties {
        if (backfillMaxDays < 0 || backfillMaxDays > 62) {
            throw new IllegalArgumentException("energymon.collector.meter-bus.backfill-max-days must be 0..62, got "
                    + backfillMaxDays);
        }
    }

    /** The state directory, or null when the state is kept in memory only. */
    public Path stateDirectory() {
        return stateDir == null || stateDir.isBlank() ? null : Path.of(stateDir.strip());
    }
}
