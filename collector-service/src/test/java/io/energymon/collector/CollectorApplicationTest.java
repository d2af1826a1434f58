package io.energymon.collector;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.energy;
import static io.energymon.collector.TestConfigs.enterprise;
import static io.energymon.collector.TestConfigs.modbus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.config.ConfigFeedHealthIndicator;
import io.energymon.collector.poll.DeviceState;
import io.energymon.collector.poll.DeviceStatusEndpoint;
import io.energymon.collector.poll.DevicesHealthIndicator;
import io.energymon.collector.poll.PollPlanner;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector as deployed, configured over its own config topic on the real broker: it polls what the snapshot
 * says on each point's slot grid and publishes batches stamped with the slot; a new revision is applied without a
 * restart, and a device moved to another collector is no longer polled.
 */
@SpringBootTest
class CollectorApplicationTest {
    private static final String COLLECTOR = "c-app-" + UUID.randomUUID();
    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration S2 = Duration.ofSeconds(2);
    private static ModbusMeterSimulator plant;
    private static String topic;
    private static Path dir;

    @Autowired
    PollPlanner planner;
    @Autowired
    MeterRegistry registry;
    @Autowired
    ConfigFeedHealthIndicator configFeedHealthIndicator;
    @Autowired
    DeviceStatusEndpoint devicesEndpoint;
    @Autowired
    DevicesHealthIndicator devicesHealthIndicator;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) throws IOException {
        plant = ModbusMeterSimulator.start("127.0.0.1", 0);
        plant.addMeter(3, 0).setEnergyKwh(new BigDecimal("77.70"));
        plant.addMeter(4, 10).setEnergyKwh(new BigDecimal("12.34"));
        topic = TestConfigs.newConfigTopic("config-app");
        dir = Files.createTempDirectory("collector-app");
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("energymon.collector.collector-id", () -> COLLECTOR);
        r.add("energymon.collector.slot-offset", () -> "PT0.1S");
        r.add("energymon.collector.config-topic", () -> topic);
        r.add("energymon.collector.config-cache", () -> dir.resolve("collector-config.json").toString());
        r.add("energymon.collector.buffer-dir", () -> dir.resolve("buffer").toString());
    }

    @AfterAll
    static void stop() {
        plant.close();
        TestConfigs.deleteTree(dir);
    }

    private static EnterpriseConfig revision(long revision, String d1Collector, String d2Collector) {
        var d1 = modbus("m3", d1Collector, plant.port(), 3, null);
        var p1 = energy("m3.energy", "m3", 0, S1);
        if (d2Collector == null) {
            return enterprise("tenant-a", A, revision, List.of(d1), List.of(p1));
        }
        var d2 = modbus("m4", d2Collector, plant.port(), 4, null);
        return enterprise("tenant-a", A, revision, List.of(d1, d2), List.of(p1, energy("m4.energy", "m4", 10, S2)));
    }

    private static List<Reading> readingsOf(List<ReadingBatch> batches, String pointId, Instant after) {
        return batches.stream().filter(b -> b.slot().isAfter(after)).flatMap(b -> b.readings().stream())
                .filter(r -> r.pointId().equals(pointId)).toList();
    }

    @Test
    void pollsWhatConfigV1SaysAndFollowsItsChangesWithoutRestart() throws Exception {
        List<ReadingBatch> batches = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(Topics.READINGS)) {
            // revision 1: one point, polled every second
            TestConfigs.publish(topic, revision(1, COLLECTOR, null));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                TestConfigs.drain(consumer, COLLECTOR, batches::add);
                assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
            });
            assertThat(batches).allSatisfy(b -> {
                assertThat(b.tenantId()).isEqualTo("tenant-a");
                assertThat(b.enterpriseCode()).isEqualTo(A);
                assertThat(b.slotLength()).isEqualTo(S1);
                assertThat(b.slot().toEpochMilli() % 1000).isZero();
                assertThat(b.readings()).singleElement().satisfies(r -> {
                    assertThat(r.pointId()).isEqualTo("m3.energy");
                    assertThat(r.ts()).isEqualTo(b.slot());
                    assertThat(r.value()).isEqualByComparingTo("77.70");
                });
            });
            assertThat(batches).extracting(ReadingBatch::slot).doesNotHaveDuplicates();
            assertThat(configFeedHealthIndicator.health().getStatus()).isEqualTo(Status.UP);
            Path cache = dir.resolve("collector-config.json");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(cache));
            assertThat(EventCodec.decode(Files.readAllBytes(cache), EnterpriseConfig[].class))
                    .extracting(EnterpriseConfig::revision).containsExactly(1L);

            // revision 2 adds a point on another meter, every 2 s: applied without restart, in batches of its own slot
            TestConfigs.publish(topic, revision(2, COLLECTOR, COLLECTOR));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                TestConfigs.drain(consumer, COLLECTOR, batches::add);
                assertThat(batches).filteredOn(b -> b.slotLength().equals(S2)).hasSizeGreaterThanOrEqualTo(2);
            });
            assertThat(batches).filteredOn(b -> b.slotLength().equals(S2)).allSatisfy(b -> {
                assertThat(b.slot().toEpochMilli() % 2000).isZero();
                assertThat(b.readings()).singleElement().satisfies(r -> {
                    assertThat(r.pointId()).isEqualTo("m4.energy");
                    assertThat(r.ts()).isEqualTo(b.slot());
                    assertThat(r.value()).isEqualByComparingTo("12.34");
                });
            });
            assertThat(batches).filteredOn(b -> b.slotLength().equals(S1))
                    .allSatisfy(b -> assertThat(b.readings()).singleElement()
                            .satisfies(r -> assertThat(r.pointId()).isEqualTo("m3.energy")));
            assertThat(registry.get("collector_config_points").gauge().value()).isEqualTo(2);

            // revision 3 moves m3 to another collector: m3 is no longer polled, m4 still is
            TestConfigs.publish(topic, revision(3, "another-collector", COLLECTOR));
            await().atMost(Duration.ofSeconds(30)).until(() -> planner.plan().pointCount() == 1);
            Instant moved = Instant.now();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                TestConfigs.drain(consumer, COLLECTOR, batches::add);
                // batches of one key arrive in order: once m4 of a slot 3 s later is in, m3 would have been too
                assertThat(readingsOf(batches, "m4.energy", moved.plusSeconds(3))).isNotEmpty();
            });
            assertThat(readingsOf(batches, "m3.energy", moved)).isEmpty();
            // the devices endpoint and the per-device meters follow the plan: m4 read and ONLINE, m3 gone
            assertThat(devicesEndpoint.devices().devices()).singleElement().satisfies(d -> {
                assertThat(d.deviceId()).isEqualTo("m4");
                assertThat(d.protocol()).isEqualTo("MODBUS_TCP");
                assertThat(d.state()).isEqualTo(DeviceState.ONLINE);
                assertThat(d.lastSuccess()).isNotNull();
            });
            assertThat(registry.find("collector_device_state").tag("device", "m3").gauge()).isNull();
            assertThat(devicesHealthIndicator.health().getDetails()).containsEntry("online", 1L)
                    .containsEntry("defective", 0L);
            assertThat(registry.get("collector_device_reads_total").tag("device", "m4").counter().count())
                    .isGreaterThanOrEqualTo(2);

            // revision 4 moves m4 away as well: the enterprise is forgotten and nothing is polled
            TestConfigs.publish(topic, revision(4, "another-collector", "another-collector"));
            await().atMost(Duration.ofSeconds(30)).until(() -> planner.plan().enterprises().isEmpty());
            Instant gone = Instant.now();
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestConfigs.drain(consumer, COLLECTOR, batches::add);
                assertThat(batches).noneMatch(b -> b.slot().isAfter(gone));
            });
            assertThat(registry.get("collector_config_points").gauge().value()).isZero();
            assertThat(configFeedHealthIndicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }
}
