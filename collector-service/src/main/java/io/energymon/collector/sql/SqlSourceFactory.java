package io.energymon.collector.sql;

import io.energymon.collector.credentials.Credentials;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Makes the {@link SqlSource} of each SQL device of the poll plan, with the collector's credentials and disk. */
@Component
public class SqlSourceFactory {
    private final Credentials credentials;
    private final WatermarkStore watermarks;
    private final JdbcDrivers drivers;
    private final SqlMetrics metrics;
    private final Duration lookBack;
    private final Clock clock;

    @Autowired
    public SqlSourceFactory(SqlProperties props, Credentials credentials, MeterRegistry registry) {
        this(credentials, new WatermarkStore(props.watermarkDir()), JdbcDrivers.withDirectory(props.driverDir()),
                new SqlMetrics(registry), props.lookBack(), Clock.systemUTC());
    }

    public SqlSourceFactory(Credentials credentials, WatermarkStore watermarks, JdbcDrivers drivers,
                            SqlMetrics metrics, Duration lookBack, Clock clock) {
        this.credentials = credentials;
        this.watermarks = watermarks;
        this.drivers = drivers;
        this.metrics = metrics;
        this.lookBack = lookBack;
        this.clock = clock;
    }

    public SqlSource create(String tenantId, String enterpriseCode, DeviceConfig device, List<PointConfig> points) {
        return new SqlSource(tenantId, enterpriseCode, device, points, credentials, watermarks, drivers, metrics,
                lookBack, clock);
    }
}
