package io.energymon.collector.modbus;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import io.energymon.collector.source.BusPacer;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the points of one Modbus TCP device ({@link Protocol#MODBUS_TCP}) with j2mod. The connection is opened lazily
 * and re-opened after any failure, so a device that comes back is read again at the next slot.
 *
 * <p>Defaults of the device: port 502, unit id 1. Defaults of a point's address: function {@code HOLDING}, data type
 * {@code UINT32}, word order {@code BIG}. A point whose address (or the device's host, port or unit id) is unusable is
 * reported as a BAD reading with the reason on every slot; it never throws.
 */
public final class ModbusTcpSource implements PointSource {
    private static final Logger log = LoggerFactory.getLogger(ModbusTcpSource.class);

    private final DeviceConfig device;
    private final String host;
    private final int port;
    private final int unitId;
    private final String deviceProblem;
    private final Map<Duration, List<Point>> bySlot;
    /** The device's pacing between requests ({@code DeviceConfig.pacing}). */
    private final BusPacer pacer;
    private ModbusTCPMaster master;

    /** A point as read: its decoding, or the reason it cannot be read. */
    private record Point(PointConfig config, int source, int register, RegisterType type, boolean input,
                         boolean highWordFirst, String problem) {
    }

    /**
     * @param device a Modbus TCP device
     * @param points the device's points this collector polls
     */
    public ModbusTcpSource(DeviceConfig device, List<PointConfig> points) {
        if (device.protocol() != Protocol.MODBUS_TCP) {
            throw new IllegalArgumentException("device " + device.id() + " is " + device.protocol() + ", not MODBUS_TCP");
        }
        this.device = device;
        this.host = device.host() == null ? null : device.host().strip();
        this.port = device.port() == null ? 502 : device.port();
        this.unitId = device.unitId() == null ? 1 : device.unitId();
        this.deviceProblem = deviceProblem(device, host, port, unitId);
        Map<Duration, List<Point>> m = new LinkedHashMap<>();
        for (PointConfig p : points) {
            m.computeIfAbsent(PointChecks.effectiveSlot(p), k -> new ArrayList<>()).add(point(p, deviceProblem));
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.bySlot = Map.copyOf(m);
        this.pacer = BusPacer.of(device);
    }

    private static String deviceProblem(DeviceConfig d, String host, int port, int unitId) {
        String what = null;
        if (host == null || host.isEmpty()) {
            what = "no host";
        } else if (port < 1 || port > 65535) {
            what = "port " + port + " is not 1..65535";
        } else if (unitId < 0 || unitId > 255) {
            what = "unit id " + unitId + " is not 0..255";
        } else if (d.timeout().isNegative() || d.timeout().isZero() || d.timeout().toMillis() > Integer.MAX_VALUE) {
            what = "timeout " + d.timeout() + " must be positive";
        }
        return what == null ? null : "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + what;
    }

    private static Point point(PointConfig p, String deviceProblem) {
        int source = PointChecks.effectiveSource(p);
        String problem = deviceProblem != null ? deviceProblem : PointChecks.commonProblem(p);
        if (problem != null) {
            return new Point(p, source, -1, null, false, true, problem);
        }
        PointAddress a = p.address();
        if (a == null || a.register() == null) {
            return new Point(p, source, -1, null, false, true, PointChecks.misconfigured(p, "no Modbus register"));
        }
        RegisterType type;
        try {
            type = a.dataType() == null ? RegisterType.UINT32
                    : RegisterType.valueOf(a.dataType().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Point(p, source, a.register(), null, false, true, PointChecks.misconfigured(p,
                    "dataType must be UINT16, INT16, UINT32, INT32 or FLOAT32, got " + a.dataType()));
        }
        Boolean input = a.function() == null ? Boolean.FALSE : switch (a.function().strip().toUpperCase(Locale.ROOT)) {
            case "HOLDING", "03" -> Boolean.FALSE;
            case "INPUT", "04" -> Boolean.TRUE;
            default -> null;
        };
        if (input == null) {
            return new Point(p, source, a.register(), type, false, true,
                    PointChecks.misconfigured(p, "function must be HOLDING or INPUT, got " + a.function()));
        }
        Boolean highWordFirst = a.wordOrder() == null ? Boolean.TRUE : switch (a.wordOrder().strip().toUpperCase(Locale.ROOT)) {
            case "BIG" -> Boolean.TRUE;
            case "LITTLE" -> Boolean.FALSE;
            default -> null;
        };
        if (highWordFirst == null) {
            return new Point(p, source, a.register(), type, input, true,
                    PointChecks.misconfigured(p, "wordOrder must be BIG or LITTLE, got " + a.wordOrder()));
        }
        if (a.register() < 0 || a.register() + type.words() > 65536) {
            return new Point(p, source, a.register(), type, input, highWordFirst, PointChecks.misconfigured(p,
                    "register " + a.register() + " is outside 0.." + (65536 - type.words())));
        }
        return new Point(p, source, a.register(), type, input, highWordFirst, null);
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    @Override
    public List<Reading> read(Instant slot, Duration slotLength) {
        List<Point> points = bySlot.getOrDefault(slotLength, List.of());
        List<Reading> out = new ArrayList<>(points.size());
        String unreachable = null; // once the device cannot be connected to, its other points are not tried again
        for (Point p : points) {
            if (p.problem() != null) {
                out.add(Reading.bad(p.config().id(), slot, p.source(), p.problem()));
                continue;
            }
            if (unreachable == null && master == null) {
                try {
                    connection();
                } catch (Exception e) {
                    unreachable = "device " + device.id() + " (" + host + ":" + port + " unit " + unitId
                            + ") unreachable: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                    log.warn("Modbus connect failed: {}", unreachable);
                    disconnect();
                }
            }
            out.add(unreachable != null ? Reading.bad(p.config().id(), slot, p.source(), unreachable) : readPoint(p, slot));
        }
        return out;
    }

    private Reading readPoint(Point p, Instant slot) {
        pacer.awaitTurn();
        try {
            ModbusTCPMaster m = connection();
            int words = p.type().words();
            InputRegister[] regs = p.input()
                    ? m.readInputRegisters(unitId, p.register(), words)
                    : m.readMultipleRegisters(unitId, p.register(), words);
            if (regs == null || regs.length != words) {
                throw new IllegalStateException("expected " + words + " registers, got " + (regs == null ? 0 : regs.length));
            }
            int[] raw = new int[words];
            for (int i = 0; i < words; i++) {
                raw[i] = regs[i].toUnsignedShort();
            }
            BigDecimal value = p.type().decode(raw, p.highWordFirst()).multiply(p.config().scale()).stripTrailingZeros();
            return Reading.good(p.config().id(), slot, value.scale() < 0 ? value.setScale(0) : value, p.source());
        } catch (Exception e) {
            String reason = "device " + device.id() + " (" + host + ":" + port + " unit " + unitId + ") register "
                    + p.register() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("Modbus read failed: {}", reason);
            disconnect();
            return Reading.bad(p.config().id(), slot, p.source(), reason);
        } finally {
            pacer.requestDone();
        }
    }

    private ModbusTCPMaster connection() throws Exception {
        if (master == null) {
            ModbusTCPMaster m = new ModbusTCPMaster(host, port, (int) device.timeout().toMillis(), true);
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
