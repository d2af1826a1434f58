package io.energymon.collector.source;

import io.energymon.domain.event.Reading;
import java.time.Instant;
import java.util.List;

/**
 * A device or system the collector reads points from (Modbus device, DL/T 645 meter, OPC UA server, SQL table...).
 * One instance per device; the poller calls {@link #read} once per slot from a single thread.
 */
public interface PointSource extends AutoCloseable {

    /** Device id, for logs and metrics. */
    String deviceId();

    /**
     * Reads every point of the device. Never throws for a device problem: a point that cannot be read comes back as
     * a BAD reading with the reason, so polling never silently stops and never repeats a stale value.
     */
    List<Reading> read(Instant slot);

    @Override
    void close();
}
