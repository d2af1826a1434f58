package io.energymon.collector.steam;

import static io.energymon.collector.steam.SteamHeatDeriverTest.EXPECTED_GJ_PER_H;
import static io.energymon.collector.steam.SteamHeatDeriverTest.GAUGE_MPA;
import static io.energymon.collector.steam.SteamHeatDeriverTest.STEAM_CELSIUS;
import static io.energymon.collector.steam.SteamHeatDeriverTest.TABLE5_REFERENCE;
import static io.energymon.collector.steam.SteamHeatDeriverTest.TOLERANCE_GJ_PER_H;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.energymon.collector.TestConfigs;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.config.SteamHeat;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteamHeatPointsTest {
    static final Instant QUARTER = Instant.parse("2026-11-24T02:15:00Z");
    static final SteamHeat SPEC = new SteamHeat("flow", "pressure", "temperature", TABLE5_REFERENCE, null);

    @Test
    void theCollectorPollingTheFlowDerivesThePointAtTheTicksOfItsGrid() {
        EnterpriseConfig cfg = enterprise("c1", "c1", Duration.ofMinutes(1));

        SteamHeatPoints mine = SteamHeatPoints.of(cfg, "c1");
        assertThat(SteamHeatPoints.of(cfg, "c2").isEmpty()).isTrue();
        assertThat(mine.points()).extracting(PointConfig::id).containsExactly("heat");

        List<Reading> atQuarter = mine.derive(QUARTER, inputs(QUARTER));
        assertThat(atQuarter).singleElement().satisfies(r -> {
            assertThat(r.pointId()).isEqualTo("heat");
            assertThat(r.ts()).isEqualTo(QUARTER);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
            assertThat(r.value().doubleValue()).isCloseTo(EXPECTED_GJ_PER_H, within(TOLERANCE_GJ_PER_H));
        });
        Instant minuteLater = QUARTER.plusSeconds(60);
        assertThat(mine.derive(minuteLater, inputs(minuteLater))).as("not on the 15-minute grid").isEmpty();
    }

    @Test
    void readingsOfAnotherSlotAreNotUsed() {
        SteamHeatPoints points = SteamHeatPoints.of(enterprise("c1", "c1", Duration.ofMinutes(15)), "c1");
        List<Reading> readings = List.of(Reading.good("flow", QUARTER.minusSeconds(900), BigDecimal.TEN, 4),
                good("pressure", GAUGE_MPA), good("temperature", STEAM_CELSIUS));

        assertThat(points.derive(QUARTER, readings)).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).contains("no reading of steam flow point flow in this slot");
        });
    }

    @Test
    void anInputPolledByAnotherCollectorMakesTheReadingBad() {
        SteamHeatPoints points = SteamHeatPoints.of(enterprise("c1", "c2", Duration.ofMinutes(15)), "c1");

        assertThat(points.derive(QUARTER, inputs(QUARTER))).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).contains("不由采集器 c1 采集")
                    .contains("input point temperature is not polled by collector c1, which polls the flow point "
                            + "(it is polled by c2)");
        });
    }

    @Test
    void aFlowPointThatNoCollectorPollsIsDerivedByNone() {
        EnterpriseConfig cfg = TestConfigs.enterprise("t1", TestConfigs.A, 1, List.of(),
                List.of(input("flow", null, "t/h", Duration.ofMinutes(15)), heat()));

        assertThat(SteamHeatPoints.of(cfg, "c1").isEmpty()).isTrue();
        assertThat(SteamHeatPoints.NONE.derive(QUARTER, inputs(QUARTER))).isEmpty();
    }

    /** Flow and pressure on device d1, temperature on d2; d1 polled by {@code d1Collector}, d2 by {@code d2Collector}. */
    static EnterpriseConfig enterprise(String d1Collector, String d2Collector, Duration inputSlot) {
        return TestConfigs.enterprise("t1", TestConfigs.A, 1,
                List.of(TestConfigs.device("d1", d1Collector, Protocol.MODBUS_TCP),
                        TestConfigs.device("d2", d2Collector, Protocol.MODBUS_TCP)),
                List.of(input("flow", "d1", "t/h", inputSlot), input("pressure", "d1", "MPa", inputSlot),
                        input("temperature", "d2", "°C", inputSlot), heat()));
    }

    static PointConfig input(String id, String deviceId, String unit, Duration slot) {
        return new PointConfig(id, id, deviceId, null, null, PointKind.INSTANTANEOUS, unit, null, slot, null, null);
    }

    static PointConfig heat() {
        return new PointConfig("heat", "heat", null, null, null, PointKind.INSTANTANEOUS, "GJ/h", null,
                Duration.ofMinutes(15), null, null, null, SPEC);
    }

    static List<Reading> inputs(Instant ts) {
        return List.of(Reading.good("flow", ts, BigDecimal.TEN, 4),
                Reading.good("pressure", ts, new BigDecimal(GAUGE_MPA), 4),
                Reading.good("temperature", ts, new BigDecimal(STEAM_CELSIUS), 4));
    }

    static Reading good(String pointId, String value) {
        return Reading.good(pointId, QUARTER, new BigDecimal(value), 4);
    }
}
