package io.energymon.collector.opcua;

import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Reads the points of one OPC UA server ({@link Protocol#OPC_UA}, Eclipse Milo). The session is opened lazily at the
 * first slot ({@link OpcUaConnector}: endpoint of the device's security policy and mode, the collector's certificate,
 * user name or anonymous) and kept open.
 *
 * <ul>
 *   <li>{@code acquisition POLL} (default): at each slot one Read request for all node ids of the slot's points.</li>
 *   <li>{@code acquisition SUBSCRIBE}: one subscription with a monitored item per node id of the device; the server's
 *       notifications keep a latest value per node, and each slot takes it. A node without a value yet, with a bad
 *       status, or whose subscription has been silent (no data, no keep-alive) for longer than
 *       max(2 x slot length, 3 x keep-alive) is BAD; so is every node once the subscription's watchdog fired.</li>
 * </ul>
 * A node's bad or uncertain status (e.g. {@code Bad_NodeIdUnknown}), a value that is no number, or an unusable node id
 * make that point BAD with the reason; the others are read. A connection that cannot be made, or is lost, makes every
 * point of the slot BAD ("unreachable"); the session is then dropped with all values received on it, and a new one is
 * tried at the next slot: no hot loop, and no value of a dead session is ever repeated. Values: raw x scale + offset.
 * Never throws from {@link #read}.
 */
public final class OpcUaSource implements PointSource {
    private static final Logger log = LoggerFactory.getLogger(OpcUaSource.class);
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(1);
    private static final long POLL_FIRST_VALUES_MS = 20;

    /** How values are acquired. */
    enum Acquisition { POLL, SUBSCRIBE }

    private final DeviceConfig device;
    private final OpcUaConnector connector;
    private final String where;
    private final Acquisition acquisition;
    private final Map<Duration, List<Point>> bySlot;
    private final Set<NodeId> nodes;
    private volatile Connection connection;

    /** A point as read: its node, or the reason it cannot be read. */
    private record Point(PointConfig config, int source, NodeId node, String problem) {
    }

    /** The latest notification of a node (SUBSCRIBE), or why its monitored item was refused. */
    private record Latest(DataValue value, String refused) {
    }

    /** One session, with what was received on it; discarded whole when the session is lost. */
    private static final class Connection {
        final OpcUaClient client;
        final AtomicReference<String> lost;
        final Map<NodeId, Latest> latest = new ConcurrentHashMap<>();
        volatile long lastHeardNanos = System.nanoTime();

        Connection(OpcUaClient client, AtomicReference<String> lost) {
            this.client = client;
            this.lost = lost;
        }
    }

    /**
     * @param device    an OPC UA device
     * @param points    the device's points this collector polls
     * @param connector opens the sessions
     */
    public OpcUaSource(DeviceConfig device, List<PointConfig> points, OpcUaConnector connector) {
        if (device.protocol() != Protocol.OPC_UA) {
            throw new IllegalArgumentException("device " + device.id() + " is " + device.protocol() + ", not OPC_UA");
        }
        this.device = device;
        this.connector = connector;
        this.where = "设备 " + device.id() + " (" + (device.endpoint() == null ? "" : device.endpoint().strip()) + ")";
        String problem = OpcUaConnector.deviceProblem(device);
        Acquisition a = Acquisition.POLL;
        if (problem == null && device.acquisition() != null && !device.acquisition().isBlank()) {
            try {
                a = Acquisition.valueOf(device.acquisition().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem = "设备 " + device.id() + " 配置错误 / device " + device.id() + " misconfigured: acquisition "
                        + "must be POLL or SUBSCRIBE, got " + device.acquisition();
            }
        }
        this.acquisition = a;
        Map<Duration, List<Point>> m = new LinkedHashMap<>();
        Set<NodeId> all = new LinkedHashSet<>();
        for (PointConfig p : points) {
            Point point = point(p, problem);
            m.computeIfAbsent(PointChecks.effectiveSlot(p), k -> new ArrayList<>()).add(point);
            if (point.problem() == null) {
                all.add(point.node());
            }
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.bySlot = Map.copyOf(m);
        this.nodes = Set.copyOf(all);
    }

    private static Point point(PointConfig p, String deviceProblem) {
        int source = PointChecks.effectiveSource(p);
        String problem = deviceProblem != null ? deviceProblem : PointChecks.commonProblem(p);
        if (problem != null) {
            return new Point(p, source, null, problem);
        }
        String text = p.address() == null ? null : p.address().nodeId();
        if (text == null || text.isBlank()) {
            return new Point(p, source, null, PointChecks.misconfigured(p, "no OPC UA nodeId"));
        }
        NodeId node = OpcUaValues.parseNodeId(text);
        if (node == null) {
            return new Point(p, source, null, PointChecks.misconfigured(p, "nodeId " + text + " is not a node id "
                    + "(ns=<index>;s=<name>, i=<number>, g=<guid> or b=<base64>)"));
        }
        return new Point(p, source, node, null);
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    @Override
    public List<Reading> read(Instant slot, Duration slotLength) {
        List<Point> points = bySlot.getOrDefault(slotLength, List.of());
        List<Reading> out = new ArrayList<>(points.size());
        boolean asks = points.stream().anyMatch(p -> p.problem() == null);
        String failure = null;
        Map<NodeId, DataValue> polled = Map.of();
        Connection c = null;
        if (asks) {
            try {
                c = connection();
                if (acquisition == Acquisition.POLL) {
                    polled = readNow(c, points);
                } else {
                    failure = subscriptionFailure(c, slotLength);
                }
            } catch (OpcUaConnectException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) { // a bug: still BAD readings, and a fresh session next slot
                failure = where + " 内部错误 / internal error: " + e;
                log.error("OPC UA device {}: read failed", device.id(), e);
                drop();
            }
            if (failure != null) {
                log.warn("OPC UA: {}", failure);
            }
        }
        for (Point p : points) {
            if (p.problem() != null) {
                out.add(Reading.bad(p.config().id(), slot, p.source(), p.problem()));
            } else if (failure != null) {
                out.add(Reading.bad(p.config().id(), slot, p.source(), failure));
            } else if (acquisition == Acquisition.POLL) {
                out.add(reading(p, slot, polled.get(p.node()), null));
            } else {
                Latest l = c.latest.get(p.node());
                out.add(l == null ? Reading.bad(p.config().id(), slot, p.source(), nodeReason(p,
                        "尚未收到数值 / no value received from the subscription yet"))
                        : reading(p, slot, l.value(), l.refused()));
            }
        }
        return out;
    }

    /** The open session, or a new one; a lost session is dropped and reported, and a new one tried next slot. */
    private Connection connection() throws OpcUaConnectException {
        Connection c = connection;
        if (c != null) {
            String lost = c.lost.get();
            if (lost == null) {
                return c;
            }
            drop();
            throw new OpcUaConnectException(where + " 不可达 / OPC UA server unreachable: " + lost
                    + "; reconnecting at the next slot", null);
        }
        AtomicReference<String> lost = new AtomicReference<>();
        OpcUaClient client = connector.connect(device, cl -> cl.addSessionActivityListener(new SessionActivityListener() {
            @Override
            public void onSessionInactive(UaSession session) {
                lost.compareAndSet(null, "会话中断 / session lost (connection closed)");
            }
        }));
        c = new Connection(client, lost);
        connection = c;
        if (acquisition == Acquisition.SUBSCRIBE) {
            try {
                subscribe(c);
            } catch (Exception e) {
                drop();
                throw new OpcUaConnectException(where + " 订阅失败 / subscription could not be created: "
                        + OpcUaConnector.describe(e), e);
            }
        }
        return c;
    }

    /** POLL: one Read of every node of the slot. */
    private Map<NodeId, DataValue> readNow(Connection c, List<Point> points) throws OpcUaConnectException {
        List<NodeId> wanted = points.stream().filter(p -> p.problem() == null).map(Point::node).distinct().toList();
        List<ReadValueId> ids = wanted.stream()
                .map(n -> new ReadValueId(n, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE)).toList();
        ReadResponse response;
        try {
            response = c.client.read(0.0, TimestampsToReturn.Neither, ids);
        } catch (Exception e) {
            drop();
            throw new OpcUaConnectException(where + " 不可达 / OPC UA server unreachable: read failed: "
                    + OpcUaConnector.describe(e) + "; reconnecting at the next slot", e);
        }
        DataValue[] results = response.getResults();
        Map<NodeId, DataValue> values = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            values.put(wanted.get(i), results != null && i < results.length ? results[i] : null);
        }
        return values;
    }

    /** SUBSCRIBE: why the whole subscription cannot be trusted this slot (null when it can). */
    private String subscriptionFailure(Connection c, Duration slotLength) {
        String lost = c.lost.get();
        Duration keepAlive = connector.properties().keepAlive();
        Duration limit = slotLength.multipliedBy(2).compareTo(keepAlive.multipliedBy(3)) > 0
                ? slotLength.multipliedBy(2) : keepAlive.multipliedBy(3);
        long silentMs = (System.nanoTime() - c.lastHeardNanos) / 1_000_000;
        if (lost == null && silentMs > limit.toMillis()) {
            lost = "订阅无通知 / subscription silent for " + silentMs + " ms (limit " + limit + ")";
        }
        if (lost == null) {
            return null;
        }
        drop();
        return where + " 不可达 / OPC UA server unreachable: " + lost + "; reconnecting at the next slot";
    }

    private void subscribe(Connection c) throws Exception {
        double publishing = connector.properties().publishingInterval().toMillis();
        OpcUaSubscription s = new OpcUaSubscription(c.client, publishing);
        s.setTargetKeepAliveInterval(connector.properties().keepAlive().toMillis());
        s.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onDataReceived(OpcUaSubscription sub, List<OpcUaMonitoredItem> items, List<DataValue> values) {
                for (int i = 0; i < items.size(); i++) {
                    c.latest.put(items.get(i).getReadValueId().getNodeId(), new Latest(values.get(i), null));
                }
                c.lastHeardNanos = System.nanoTime();
            }

            @Override
            public void onKeepAliveReceived(OpcUaSubscription sub) {
                c.lastHeardNanos = System.nanoTime();
            }

            @Override
            public void onWatchdogTimerElapsed(OpcUaSubscription sub) {
                c.lost.compareAndSet(null, "订阅看门狗超时 / no publish response within the subscription's keep-alive");
            }

            @Override
            public void onStatusChanged(OpcUaSubscription sub, StatusCode status) {
                if (!status.isGood()) {
                    c.lost.compareAndSet(null, "订阅状态 / subscription status " + OpcUaConnector.statusName(status));
                }
            }

            @Override
            public void onTransferFailed(OpcUaSubscription sub, StatusCode status) {
                c.lost.compareAndSet(null, "订阅转移失败 / subscription lost: " + OpcUaConnector.statusName(status));
            }
        });
        s.create();
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (NodeId n : nodes) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(n);
            item.setSamplingInterval(publishing);
            item.setQueueSize(uint(1));
            items.add(item);
        }
        s.addMonitoredItems(items);
        try {
            s.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            log.debug("OPC UA device {}: some monitored items were refused", device.id(), e);
        }
        for (OpcUaMonitoredItem item : items) {
            StatusCode result = item.getCreateResult().orElse(StatusCode.GOOD);
            if (!result.isGood()) {
                c.latest.put(item.getReadValueId().getNodeId(), new Latest(null,
                        "监视项被拒绝 / monitored item refused: " + OpcUaConnector.statusName(result)));
            }
        }
        c.lastHeardNanos = System.nanoTime();
        // the server sends every item's current value in its first publish: wait for them, bounded by the timeout
        long deadline = System.nanoTime() + device.timeout().toNanos();
        while (c.latest.size() < nodes.size() && System.nanoTime() < deadline && c.lost.get() == null) {
            Thread.sleep(POLL_FIRST_VALUES_MS);
        }
    }

    private Reading reading(Point p, Instant slot, DataValue dv, String refused) {
        String id = p.config().id();
        if (refused != null) {
            return Reading.bad(id, slot, p.source(), nodeReason(p, refused));
        }
        if (dv == null) {
            return Reading.bad(id, slot, p.source(), nodeReason(p, "服务器未返回数值 / no value in the server's answer"));
        }
        StatusCode status = dv.getStatusCode() == null ? StatusCode.GOOD : dv.getStatusCode();
        if (!status.isGood()) {
            return Reading.bad(id, slot, p.source(), nodeReason(p, "节点状态异常 / node status "
                    + OpcUaConnector.statusName(status)));
        }
        OpcUaValues.Decoded d = OpcUaValues.decode(dv.getValue());
        if (d.problem() != null) {
            return Reading.bad(id, slot, p.source(), nodeReason(p, d.problem()));
        }
        BigDecimal v = d.value().multiply(p.config().scale()).add(p.config().offset()).stripTrailingZeros();
        return Reading.good(id, slot, v.scale() < 0 ? v.setScale(0) : v, p.source());
    }

    private String nodeReason(Point p, String what) {
        return where + " 节点 / node " + p.config().address().nodeId().strip() + ": " + what;
    }

    private void drop() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            OpcUaConnector.disconnectQuietly(c.client, DISCONNECT_WAIT);
        }
    }

    @Override
    public void close() {
        drop();
    }
}
