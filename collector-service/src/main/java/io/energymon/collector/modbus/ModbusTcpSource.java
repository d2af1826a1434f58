package io.energymon.collector.modbus;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import io.energymon.collector.config.CollectorProperties.DeviceConfig;
import io.energymon.collector.config.CollectorProperties.PointConfig;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the points of one Modbus TCP device with j2mod. The connection is opened lazily and re-opened after any
 * failure, so a device that comes back is read again at the next slot.
 */
public final class ModbusTcpSource implements PointSource {
    private static final Logger log = LoggerFactory.getLogger(ModbusTcpSource.class);

    private final DeviceConfig device;
    private final List<Point> points;
    private ModbusTCPMaster master;

    private record Point(PointConfig config, RegisterType type, boolean input, boolean highWordFirst) {
    }

    public ModbusTcpSource(DeviceConfig device) {
        this.device = device;
        this.points = device.points().stream().map(ModbusTcpSource::point).toList();
    }

    private static Point point(PointConfig p) {
        RegisterType type = RegisterType.valueOf(p.type().toUpperCase(Locale.ROOT));
        boolean input = switch (p.function().toUpperCase(Locale.ROOT)) {
            case "HOLDING", "03" -> false;
            case "INPUT", "04" -> true;
            default -> throw new IllegalArgumentException("point " + p.id() + ": function must be HOLDING or INPUT, got " + p.function());
        };
        boolean highWordFirst = switch (p.wordOrder().toUpperCase(Locale.ROOT)) {
            case "BIG" -> true;
            case "LITTLE" -> false;
            default -> throw new IllegalArgumentException("point " + p.id() + ": wordOrder must be BIG or LITTLE, got " + p.wordOrder());
        };
        return new Point(p, type, input, highWordFirst);
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    @Override
    public List<Reading> read(Instant slot) {
        List<Reading> out = new ArrayList<>(points.size());
        for (Point p : points) {
            out.add(readPoint(p, slot));
        }
        return out;
    }

    private Reading readPoint(Point p, Instant slot) {
        try {
            ModbusTCPMaster m = connection();
            int words = p.type().words();
            InputRegister[] regs = p.input()
                    ? m.readInputRegisters(device.unitId(), p.config().register(), words)
                    : m.readMultipleRegisters(device.unitId(), p.config().register(), words);
            if (regs == null || regs.length != words) {
                throw new IllegalStateException("expected " + words + " registers, got " + (regs == null ? 0 : regs.length));
            }
            int[] raw = new int[words];
            for (int i = 0; i < words; i++) {
                raw[i] = regs[i].toUnsignedShort();
            }
            BigDecimal value = p.type().decode(raw, p.highWordFirst()).multiply(p.config().scale()).stripTrailingZeros();
            return Reading.good(p.config().id(), slot, value.scale() < 0 ? value.setScale(0) : value, p.config().source());
        } catch (Exception e) {
            String reason = "device " + device.id() + " (" + device.host() + ":" + device.port() + " unit " + device.unitId()
                    + ") register " + p.config().register() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("Modbus read failed: {}", reason);
            disconnect();
            return Reading.bad(p.config().id(), slot, p.config().source(), reason);
        }
    }

    private ModbusTCPMaster connection() throws Exception {
        if (master == null) {
            ModbusTCPMaster m = new ModbusTCPMaster(device.host(), device.port(), (int) device.timeout().toMillis(), true);
            m.setRetries(0);
            m.connect();
            master = m;
        }
        return master;
    }

    private void disconnect() {
        if (master != null) {
            try {
                master.disconnect();
            } catch (RuntimeException e) {
                log.debug("disconnect of {} failed", device.id(), e);
            }
            master = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
