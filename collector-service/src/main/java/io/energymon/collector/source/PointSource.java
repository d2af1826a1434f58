package io.energymon.collector.source;

import io.energymon.domain.event.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A device or system the collector reads points from (Modbus device, DL/T 645 meter, OPC UA server, SQL table...).
 * One instance per device of the poll plan, made for that device's configuration and its points; a configuration
 * change of the device replaces the instance. The poller never calls {@link #read}, {@link #readSlot} or
 * {@link #close} of one instance concurrently (each device is read on its own worker thread, one read at a time; the
 * thread may differ from one slot to the next).
 */
public interface PointSource extends AutoCloseable {

    /** Device id, for logs and metrics. */
    String deviceId();

    /**
     * Reads the device's points whose slot is {@code slotLength}, stamping each reading with {@code slot} (the slot
     * start). Never throws for a device or configuration problem: a point that cannot be read comes back as a BAD
     * reading with the reason, so polling never silently stops and never repeats a stale value.
     */
    List<Reading> read(Instant slot, Duration slotLength);

    /**
     * {@link #read} with whether the device answered, for the poller's supervision (see {@link SlotRead}). The default
     * classifies the readings with {@link SlotRead#classify}; a source that knows better (e.g. an error reply is an
     * answer) may override it. Never throws, like {@link #read}.
     */
    default SlotRead readSlot(Instant slot, Duration slotLength) {
        return SlotRead.classify(read(slot, slotLength));
    }

    /**
     * The time the readings of a poll of slot {@code slot} are stamped with: the slot start by default; a source that
     * reads the slot that has just ended (SQL pull) says so. The poller stamps the BAD readings it makes for the
     * device (no answer within the budget, busy, backing off) with it.
     */
    default Instant readingTime(Instant slot, Duration slotLength) {
        return slot;
    }

    @Override
    void close();
}
