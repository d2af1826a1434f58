package io.energymon.collector.source;

import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A device this collector cannot read (a protocol not implemented yet, or a device whose configuration is unusable):
 * each of its points is a BAD reading with the reason on every slot, so nothing silently disappears.
 */
public final class UnsupportedSource implements PointSource {
    private final String deviceId;
    private final List<PointConfig> points;
    private final String reason;

    public UnsupportedSource(String deviceId, List<PointConfig> points, String reason) {
        this.deviceId = deviceId;
        this.points = List.copyOf(points);
        this.reason = reason;
    }

    /** The reason of a device whose protocol this collector does not implement yet. */
    public static String unsupportedProtocol(Object protocol) {
        return "协议 " + protocol + " 尚未支持 / protocol " + protocol + " not supported by this collector yet";
    }

    public String reason() {
        return reason;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public List<Reading> read(Instant slot, Duration slotLength) {
        List<Reading> out = new ArrayList<>();
        for (PointConfig p : points) {
            if (PointChecks.effectiveSlot(p).equals(slotLength)) {
                out.add(Reading.bad(p.id(), slot, PointChecks.effectiveSource(p), reason));
            }
        }
        return out;
    }

    /** Nothing is asked from the device: its BAD readings never make it look defective. */
    @Override
    public SlotRead readSlot(Instant slot, Duration slotLength) {
        return SlotRead.notAsked(read(slot, slotLength));
    }

    @Override
    public void close() {
        // nothing is held
    }
}
