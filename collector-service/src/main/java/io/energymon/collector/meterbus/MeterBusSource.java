package io.energymon.collector.meterbus;

import io.energymon.collector.serial.SerialFormat;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.Reading;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Reads the points of the meters on one bus, one request at a time: a bus behind a serial-to-TCP transparent gateway
 * (the device's host and port) or on a serial port of this machine (its {@code serialPort} and
 * {@code serialFormat}), with the device's timeout and pacing (default: none over TCP, 20 ms on a serial port). The
 * link is opened lazily; a link failure closes it and the next point (or slot) opens it again. A meter that does not
 * answer within the timeout, a garbled reply or an error reply makes that point BAD with the reason and leaves the
 * link open, so the other meters of the bus are still read. Points of the same meter and request share one request
 * per poll. The value is the meter's value × the point's scale + its offset. Never throws from {@link #read}; every
 * failure is counted in {@link MeterBusMetrics} and logged with the device id.
 *
 * <h2>Back-fill after an outage</h2>
 * For each cumulative point whose meter freezes what it reads ({@link BusProtocol#hasFrozen}), the source remembers
 * the last slot it was read (and keeps it in {@link MeterBusSettings#stateFile()} across restarts). When the point is read again and one or more of the meters'
 * day boundaries (midnight in {@link MeterBusSettings#zone()}) lie between that slot and now, it asks the protocol for
 * the values the meter froze at those boundaries ({@link BusProtocol#frozen}, at most
 * {@link MeterBusSettings#maxDays()}) and returns them as further GOOD readings stamped with their freezing instant,
 * when it lies on the point's slot grid. If reading them fails, the current value is still returned and the frozen
 * values are tried again at the next slot.
 */
public class MeterBusSource<T extends BusTarget, R> implements PointSource {
    private static final Logger log = LoggerFactory.getLogger(MeterBusSource.class);
    /** Default pacing on a serial port. */
    static final Duration SERIAL_PACING = Duration.ofMillis(20);

    private final DeviceConfig device;
    private final BusProtocol<T, R> protocol;
    private final MeterBusMetrics metrics;
    private final MeterBusSettings settings;
    private final String where;
    private final Map<Duration, List<Point<T>>> bySlot;
    private final BusLink link;
    private final LastReads lastReads;

    /** A point as read: what it asks for, or the reason it cannot be read. */
    private record Point<T extends BusTarget>(PointConfig config, int source, T target, String problem) {
        /** Key of the point's last read slot: its id and what it reads (a changed address starts afresh). */
        String stateKey() {
            return config.id() + "|" + target.requestKey();
        }
    }

    /** A reply or why there is none. */
    private record Outcome<R>(R reply, String failure) {
    }

    protected MeterBusSource(DeviceConfig device, List<PointConfig> points, BusProtocol<T, R> protocol,
                             MeterBusMetrics metrics, MeterBusSettings settings) {
        if (device.protocol() == null || !protocol.accepts(device.protocol())) {
            throw new IllegalArgumentException("device " + device.id() + " is " + device.protocol() + ", not "
                    + protocol.tag());
        }
        this.device = device;
        this.protocol = protocol;
        this.metrics = metrics;
        this.settings = settings;
        boolean serial = device.protocol().usesSerialPort();
        String host = device.host() == null ? null : device.host().strip();
        String portName = device.serialPort() == null ? null : device.serialPort().strip();
        String deviceProblem = serial ? serialProblem(device, portName) : tcpProblem(device, host);
        if (deviceProblem == null && device.pacing() != null && device.pacing().isNegative()) {
            deviceProblem = problem(device, "pacing " + device.pacing() + " must not be negative");
        }
        Map<Duration, List<Point<T>>> m = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        for (PointConfig p : points) {
            Point<T> point = point(p, deviceProblem);
            m.computeIfAbsent(PointChecks.effectiveSlot(p), k -> new ArrayList<>()).add(point);
            if (backfills(point)) {
                keys.add(point.stateKey());
            }
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.bySlot = Map.copyOf(m);
        if (deviceProblem != null) {
            this.link = null;
            this.where = serial ? portName : host + ":" + device.port();
        } else if (serial) {
            SerialFormat format = SerialFormat.parse(device.serialFormat(), device.protocol());
            this.link = new SerialLink(portName, format, device.timeout(),
                    device.pacing() == null ? SERIAL_PACING : device.pacing());
            this.where = link.toString();
        } else {
            this.link = new GatewayLink(host, device.port(), device.timeout(),
                    device.pacing() == null ? Duration.ZERO : device.pacing());
            this.where = link.toString();
        }
        this.lastReads = new LastReads(settings.maxDays() == 0 ? null : settings.stateFile(), keys);
    }

    private static String tcpProblem(DeviceConfig d, String host) {
        String what = null;
        if (host == null || host.isEmpty()) {
            what = "no host";
        } else if (d.port() == null) {
            what = "no port (the gateway's TCP port)";
        } else if (d.port() < 1 || d.port() > 65535) {
            what = "port " + d.port() + " is not 1..65535";
        }
        return what != null ? problem(d, what) : timeoutProblem(d);
    }

    private static String serialProblem(DeviceConfig d, String portName) {
        if (portName == null || portName.isEmpty()) {
            return problem(d, "no serialPort (e.g. /dev/ttyUSB0 or COM3)");
        }
        try {
            SerialFormat.parse(d.serialFormat(), d.protocol());
        } catch (IllegalArgumentException e) {
            return "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + e.getMessage();
        }
        return timeoutProblem(d);
    }

    private static String timeoutProblem(DeviceConfig d) {
        return d.timeout().isNegative() || d.timeout().isZero() || d.timeout().toMillis() > Integer.MAX_VALUE
                ? problem(d, "timeout " + d.timeout() + " must be positive") : null;
    }

    private static String problem(DeviceConfig d, String what) {
        return "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + what;
    }

    private Point<T> point(PointConfig p, String deviceProblem) {
        int source = PointChecks.effectiveSource(p);
        String problem = deviceProblem != null ? deviceProblem : PointChecks.commonProblem(p);
        if (problem != null) {
            return new Point<>(p, source, null, problem);
        }
        if (p.address() == null) {
            return new Point<>(p, source, null, PointChecks.misconfigured(p, "no " + protocol.tag() + " address"));
        }
        try {
            return new Point<>(p, source, protocol.target(p), null);
        } catch (IllegalArgumentException e) {
            return new Point<>(p, source, null, PointChecks.misconfigured(p, e.getMessage()));
        }
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    @Override
    public List<Reading> read(Instant slot, Duration slotLength) {
        List<Point<T>> points = bySlot.getOrDefault(slotLength, List.of());
        List<Reading> out = new ArrayList<>(points.size());
        Map<Object, Outcome<R>> asked = new HashMap<>();
        String unreachable = null; // once the link cannot be opened, the other points are not tried again
        for (Point<T> p : points) {
            if (p.problem() != null) {
                out.add(Reading.bad(p.config().id(), slot, p.source(), p.problem()));
                continue;
            }
            if (unreachable == null && !link.isOpen()) {
                unreachable = connect();
            }
            if (unreachable != null) {
                out.add(Reading.bad(p.config().id(), slot, p.source(), unreachable));
                continue;
            }
            Outcome<R> outcome = asked.computeIfAbsent(p.target().requestKey(), k -> transact(p.target()));
            Reading r = outcome.failure() != null ? Reading.bad(p.config().id(), slot, p.source(), outcome.failure())
                    : value(p, slot, outcome.reply());
            out.add(r);
            if (r.value() != null && backfills(p)) {
                backfill(p, slot, out);
            }
        }
        lastReads.save();
        return out;
    }

    /** Whether gaps of the point are back-filled: a cumulative point whose meter freezes what it reads. */
    private boolean backfills(Point<T> p) {
        return p.problem() == null && settings.maxDays() > 0 && p.config().kind() == PointKind.CUMULATIVE
                && protocol.hasFrozen(p.target());
    }

    /** Adds the frozen values of the gap before {@code slot} (if any) and records {@code slot} as read. */
    private void backfill(Point<T> p, Instant slot, List<Reading> out) {
        String key = p.stateKey();
        Instant last = lastReads.get(key);
        if (last != null && slot.isAfter(last) && nextMidnight(last).isBefore(slot)) {
            List<BusProtocol.Frozen> frozen;
            try {
                frozen = protocol.frozen(link, p.config(), p.target(), last, slot, settings.zone(), settings.maxDays());
            } catch (MeterFrameException | IOException | RuntimeException e) {
                String outcome = e instanceof MeterFrameException f ? f.kind().tag()
                        : e instanceof SocketTimeoutException ? "timeout" : e instanceof IOException ? "io" : "internal";
                metrics.count(protocol.tag(), outcome);
                if (e instanceof IOException || e instanceof RuntimeException) {
                    link.close();
                }
                log.warn("{}: frozen values of point {} between {} and {} not read, tried again next slot: {}",
                        protocol.tag(), p.config().id(), last, slot, reason(p.target(), e.getMessage()));
                return; // the last slot stays: the next slot tries again
            }
            long grid = PointChecks.effectiveSlot(p.config()).toMillis();
            int added = 0;
            for (BusProtocol.Frozen f : frozen) {
                if (!f.at().isAfter(last) || !f.at().isBefore(slot)) {
                    continue;
                }
                if (f.at().toEpochMilli() % grid != 0) {
                    log.warn("{} point {}: value frozen at {} is not on the point's {} slot grid; not back-filled",
                            protocol.tag(), p.config().id(), f.at(), p.config().slot());
                    continue;
                }
                out.add(Reading.good(p.config().id(), f.at(), convert(p.config(), f.value()), p.source()));
                added++;
            }
            metrics.backfilled(protocol.tag(), added);
            log.atLevel(added > 0 ? Level.INFO : Level.DEBUG).log("{} point {}: {} frozen daily value(s) back-filled "
                    + "for the gap {} .. {}", protocol.tag(), p.config().id(), added, last, slot);
        }
        lastReads.advance(key, slot);
    }

    /** The first midnight of the meters' zone after {@code t}. */
    private Instant nextMidnight(Instant t) {
        ZonedDateTime local = t.atZone(settings.zone());
        return local.toLocalDate().plusDays(1).atStartOfDay(settings.zone()).toInstant();
    }

    /** Opens the link; null when open, else the reason. */
    private String connect() {
        try {
            link.connect();
            return null;
        } catch (IOException | RuntimeException e) {
            metrics.count(protocol.tag(), "unreachable");
            String reason = (device.protocol().usesSerialPort() ? "串口不可用 / serial port of device " : "网关不可达 / gateway of device ")
                    + device.id() + " (" + where + ") unreachable: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage();
            log.warn("{}: {}", protocol.tag(), reason);
            link.close();
            return reason;
        }
    }

    private Outcome<R> transact(T target) {
        String outcome;
        String detail;
        try {
            R reply = protocol.transact(link, target);
            metrics.count(protocol.tag(), "ok");
            return new Outcome<>(reply, null);
        } catch (MeterFrameException e) {
            outcome = e.kind().tag();
            detail = e.getMessage();
        } catch (SocketTimeoutException e) {
            outcome = "timeout";
            detail = e.getMessage();
        } catch (IOException e) {
            outcome = "io";
            detail = "连接中断 / connection failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            link.close();
        } catch (RuntimeException e) { // a bug: still a BAD reading, never a stopped poll
            outcome = "internal";
            detail = "内部错误 / internal error: " + e;
            log.error("{} device {}: {} failed", protocol.tag(), device.id(), target.label(), e);
            link.close();
        }
        metrics.count(protocol.tag(), outcome);
        String reason = reason(target, detail);
        log.warn("{}: {}", protocol.tag(), reason);
        return new Outcome<>(null, reason);
    }

    private Reading value(Point<T> p, Instant slot, R reply) {
        try {
            return Reading.good(p.config().id(), slot, convert(p.config(), protocol.value(p.config(), p.target(), reply)),
                    p.source());
        } catch (MeterFrameException e) {
            metrics.count(protocol.tag(), e.kind().tag());
            String reason = reason(p.target(), e.getMessage());
            log.warn("{} point {}: {}", protocol.tag(), p.config().id(), reason);
            return Reading.bad(p.config().id(), slot, p.source(), reason);
        }
    }

    /** raw × scale + offset, without trailing zeros. */
    private static BigDecimal convert(PointConfig p, BigDecimal raw) {
        BigDecimal v = raw.multiply(p.scale()).add(p.offset()).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private String reason(T target, String detail) {
        return "设备 " + device.id() + " (" + where + ") " + target.label() + ": " + detail;
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
    }
}
