package io.energymon.collector.poll;

import org.springframework.util.unit.DataSize;
import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.B;
import static io.energymon.collector.TestConfigs.energy;
import static io.energymon.collector.TestConfigs.enterprise;
import static io.energymon.collector.TestConfigs.modbus;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.poll.PollPlan.EnterprisePlan;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The poll plan follows configuration changes enterprise by enterprise: unchanged devices keep their source (and
 * connection), changed, moved and removed devices hand theirs over to be closed. Sources connect lazily, so nothing
 * here talks to a device.
 */
class PollPlannerTest {
    private static final String ME = "c-planner";
    private static final String KEY_A = EnterpriseConfig.key("t", A);
    private static final String KEY_B = EnterpriseConfig.key("t", B);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PollPlanner planner = new PollPlanner(new CollectorProperties(ME, Duration.ofSeconds(1), "t", "", null, DataSize.ofMegabytes(1)),
            registry);
    private final List<List<PointSource>> retired = new ArrayList<>();
    private final Map<String, EnterpriseConfig> all = new HashMap<>();

    PollPlannerTest() {
        planner.setListener((plan, r) -> retired.add(r));
    }

    private static DeviceConfig dev(String id, String collector) {
        return modbus(id, collector, 1502, 1, null);
    }

    private void change(EnterpriseConfig c) {
        all.put(c.key(), c);
        planner.onChange(Map.copyOf(all), Set.of(c.key()));
    }

    private void remove(String key) {
        all.remove(key);
        planner.onChange(Map.copyOf(all), Set.of(key));
    }

    private PointSource source(String key, String device) {
        return planner.plan().enterprises().get(key).device(device).source();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void rebuildsOnlyWhatChangedAndHandsOverTheSourcesOfRemovedDevices() {
        change(enterprise("t", A, 1, List.of(dev("d1", ME), dev("d2", ME), dev("d9", "someone-else")),
                List.of(energy("p1", "d1", 0, null), energy("p2", "d2", 0, null), energy("p9", "d9", 0, null))));
        change(enterprise("t", B, 1, List.of(dev("d3", ME)), List.of(energy("p3", "d3", 0, Duration.ofMinutes(1)))));
        assertThat(planner.plan().pointCount()).isEqualTo(3);
        assertThat(planner.plan().slotLengths()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(15));
        assertThat(planner.plan().enterprises().get(KEY_A).device("d9")).isNull();
        assertThat(gauge("collector_config_points")).isEqualTo(3);
        assertThat(gauge("collector_config_enterprises")).isEqualTo(2);
        PointSource d1 = source(KEY_A, "d1");
        PointSource d2 = source(KEY_A, "d2");
        EnterprisePlan b = planner.plan().enterprises().get(KEY_B);
        retired.clear();

        // revision 2 of A: d2's point moves to another register, a manual point arrives; d1 is untouched
        change(enterprise("t", A, 2, List.of(dev("d1", ME), dev("d2", ME)),
                List.of(energy("p1", "d1", 0, null), energy("p2", "d2", 10, null), energy("manual", null, 0, null))));
        assertThat(source(KEY_A, "d1")).isSameAs(d1);
        assertThat(source(KEY_A, "d2")).isNotSameAs(d2);
        assertThat(planner.plan().enterprises().get(KEY_B)).isSameAs(b);
        assertThat(retired).containsExactly(List.of(d2));
        assertThat(planner.plan().enterprises().get(KEY_A).revision()).isEqualTo(2);
        assertThat(registry.get("collector_config_revision").tags("tenant", "t", "enterprise", A).gauge().value())
                .isEqualTo(2);

        // revision 3: d1 goes to another collector, its device settings of d2 change (timeout)
        PointSource d2b = source(KEY_A, "d2");
        retired.clear();
        change(enterprise("t", A, 3, List.of(dev("d1", "someone-else"), modbus("d2", ME, 1502, 1, Duration.ofSeconds(5))),
                List.of(energy("p1", "d1", 0, null), energy("p2", "d2", 10, null))));
        assertThat(planner.plan().enterprises().get(KEY_A).devices()).extracting(d -> d.device().id())
                .containsExactly("d2");
        assertThat(retired.getFirst()).containsExactlyInAnyOrder(d1, d2b);
        assertThat(planner.plan().pointCount()).isEqualTo(2);

        // B retired (tombstone); A's last device moves away: nothing left
        PointSource d3 = source(KEY_B, "d3");
        PointSource d2c = source(KEY_A, "d2");
        retired.clear();
        remove(KEY_B);
        change(enterprise("t", A, 4, List.of(dev("d2", "someone-else")), List.of(energy("p2", "d2", 10, null))));
        assertThat(retired).containsExactly(List.of(d3), List.of(d2c));
        assertThat(planner.plan().enterprises()).isEmpty();
        assertThat(planner.plan().slotLengths()).isEmpty();
        assertThat(gauge("collector_config_points")).isZero();
    }

    @Test
    void keepsOnlyEnterprisesWithADeviceOfThisCollector() {
        var mine = enterprise("t", A, 1, List.of(dev("d1", "x"), dev("d2", ME)), List.of());
        var theirs = enterprise("t", B, 1, List.of(dev("d1", "x")), List.of(energy("p1", "d1", 0, null)));
        assertThat(PollPlanner.hasDevicesOf(mine, ME)).isTrue();
        assertThat(PollPlanner.hasDevicesOf(theirs, ME)).isFalse();

        // a device of this collector without points is not polled at all
        change(mine);
        assertThat(planner.plan().enterprises()).isEmpty();
    }
}
