package io.energymon.collector.sql;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the collector reads {@code SQL} devices, bound from {@code energymon.collector.sql.*}.
 *
 * @param watermarkDir where the watermarks of incrementally pulled points are kept (default
 *                     {@code data/collector-watermarks}, relative to the working directory; keep it on the same
 *                     persistent disk as {@code buffer-dir})
 * @param lookBack     how far back the first pull of an incremental point reaches, when it has no watermark yet
 *                     (default {@code P1D})
 * @param driverDir    a directory of JDBC driver jars loaded at start besides those on the class path (default none:
 *                     the PostgreSQL driver is built in)
 */
@ConfigurationProperties("energymon.collector.sql")
public record SqlProperties(@DefaultValue("data/collector-watermarks") Path watermarkDir,
                            @DefaultValue("P1D") Duration lookBack,
                            Path driverDir) {
    public SqlProperties {
        if (watermarkDir == null) {
            throw new IllegalArgumentException("energymon.collector.sql.watermark-dir must be set");
        }
        if (lookBack == null || lookBack.isNegative()) {
            throw new IllegalArgumentException("energymon.collector.sql.look-back must be >= 0, got " + lookBack);
        }
    }
}
