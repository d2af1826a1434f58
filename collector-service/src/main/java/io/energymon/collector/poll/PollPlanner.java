package io.energymon.collector.poll;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.cjt188.Cjt188Source;
import io.energymon.collector.config.MeterBusProperties;
import io.energymon.collector.dlt645.Dlt645Source;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSettings;
import io.energymon.collector.modbus.ModbusMetrics;
import io.energymon.collector.modbus.ModbusSource;
import io.energymon.collector.credentials.Credentials;
import io.energymon.collector.credentials.CredentialsProperties;
import io.energymon.collector.opcua.OpcUaConnector;
import io.energymon.collector.opcua.OpcUaProperties;
import io.energymon.collector.opcua.OpcUaSource;
import io.energymon.collector.poll.PollPlan.DevicePlan;
import io.energymon.collector.poll.PollPlan.EnterprisePlan;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.collector.source.UnsupportedSource;
import io.energymon.collector.sql.SqlSource;
import io.energymon.collector.steam.SteamHeatPoints;
import io.energymon.collector.sql.SqlSourceFactory;
import io.energymon.configclient.ConfigFeed;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns the configuration of {@code config.v1} into the {@link PollPlan}: the devices whose {@code collectorId} is
 * this collector's id, with their points (points without a device, entered by hand, are not polled). On every change
 * only the changed enterprises are rebuilt; a device whose configuration and points are unchanged keeps its
 * {@link PointSource} (and its connection), the sources of removed or changed devices are handed to the
 * {@link Listener} to be closed once no poll uses them any more.
 *
 * <p>Devices of a protocol this collector does not implement yet are kept in the plan: their points are BAD readings
 * with the reason on every slot, and a WARN is logged at every configuration change.
 */
@Component
public class PollPlanner implements ConfigFeed.Listener {
    private static final Logger log = LoggerFactory.getLogger(PollPlanner.class);

    /** Told about every new plan, with the sources of the previous plan that are no longer used. */
    @FunctionalInterface
    public interface Listener {
        void planChanged(PollPlan plan, List<PointSource> retired);
    }

    private final String collectorId;
    private final Duration slotOffset;
    private final AtomicReference<PollPlan> plan = new AtomicReference<>(PollPlan.EMPTY);
    private final MultiGauge revisions;
    private final MeterBusMetrics meterBusMetrics;
    private final ModbusMetrics modbusMetrics;
    private final SqlSourceFactory sqlSources;
    private final MeterBusProperties meterBus;
    private final OpcUaConnector opcUa;
    private volatile Listener listener = (p, retired) -> retired.forEach(PollPlanner::closeQuietly);

    /**
     * A planner without SQL support (its SQL devices are reported BAD), with default OPC UA settings and no
     * credentials, whose meter-bus sources keep their back-fill state in memory only: for tests of the protocols.
     */
    public PollPlanner(CollectorProperties props, MeterRegistry registry) {
        this(props, registry, null);
    }

    /** The same with SQL support (tests). */
    public PollPlanner(CollectorProperties props, MeterRegistry registry, SqlSourceFactory sqlSources) {
        this(props, MeterBusProperties.IN_MEMORY, registry, sqlSources, new OpcUaConnector(OpcUaProperties.DEFAULTS,
                new Credentials(new CredentialsProperties(null, null)), props.collectorId()));
    }

    @Autowired
    public PollPlanner(CollectorProperties props, MeterBusProperties meterBus, MeterRegistry registry,
                       SqlSourceFactory sqlSources, OpcUaConnector opcUa) {
        this.meterBus = meterBus;
        this.sqlSources = sqlSources;
        this.opcUa = opcUa;
        this.collectorId = props.collectorId();
        this.slotOffset = props.slotOffset();
        Gauge.builder("collector_config_points", plan, p -> p.get().pointCount())
                .description("points in the poll plan").register(registry);
        Gauge.builder("collector_config_enterprises", plan, p -> p.get().enterprises().size())
                .description("enterprises with devices of this collector").register(registry);
        this.revisions = MultiGauge.builder("collector_config_revision")
                .description("configuration revision in use, per enterprise").register(registry);
        this.meterBusMetrics = new MeterBusMetrics(registry);
        this.modbusMetrics = new ModbusMetrics(registry);
    }

    /** Whether an enterprise has a device of this collector (the feed keeps only those). */
    public static boolean hasDevicesOf(EnterpriseConfig c, String collectorId) {
        return c.devices().stream().anyMatch(d -> collectorId.equals(d.collectorId()));
    }

    public String collectorId() {
        return collectorId;
    }

    /** The plan in use. */
    public PollPlan plan() {
        return plan.get();
    }

    /** Replaces the listener (the poller registers itself); the default closes retired sources at once. */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void onChange(Map<String, EnterpriseConfig> all, Set<String> changedKeys) {
        PollPlan before = plan.get();
        Map<String, EnterprisePlan> next = new HashMap<>(before.enterprises());
        List<PointSource> retired = new ArrayList<>();
        for (String key : new TreeSet<>(changedKeys)) {
            EnterprisePlan old = next.get(key);
            EnterpriseConfig cfg = all.get(key);
            EnterprisePlan rebuilt;
            try {
                rebuilt = cfg == null ? null : build(cfg, old);
            } catch (RuntimeException e) {
                log.error("configuration of {} revision {} cannot be applied; its previous plan stays in use", key,
                        cfg.revision(), e);
                continue;
            }
            if (old != null) {
                for (DevicePlan d : old.devices()) {
                    if (rebuilt == null || !rebuilt.uses(d.source())) {
                        retired.add(d.source());
                    }
                }
            }
            if (rebuilt == null) {
                next.remove(key);
                if (old != null) {
                    log.info("enterprise {} is no longer polled by collector {}", key, collectorId);
                }
            } else {
                next.put(key, rebuilt);
                log.info("enterprise {} revision {}: {} device(s), {} point(s) on slots {}", key, rebuilt.revision(),
                        rebuilt.devices().size(), rebuilt.pointCount(), rebuilt.slotLengths());
            }
        }
        PollPlan p = PollPlan.of(next);
        plan.set(p);
        revisions.register(p.enterprises().values().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("tenant", e.tenantId(), "enterprise", e.enterpriseCode()),
                        e.revision()))
                .toList(), true);
        try {
            listener.planChanged(p, retired);
        } catch (RuntimeException e) {
            log.error("poll plan listener failed", e);
        }
    }

    /** This collector's part of an enterprise, reusing the unchanged devices of {@code old}; null when it has none. */
    private EnterprisePlan build(EnterpriseConfig cfg, EnterprisePlan old) {
        MDC.put("tenantId", cfg.tenantId());
        MDC.put("enterpriseCode", cfg.enterpriseCode());
        try {
            Map<String, DeviceConfig> devices = new LinkedHashMap<>();
            for (DeviceConfig d : cfg.devices()) {
                if (d.id() == null) {
                    log.warn("a device without id in revision {} is ignored", cfg.revision());
                } else if (devices.putIfAbsent(d.id(), d) != null) {
                    log.warn("device id {} appears twice in revision {}; the first one is used", d.id(), cfg.revision());
                }
            }
            Map<String, List<PointConfig>> pointsByDevice = new HashMap<>();
            for (PointConfig p : cfg.points()) {
                if (p.deviceId() == null) {
                    continue; // entered by hand or by another system: not polled
                }
                DeviceConfig d = devices.get(p.deviceId());
                if (d == null) {
                    log.warn("point {} names device {}, which is not in revision {}; not polled", p.id(), p.deviceId(),
                            cfg.revision());
                } else if (collectorId.equals(d.collectorId())) {
                    if (p.id() == null || p.id().isBlank()) {
                        log.warn("a point without id on device {} is not polled", d.id());
                    } else {
                        pointsByDevice.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(p);
                    }
                }
            }
            List<DevicePlan> plans = new ArrayList<>();
            for (DeviceConfig d : devices.values()) {
                List<PointConfig> points = pointsByDevice.get(d.id());
                if (!collectorId.equals(d.collectorId()) || points == null) {
                    continue;
                }
                DevicePlan previous = old == null ? null : old.device(d.id());
                if (previous != null && previous.device().equals(d) && previous.points().equals(points)) {
                    plans.add(previous);
                } else {
                    plans.add(new DevicePlan(d, points, newSource(cfg, d, points)));
                }
                warnAboutSlots(d, points);
            }
            return plans.isEmpty() ? null
                    : EnterprisePlan.of(cfg.tenantId(), cfg.enterpriseCode(), cfg.revision(), plans,
                    SteamHeatPoints.of(cfg, collectorId));
        } finally {
            MDC.remove("tenantId");
            MDC.remove("enterpriseCode");
        }
    }

    private PointSource newSource(EnterpriseConfig cfg, DeviceConfig d, List<PointConfig> points) {
        if (d.protocol() == null) {
            String reason = "设备 " + d.id() + " 未配置协议 / device " + d.id() + " has no protocol";
            log.warn("device {}: {}; its {} point(s) are reported BAD on every slot", d.id(), reason, points.size());
            return new UnsupportedSource(d.id(), points, reason);
        }
        try {
            switch (d.protocol()) {
                case MODBUS_TCP, MODBUS_RTU_OVER_TCP, MODBUS_RTU -> {
                    return new ModbusSource(d, points, modbusMetrics);
                }
                case DLT645_TCP, DLT645_SERIAL -> {
                    return new Dlt645Source(d, points, meterBusMetrics, meterBusSettings(cfg, d));
                }
                case CJT188_TCP, CJT188_SERIAL -> {
                    return new Cjt188Source(d, points, meterBusMetrics, meterBusSettings(cfg, d));
                }
                case SQL -> {
                    if (sqlSources != null) {
                        SqlSource source = sqlSources.create(cfg.tenantId(), cfg.enterpriseCode(), d, points);
                        source.problems().forEach(problem -> log.warn("{}; reported BAD on every slot", problem));
                        return source;
                    }
                }
                case OPC_UA -> {
                    return new OpcUaSource(d, points, opcUa);
                }
                default -> {
                    // below
                }
            }
            String reason = UnsupportedSource.unsupportedProtocol(d.protocol());
            log.warn("device {}: {}; its {} point(s) are reported BAD on every slot", d.id(), reason, points.size());
            return new UnsupportedSource(d.id(), points, reason);
        } catch (RuntimeException e) {
            String reason = "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + e.getMessage();
            log.warn("{}; its {} point(s) are reported BAD", reason, points.size());
            return new UnsupportedSource(d.id(), points, reason);
        }
    }

    /**
     * Back-fill settings of a meter-bus device: the enterprise's zone, and its state file
     * {@code <state-dir>/<tenant>/<enterprise>/<device>.properties} (names URL-encoded).
     */
    private MeterBusSettings meterBusSettings(EnterpriseConfig cfg, DeviceConfig d) {
        Path dir = meterBus.stateDirectory();
        Path file = dir == null ? null : dir.resolve(encode(cfg.tenantId())).resolve(encode(cfg.enterpriseCode()))
                .resolve(encode(d.id()) + ".properties");
        return new MeterBusSettings(cfg.zone(), meterBus.backfillMaxDays(), file);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private void warnAboutSlots(DeviceConfig d, List<PointConfig> points) {
        for (PointConfig p : points) {
            String problem = PointChecks.slotProblem(p);
            if (problem != null) {
                log.warn("{}; reported BAD every {}", problem, PointChecks.DEFAULT_SLOT);
            } else if (p.slot().compareTo(slotOffset) <= 0) {
                log.warn("point {} of device {}: slot {} is not longer than energymon.collector.slot-offset {}; it is "
                        + "read after its slot has ended", p.id(), d.id(), p.slot(), slotOffset);
            }
        }
    }

    static void closeQuietly(PointSource s) {
        try {
            s.close();
        } catch (RuntimeException e) {
            log.debug("closing source {} failed", s.deviceId(), e);
        }
    }
}
