package io.energymon.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The collector as deployed: configured by properties, it polls on its own on the slot grid and publishes. */
@SpringBootTest
class CollectorApplicationTest {
    private static final String A = "91360100MA35K8P233";
    private static ModbusMeterSimulator plant;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) {
        plant = ModbusMeterSimulator.start("127.0.0.1", 0);
        plant.addMeter(3, 0).setEnergyKwh(new BigDecimal("77.70"));
        String pre = "energymon.collector.enterprises[0].";
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("energymon.collector.slot", () -> "PT1S");
        r.add("energymon.collector.slot-offset", () -> "PT0.1S");
        r.add(pre + "tenant-id", () -> "tenant-a");
        r.add(pre + "enterprise-code", () -> A);
        r.add(pre + "devices[0].id", () -> "m3");
        r.add(pre + "devices[0].host", () -> "127.0.0.1");
        r.add(pre + "devices[0].port", () -> plant.port());
        r.add(pre + "devices[0].unit-id", () -> 3);
        r.add(pre + "devices[0].points[0].id", () -> "m3.energy");
        r.add(pre + "devices[0].points[0].register", () -> 0);
        r.add(pre + "devices[0].points[0].scale", () -> "0.01");
    }

    @AfterAll
    static void stop() {
        plant.close();
    }

    @Test
    void pollsOnTheSlotGridAndPublishesBatchesStampedWithTheSlot() {
        List<ReadingBatch> batches = new ArrayList<>();
        try (var consumer = SharedInfra.newConsumer(Topics.READINGS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    ReadingBatch b = EventCodec.decode(r.value(), ReadingBatch.class);
                    if (b.collectorId().equals("collector-1") && b.enterpriseCode().equals(A)) {
                        batches.add(b);
                    }
                });
                assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
            });
        }
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.slot().toEpochMilli() % 1000).isZero();
            assertThat(b.readings()).singleElement().satisfies(r -> {
                assertThat(r.ts()).isEqualTo(b.slot());
                assertThat(r.value()).isEqualByComparingTo("77.70");
            });
        });
        assertThat(batches).extracting(ReadingBatch::slot).doesNotHaveDuplicates();
    }
}
