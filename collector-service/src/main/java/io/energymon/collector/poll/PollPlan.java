package io.energymon.collector.poll;

import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.collector.steam.SteamHeatPoints;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the collector polls, immutable: per enterprise (by {@code EnterpriseConfig.key()}), the devices of this
 * collector with their points and their {@link PointSource}. A configuration change makes a new plan; the poller
 * reads the current one once per tick.
 *
 * @param enterprises by enterprise key
 * @param slotLengths every slot length of any point of the plan
 * @param pointCount  points in the plan
 */
public record PollPlan(Map<String, EnterprisePlan> enterprises, SortedSet<Duration> slotLengths, int pointCount) {

    public static final PollPlan EMPTY = of(Map.of());

    public PollPlan {
        enterprises = Map.copyOf(enterprises);
        slotLengths = Collections.unmodifiableSortedSet(new TreeSet<>(slotLengths));
    }

    public static PollPlan of(Map<String, EnterprisePlan> enterprises) {
        SortedSet<Duration> slots = new TreeSet<>();
        int points = 0;
        for (EnterprisePlan e : enterprises.values()) {
            slots.addAll(e.slotLengths());
            points += e.pointCount();
        }
        return new PollPlan(enterprises, slots, points);
    }

    /**
     * One enterprise's part of the plan.
     *
     * @param revision the configuration revision it was made from
     * @param devices  this collector's devices of the enterprise that have points
     */
    public record EnterprisePlan(String tenantId, String enterpriseCode, long revision, List<DevicePlan> devices,
                                 SortedSet<Duration> slotLengths, int pointCount, SteamHeatPoints steam) {
        public EnterprisePlan {
            devices = List.copyOf(devices);
            slotLengths = Collections.unmodifiableSortedSet(new TreeSet<>(slotLengths));
            steam = steam == null ? SteamHeatPoints.NONE : steam;
        }

        public static EnterprisePlan of(String tenantId, String enterpriseCode, long revision, List<DevicePlan> devices) {
            return of(tenantId, enterpriseCode, revision, devices, SteamHeatPoints.NONE);
        }

        /** A plan whose collector also derives the steam heat points {@code steam} from what it polls. */
        public static EnterprisePlan of(String tenantId, String enterpriseCode, long revision, List<DevicePlan> devices,
                                        SteamHeatPoints steam) {
            SortedSet<Duration> slots = new TreeSet<>();
            int points = 0;
            for (DevicePlan d : devices) {
                for (PointConfig p : d.points()) {
                    slots.add(PointChecks.effectiveSlot(p));
                }
                points += d.points().size();
            }
            for (PointConfig p : steam.points()) {
                slots.add(PointChecks.effectiveSlot(p));
                points++;
            }
            return new EnterprisePlan(tenantId, enterpriseCode, revision, devices, slots, points, steam);
        }

        /** The device plan with this device id, or null. */
        public DevicePlan device(String deviceId) {
            for (DevicePlan d : devices) {
                if (d.device().id().equals(deviceId)) {
                    return d;
                }
            }
            return null;
        }

        boolean uses(PointSource source) {
            for (DevicePlan d : devices) {
                if (d.source() == source) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A device with the points this collector reads from it, and the source reading them. */
    public record DevicePlan(DeviceConfig device, List<PointConfig> points, PointSource source) {
        public DevicePlan {
            points = List.copyOf(points);
        }

        /** The slot lengths its points are polled on. */
        public Set<Duration> slotLengths() {
            Set<Duration> out = new TreeSet<>();
            for (PointConfig p : points) {
                out.add(PointChecks.effectiveSlot(p));
            }
            return out;
        }
    }

    /** Every source of the plan. */
    public List<PointSource> sources() {
        return enterprises.values().stream().map(EnterprisePlan::devices).flatMap(Collection::stream)
                .map(DevicePlan::source).toList();
    }
}
