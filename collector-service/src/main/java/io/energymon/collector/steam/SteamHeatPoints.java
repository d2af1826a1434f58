package io.energymon.collector.steam;

import io.energymon.collector.poll.SlotClock;
import io.energymon.collector.source.PointChecks;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steam heat points ({@code PointConfig.steam} set) of one enterprise that one collector derives, made once per
 * configuration revision; the poller calls {@link #derive} at every tick with the readings it polled for the
 * enterprise at that tick and publishes the result with them.
 *
 * <p>A derived point belongs to the collector that polls its flow point's device: its pressure and temperature
 * points must be polled by the same collector (otherwise every reading is BAD, saying so), and read at least on
 * the derived point's slot grid. A derived point whose flow point is not polled by any collector (missing, or
 * without device) is derived by no one: it is logged here and rejected by the portal's validation.
 */
public final class SteamHeatPoints {
    private static final Logger log = LoggerFactory.getLogger(SteamHeatPoints.class);

    public static final SteamHeatPoints NONE = new SteamHeatPoints(List.of());

    /** A derived point with its deriver, and the problem of where its inputs are polled (null when none). */
    private record Derived(SteamHeatDeriver deriver, SlotClock grid, String placementProblem) {
    }

    private final List<Derived> derived;

    private SteamHeatPoints(List<Derived> derived) {
        this.derived = List.copyOf(derived);
    }

    /** The steam heat points of {@code cfg} that {@code collectorId} derives. */
    public static SteamHeatPoints of(EnterpriseConfig cfg, String collectorId) {
        Map<String, PointConfig> points = new HashMap<>();
        for (PointConfig p : cfg.points()) {
            if (p.id() != null) {
                points.putIfAbsent(p.id(), p);
            }
        }
        Map<String, String> collectorOfDevice = new HashMap<>();
        for (DeviceConfig d : cfg.devices()) {
            if (d.id() != null && d.collectorId() != null) {
                collectorOfDevice.putIfAbsent(d.id(), d.collectorId());
            }
        }
        List<Derived> derived = new ArrayList<>();
        for (PointConfig p : cfg.points()) {
            if (p.steam() == null || p.id() == null || p.id().isBlank()) {
                continue;
            }
            PointConfig flow = p.steam().flowPoint() == null ? null : points.get(p.steam().flowPoint());
            String owner = flow == null || flow.deviceId() == null ? null : collectorOfDevice.get(flow.deviceId());
            if (owner == null) {
                log.warn("steam heat point {} of {}: its flow point {} is not polled by any collector; not derived",
                        p.id(), cfg.key(), p.steam().flowPoint());
                continue;
            }
            if (!owner.equals(collectorId)) {
                continue;
            }
            PointConfig pressure = p.steam().pressurePoint() == null ? null : points.get(p.steam().pressurePoint());
            PointConfig temperature = p.steam().temperaturePoint() == null ? null
                    : points.get(p.steam().temperaturePoint());
            SteamHeatDeriver deriver = new SteamHeatDeriver(p, flow, pressure, temperature);
            String placement = placementProblem(p, collectorId, collectorOfDevice, pressure, temperature);
            if (deriver.configProblem() != null || placement != null) {
                log.warn("steam heat point {} of {} is reported BAD on every slot: {}", p.id(), cfg.key(),
                        Objects.requireNonNullElse(deriver.configProblem(), placement));
            }
            derived.add(new Derived(deriver, new SlotClock(PointChecks.effectiveSlot(p)), placement));
        }
        return derived.isEmpty() ? NONE : new SteamHeatPoints(derived);
    }

    /** Why an input other than the flow cannot be read by this collector at the same tick, or null. */
    private static String placementProblem(PointConfig p, String collectorId, Map<String, String> collectorOfDevice,
                                           PointConfig... inputs) {
        for (PointConfig input : inputs) {
            if (input == null) {
                continue; // the deriver reports it
            }
            String owner = input.deviceId() == null ? null : collectorOfDevice.get(input.deviceId());
            if (!collectorId.equals(owner)) {
                return PointChecks.misconfigured(p, "输入点位 " + input.id() + " 不由采集器 " + collectorId
                        + " 采集 / input point " + input.id() + " is not polled by collector " + collectorId
                        + ", which polls the flow point" + (owner == null ? "" : " (it is polled by " + owner + ")"));
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return derived.isEmpty();
    }

    /** The derived points, in configuration order. */
    public List<PointConfig> points() {
        return derived.stream().map(d -> d.deriver().point()).toList();
    }

    /**
     * The readings of the derived points whose slot grid contains {@code tick}, from {@code readings} (what the poller
     * read for the enterprise at this tick; readings of other slots are ignored). One reading per such point, BAD
     * with its reason when it cannot be computed; never throws for a reading.
     */
    public List<Reading> derive(Instant tick, Collection<Reading> readings) {
        if (derived.isEmpty()) {
            return List.of();
        }
        Map<String, Reading> byPoint = new HashMap<>();
        for (Reading r : readings) {
            if (r.ts().equals(tick)) {
                byPoint.put(r.pointId(), r);
            }
        }
        List<Reading> out = new ArrayList<>();
        for (Derived d : derived) {
            if (!d.grid().slotOf(tick).equals(tick)) {
                continue;
            }
            SteamHeatDeriver deriver = d.deriver();
            if (d.placementProblem() != null && deriver.configProblem() == null) {
                out.add(Reading.bad(deriver.point().id(), tick, PointChecks.effectiveSource(deriver.point()),
                        d.placementProblem()));
                continue;
            }
            out.add(deriver.derive(tick, byPoint.get(deriver.spec().flowPoint()),
                    byPoint.get(deriver.spec().pressurePoint()), byPoint.get(deriver.spec().temperaturePoint())));
        }
        return out;
    }
}
