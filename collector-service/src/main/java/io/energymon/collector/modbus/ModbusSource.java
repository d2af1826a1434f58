package io.energymon.collector.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.energymon.collector.modbus.RegisterReader.ExceptionReply;
import io.energymon.collector.modbus.RegisterReader.MalformedReply;
import io.energymon.collector.serial.SerialFormat;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Reading;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the points of one Modbus device, over any of the three transports:
 * <ul>
 *   <li>{@link Protocol#MODBUS_TCP}: Modbus TCP (MBAP header, j2mod), {@code host}, {@code port} (default 502);</li>
 *   <li>{@link Protocol#MODBUS_RTU_OVER_TCP}: RTU frames (unit id, PDU, CRC) through a transparent serial-to-TCP
 *       gateway, {@code host}, {@code port} (default 502), each reply's CRC checked ({@link RtuOverTcpReader});</li>
 *   <li>{@link Protocol#MODBUS_RTU}: RTU on a serial port of this machine (j2mod with jSerialComm),
 *       {@code serialPort}, {@code serialFormat} (default {@code 9600-8N1}).</li>
 * </ul>
 * The points of each slot length are merged into as few read requests as {@code maxSpan} (default 125 registers) and
 * {@code maxGap} (default 0) allow ({@link RequestPlanner}); the requests are sent one at a time, at least
 * {@code pacing} apart (default none over TCP, 20 ms for RTU and RTU over TCP: the bus behind a gateway needs its
 * silent interval too). An exception reply or a timeout makes the points of that request BAD with the reason; the
 * other requests are still sent. A device that cannot be connected to makes all its points BAD for this slot. The
 * connection is opened lazily, kept between polls and re-opened after a failure. Point values: raw × scale + offset
 * (exact), decoded per {@link RegisterType} and {@link RegisterOrder}. A point whose address (or the device's
 * settings) is unusable is a BAD reading with the reason on every slot; {@link #read} never throws.
 */
public final class ModbusSource implements PointSource {
    /** Default pacing on an RTU bus (serial, or behind a gateway). */
    public static final Duration RTU_PACING = Duration.ofMillis(20);
    private static final Logger log = LoggerFactory.getLogger(ModbusSource.class);

    private final DeviceConfig device;
    private final ModbusMetrics metrics;
    private final String protocolTag;
    private final String where;
    private final int unitId;
    private final long pacingNanos;
    private final RegisterReader reader;
    private final Map<Duration, SlotPlan> bySlot;
    private long lastRequestEnd;
    private boolean anyRequest;

    /** A point as configured: its checked address, or why it cannot be read. */
    private record Entry(PointConfig config, int source, ModbusPoint point, String problem) {
    }

    /** The points of one slot length and the requests reading them. */
    private record SlotPlan(List<Entry> entries, List<ReadRequest> requests, Map<ModbusPoint, Integer> requestOf) {
    }

    /** The registers of one request, or why there are none. */
    private record Outcome(int[] registers, String failure) {
    }

    /**
     * @param device  a Modbus device (any of the three Modbus protocols)
     * @param points  the device's points this collector polls
     * @param metrics where requests are counted
     */
    public ModbusSource(DeviceConfig device, List<PointConfig> points, ModbusMetrics metrics) {
        if (device.protocol() == null || !device.protocol().isModbus()) {
            throw new IllegalArgumentException("device " + device.id() + " is " + device.protocol() + ", not Modbus");
        }
        this.device = device;
        this.metrics = metrics;
        this.protocolTag = device.protocol().name().toLowerCase(Locale.ROOT);
        this.unitId = device.unitId() == null ? 1 : device.unitId();
        String host = device.host() == null ? null : device.host().strip();
        int port = device.port() == null ? Modbus.DEFAULT_PORT : device.port();
        String problem = null;
        RegisterReader r = null;
        SerialFormat format = null;
        try {
            if (device.protocol() == Protocol.MODBUS_RTU) {
                format = SerialFormat.parse(device.serialFormat(), device.protocol());
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        String portName = device.serialPort() == null ? null : device.serialPort().strip();
        this.where = (device.protocol() == Protocol.MODBUS_RTU ? portName + " " + (format == null
                ? device.serialFormat() : format) : host + ":" + port) + " unit " + unitId;
        int maxSpan = device.maxSpan() == null ? RequestPlanner.MAX_SPAN : device.maxSpan();
        int maxGap = device.maxGap() == null ? 0 : device.maxGap();
        Duration pacing = device.pacing() != null ? device.pacing()
                : device.protocol() == Protocol.MODBUS_TCP ? Duration.ZERO : RTU_PACING;
        if (problem == null) {
            problem = deviceProblem(device, host, port, portName, maxSpan, maxGap, pacing);
        }
        if (problem != null) {
            problem = "设备 " + device.id() + " 配置错误 / device " + device.id() + " misconfigured: " + problem;
        } else {
            int timeout = (int) device.timeout().toMillis();
            SerialFormat f = format;
            r = switch (device.protocol()) {
                case MODBUS_TCP -> new J2modReader(() -> new ModbusTCPMaster(host, port, timeout, false, false),
                        device.timeout());
                case MODBUS_RTU_OVER_TCP -> new RtuOverTcpReader(host, port, device.timeout());
                default -> new J2modReader(() -> new ModbusSerialMaster(serialParameters(portName, f), timeout),
                        device.timeout());
            };
        }
        this.reader = r;
        this.pacingNanos = pacing.isNegative() ? 0 : pacing.toNanos();
        Map<Duration, List<Entry>> entries = new LinkedHashMap<>();
        for (PointConfig p : points) {
            entries.computeIfAbsent(PointChecks.effectiveSlot(p), k -> new ArrayList<>())
                    .add(entry(p, problem, maxSpan));
        }
        Map<Duration, SlotPlan> plans = new LinkedHashMap<>();
        entries.forEach((slot, list) -> plans.put(slot, plan(list, maxSpan, maxGap)));
        this.bySlot = Map.copyOf(plans);
    }

    private String deviceProblem(DeviceConfig d, String host, int port, String portName, int maxSpan, int maxGap,
                                 Duration pacing) {
        boolean rtu = d.protocol() != Protocol.MODBUS_TCP;
        if (d.protocol() == Protocol.MODBUS_RTU) {
            if (portName == null || portName.isEmpty()) {
                return "no serialPort (e.g. /dev/ttyUSB0 or COM3)";
            }
        } else if (host == null || host.isEmpty()) {
            return "no host";
        } else if (port < 1 || port > 65535) {
            return "port " + port + " is not 1..65535";
        }
        if (rtu ? unitId < 1 || unitId > 247 : unitId < 0 || unitId > 255) {
            return "unit id " + unitId + " is not " + (rtu ? "1..247 (RTU slave address)" : "0..255");
        }
        if (d.timeout().isNegative() || d.timeout().isZero() || d.timeout().toMillis() > Integer.MAX_VALUE) {
            return "timeout " + d.timeout() + " must be positive";
        }
        if (maxSpan < 1 || maxSpan > RequestPlanner.MAX_SPAN) {
            return "maxSpan " + maxSpan + " is not 1.." + RequestPlanner.MAX_SPAN + " registers";
        }
        if (maxGap < 0 || maxGap >= RequestPlanner.MAX_SPAN) {
            return "maxGap " + maxGap + " is not 0.." + (RequestPlanner.MAX_SPAN - 1) + " registers";
        }
        if (pacing.isNegative() || pacing.compareTo(Duration.ofMinutes(1)) > 0) {
            return "pacing " + pacing + " is not 0..PT1M";
        }
        return null;
    }

    private static SerialParameters serialParameters(String portName, SerialFormat f) {
        int parity = switch (f.parity()) {
            case NONE -> AbstractSerialConnection.NO_PARITY;
            case EVEN -> AbstractSerialConnection.EVEN_PARITY;
            case ODD -> AbstractSerialConnection.ODD_PARITY;
        };
        SerialParameters p = new SerialParameters(portName, f.baudRate(), AbstractSerialConnection.FLOW_CONTROL_DISABLED,
                AbstractSerialConnection.FLOW_CONTROL_DISABLED, f.dataBits(),
                f.stopBits() == 2 ? AbstractSerialConnection.TWO_STOP_BITS : AbstractSerialConnection.ONE_STOP_BIT,
                parity, false);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        return p;
    }

    private static Entry entry(PointConfig p, String deviceProblem, int maxSpan) {
        int source = PointChecks.effectiveSource(p);
        String problem = deviceProblem != null ? deviceProblem : PointChecks.commonProblem(p);
        if (problem != null) {
            return new Entry(p, source, null, problem);
        }
        PointAddress a = p.address();
        if (a == null || a.register() == null) {
            return new Entry(p, source, null, PointChecks.misconfigured(p, "no Modbus register"));
        }
        try {
            RegisterTable table = RegisterTable.of(a.function());
            RegisterType type = RegisterType.of(a.dataType());
            RegisterOrder order = RegisterOrder.of(a.wordOrder(), a.byteOrder());
            if (a.register() < 0 || a.register() + type.words() > 65536) {
                throw new IllegalArgumentException("register " + a.register() + " is outside 0.."
                        + (65536 - type.words()) + " for " + type);
            }
            if (type.words() > maxSpan) {
                throw new IllegalArgumentException(type + " takes " + type.words()
                        + " registers, more than the device's maxSpan " + maxSpan);
            }
            return new Entry(p, source, new ModbusPoint(p, source, table, a.register(), type, order), null);
        } catch (IllegalArgumentException e) {
            return new Entry(p, source, null, PointChecks.misconfigured(p, e.getMessage()));
        }
    }

    private static SlotPlan plan(List<Entry> entries, int maxSpan, int maxGap) {
        List<ModbusPoint> readable = entries.stream().filter(e -> e.point() != null).map(Entry::point).toList();
        List<ReadRequest> requests = readable.isEmpty() ? List.of() : RequestPlanner.plan(readable, maxSpan, maxGap);
        Map<ModbusPoint, Integer> requestOf = new IdentityHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            for (ModbusPoint p : requests.get(i).points()) {
                requestOf.put(p, i);
            }
        }
        return new SlotPlan(List.copyOf(entries), requests, requestOf);
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    @Override
    public List<Reading> read(Instant slot, Duration slotLength) {
        SlotPlan plan = bySlot.get(slotLength);
        if (plan == null) {
            return List.of();
        }
        Outcome[] outcomes = new Outcome[plan.requests().size()];
        String unreachable = null; // once the device cannot be connected to, its other requests are not tried
        for (int i = 0; i < outcomes.length; i++) {
            if (unreachable == null && !reader.isOpen()) {
                unreachable = connect();
            }
            outcomes[i] = unreachable != null ? new Outcome(null, unreachable) : execute(plan.requests().get(i));
        }
        List<Reading> out = new ArrayList<>(plan.entries().size());
        for (Entry e : plan.entries()) {
            if (e.problem() != null) {
                out.add(Reading.bad(e.config().id(), slot, e.source(), e.problem()));
                continue;
            }
            int index = plan.requestOf().get(e.point());
            Outcome o = outcomes[index];
            if (o.failure() != null) {
                out.add(Reading.bad(e.config().id(), slot, e.source(), o.failure()));
                continue;
            }
            try {
                out.add(Reading.good(e.config().id(), slot, e.point().value(o.registers(),
                        plan.requests().get(index).start()), e.source()));
            } catch (IllegalArgumentException ex) {
                String reason = "设备 " + device.id() + " (" + where + ") 寄存器 " + e.point().register()
                        + " / register " + e.point().register() + ": " + ex.getMessage();
                log.warn("Modbus point {}: {}", e.config().id(), reason);
                out.add(Reading.bad(e.config().id(), slot, e.source(), reason));
            }
        }
        return out;
    }

    /** Opens the connection (or port); null when open, else the reason. */
    private String connect() {
        pace();
        long started = System.nanoTime();
        try {
            reader.connect();
            return null;
        } catch (IOException | RuntimeException e) {
            reader.close();
            record(started, "unreachable");
            String reason = "设备不可达 / device " + device.id() + " (" + where + ") unreachable: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("Modbus connect failed: {}", reason);
            return reason;
        }
    }

    private Outcome execute(ReadRequest r) {
        pace();
        long started = System.nanoTime();
        String outcome;
        String detail;
        try {
            int[] words = reader.read(r.table(), unitId, r.start(), r.count());
            record(started, null);
            return new Outcome(words, null);
        } catch (ExceptionReply e) {
            outcome = "exception";
            detail = e.getMessage();
        } catch (MalformedReply e) {
            outcome = "invalid";
            detail = e.getMessage();
        } catch (SocketTimeoutException e) {
            outcome = "timeout";
            detail = e.getMessage();
        } catch (IOException e) {
            outcome = "io";
            detail = e.getMessage();
            reader.close();
        } catch (RuntimeException e) { // a bug: still a BAD reading, never a stopped poll
            outcome = "io";
            detail = "内部错误 / internal error: " + e;
            log.error("Modbus device {}: {} failed", device.id(), r, e);
            reader.close();
        }
        record(started, outcome);
        String reason = "设备 " + device.id() + " (" + where + ") " + r + ": " + detail;
        log.warn("Modbus read failed: {}", reason);
        return new Outcome(null, reason);
    }

    private void record(long started, String outcome) {
        lastRequestEnd = System.nanoTime();
        anyRequest = true;
        metrics.request(device.id(), protocolTag, Duration.ofNanos(lastRequestEnd - started), outcome);
    }

    /** Waits until {@code pacing} has passed since the end of the previous request. */
    private void pace() {
        if (pacingNanos > 0 && anyRequest) {
            long wait = lastRequestEnd + pacingNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopping: the poll finishes without waiting
                }
            }
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
