package io.energymon.collector.meterbus;

import io.energymon.collector.source.BusPacer;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.Reading;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the points of the meters on one RS-485 bus behind a serial-to-TCP transparent gateway (the device: host,
 * port, timeout), one request at a time, each after the device's pacing gap since the previous one
 * ({@link BusPacer}). The connection is opened lazily; a connection failure or a broken connection closes it and the
 * next point (or slot) connects again. A meter that does not answer within the
 * device's timeout, a garbled reply or an error reply makes that point BAD with the reason and leaves the
 * connection open, so the other meters of the bus are still read. Points of the same meter and request share one
 * request per poll. Never throws from {@link #read}; every failure is counted in {@link MeterBusMetrics} and logged
 * with the device id.
 */
public class MeterBusSource<T extends BusTarget, R> implements PointSource {
    private static final Logger log = LoggerFactory.getLogger(MeterBusSource.class);

    private final DeviceConfig device;
    private final BusProtocol<T, R> protocol;
    private final MeterBusMetrics metrics;
    private final String where;
    private final Map<Duration, List<Point<T>>> bySlot;
    private final GatewayLink link;
    private final BusPacer pacer;

    /** A point as read: what it asks for, or the reason it cannot be read. */
    private record Point<T>(PointConfig config, int source, T target, String problem) {
    }

    /** A reply or why there is none. */
    private record Outcome<R>(R reply, String failure) {
    }

    protected MeterBusSource(DeviceConfig device, List<PointConfig> points, BusProtocol<T, R> protocol,
                             MeterBusMetrics metrics) {
        if (device.protocol() != protocol.protocol()) {
            throw new IllegalArgumentException("device " + device.id() + " is " + device.protocol() + ", not "
                    + protocol.protocol());
        }
        this.device = device;
        this.protocol = protocol;
        this.metrics = metrics;
        String host = device.host() == null ? null : device.host().strip();
        this.where = host + ":" + device.port();
        String deviceProblem = deviceProblem(device, host);
        Map<Duration, List<Point<T>>> m = new LinkedHashMap<>();
        for (PointConfig p : points) {
            m.computeIfAbsent(PointChecks.effectiveSlot(p), k -> new ArrayList<>()).add(point(p, deviceProblem));
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.bySlot = Map.copyOf(m);
        this.link = deviceProblem == null ? new GatewayLink(host, device.port(), device.timeout()) : null;
        this.pacer = BusPacer.of(device);
    }

    private static String deviceProblem(DeviceConfig d, String host) {
        String what = null;
        if (host == null || host.isEmpty()) {
            what = "no host";
        } else if (d.port() == null) {
            what = "no port (the gateway's TCP port)";
        } else if (d.port() < 1 || d.port() > 65535) {
            what = "port " + d.port() + " is not 1..65535";
        } else if (d.timeout().isNegative() || d.timeout().isZero() || d.timeout().toMillis() > Integer.MAX_VALUE) {
            what = "timeout " + d.timeout() + " must be positive";
        }
        return what == null ? null : "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + what;
    }

    private Point<T> point(PointConfig p, String deviceProblem) {
        int source = PointChecks.effectiveSource(p);
        String problem = deviceProblem != null ? deviceProblem : PointChecks.commonProblem(p);
        if (problem != null) {
            return new Point<>(p, source, null, problem);
        }
        if (p.address() == null) {
            return new Point<>(p, source, null, PointChecks.misconfigured(p, "no " + protocol.protocol() + " address"));
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
        String unreachable = null; // once the gateway cannot be connected to, the other points are not tried again
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
            out.add(outcome.failure() != null ? Reading.bad(p.config().id(), slot, p.source(), outcome.failure())
                    : value(p, slot, outcome.reply()));
        }
        return out;
    }

    /** Connects; null when connected, else the reason. */
    private String connect() {
        try {
            link.connect();
            return null;
        } catch (IOException | RuntimeException e) {
            metrics.count(protocol.tag(), "unreachable");
            String reason = "网关不可达 / gateway of device " + device.id() + " (" + where + ") unreachable: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("{}: {}", protocol.tag(), reason);
            link.close();
            return reason;
        }
    }

    private Outcome<R> transact(T target) {
        String outcome;
        String detail;
        pacer.awaitTurn();
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
        } finally {
            pacer.requestDone();
        }
        metrics.count(protocol.tag(), outcome);
        String reason = reason(target, detail);
        log.warn("{}: {}", protocol.tag(), reason);
        return new Outcome<>(null, reason);
    }

    private Reading value(Point<T> p, Instant slot, R reply) {
        try {
            BigDecimal v = protocol.value(p.config(), p.target(), reply).multiply(p.config().scale())
                    .stripTrailingZeros();
            return Reading.good(p.config().id(), slot, v.scale() < 0 ? v.setScale(0) : v, p.source());
        } catch (MeterFrameException e) {
            metrics.count(protocol.tag(), e.kind().tag());
            String reason = reason(p.target(), e.getMessage());
            log.warn("{} point {}: {}", protocol.tag(), p.config().id(), reason);
            return Reading.bad(p.config().id(), slot, p.source(), reason);
        }
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
