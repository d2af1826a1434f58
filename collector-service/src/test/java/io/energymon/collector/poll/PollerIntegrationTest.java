package io.energymon.collector.poll;

import org.springframework.util.unit.DataSize;
import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.B;
import static io.energymon.collector.TestConfigs.device;
import static io.energymon.collector.TestConfigs.energy;
import static io.energymon.collector.TestConfigs.enterprise;
import static io.energymon.collector.TestConfigs.modbus;
import static io.energymon.collector.TestConfigs.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.plant.SimulatedEnergyMeter;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The poller fed by config.v1 records (through the planner), against the Modbus TCP plant simulator (real Modbus
 * frames over TCP) and a real Kafka broker: one batch per enterprise and slot length, stamped with the slot, values
 * decoded and scaled, each point on its own slot grid, an unreachable device, unsupported protocols and misconfigured
 * points reported as BAD readings without stopping anything.
 */
class PollerIntegrationTest {
    private static final Duration MIN15 = Duration.ofMinutes(15);
    private static final Duration MIN1 = Duration.ofMinutes(1);

    private static ModbusMeterSimulator plant;
    private static KafkaTemplate<String, byte[]> kafka;

    private String collectorId;
    private PollPlanner planner;
    private Poller poller;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeAll
    static void startPlantAndProducer() {
        plant = ModbusMeterSimulator.start("127.0.0.1", 0);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
    }

    @AfterAll
    static void stopPlantAndProducer() {
        kafka.destroy();
        plant.close();
    }

    @BeforeEach
    void newCollector() {
        collectorId = "c-poller-" + UUID.randomUUID();
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", null, DataSize.ofMegabytes(1));
        var registry = new SimpleMeterRegistry();
        planner = new PollPlanner(props, registry);
        poller = new Poller(props, planner, new ReadingPublisher(kafka)::publish, registry);
        consumer = SharedInfra.newConsumer(Topics.READINGS);
    }

    @AfterEach
    void closeCollector() {
        consumer.close();
        poller.stop();
        planner.plan().sources().forEach(PollPlanner::closeQuietly);
    }

    private void configure(EnterpriseConfig... configs) {
        Map<String, EnterpriseConfig> all = new HashMap<>();
        for (EnterpriseConfig c : configs) {
            all.put(c.key(), c);
        }
        planner.onChange(Map.copyOf(all), Set.copyOf(all.keySet()));
    }

    private List<ReadingBatch> awaitBatches(int count) {
        List<ReadingBatch> batches = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestConfigs.drain(consumer, collectorId, batches::add);
            assertThat(batches).hasSizeGreaterThanOrEqualTo(count);
        });
        assertThat(batches).hasSize(count);
        return batches;
    }

    @Test
    void pollsEveryEnterpriseOncePerSlotAndReportsAnUnreachableDeviceAsBad() {
        SimulatedEnergyMeter meter = plant.addMeter(7, 100);
        meter.setEnergyKwh(new BigDecimal("1206.42"));
        int deadPort = FreePorts.pick(); // nothing listens there
        configure(
                enterprise("tenant-a", A, 1, List.of(modbus("m7", collectorId, plant.port(), 7, Duration.ofSeconds(2))),
                        List.of(energy("m7.energy", "m7", 100, null))),
                enterprise("tenant-b", B, 1, List.of(modbus("dead", collectorId, deadPort, 1, Duration.ofMillis(500))),
                        List.of(energy("dead.energy", "dead", 0, null), energy("dead.energy2", "dead", 2, null))));
        Instant slot = Instant.parse("2026-11-23T04:15:00Z");

        poller.poll(slot);
        meter.setEnergyKwh(new BigDecimal("1210.00"));
        poller.poll(slot.plus(MIN15));

        List<ReadingBatch> batches = awaitBatches(4);
        List<Reading> a = batches.stream().filter(b -> b.enterpriseCode().equals(A))
                .flatMap(b -> b.readings().stream()).toList();
        assertThat(a).extracting(Reading::ts).containsExactly(slot, slot.plus(MIN15));
        assertThat(a).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1206.42"), new BigDecimal("1210.00"));
        assertThat(a).allMatch(r -> r.quality() == Quality.GOOD && r.source() == 4);

        List<ReadingBatch> bBatches = batches.stream().filter(x -> x.enterpriseCode().equals(B)).toList();
        assertThat(bBatches).allMatch(x -> x.tenantId().equals("tenant-b"));
        List<Reading> b = bBatches.stream().flatMap(x -> x.readings().stream()).toList();
        assertThat(b).hasSize(4).allMatch(r -> r.quality() == Quality.BAD && r.value() == null
                && r.error().contains("dead") && r.error().contains(":" + deadPort));
        assertThat(batches).allMatch(x -> x.slotLength().equals(MIN15));
        assertThat(batches).allSatisfy(x -> assertThat(x.readings()).allMatch(r -> r.ts().equals(x.slot())));
        assertThat(poller.lastSlotHandedOver()).isEqualTo(slot.plus(MIN15));
    }

    @Test
    void pollsEachPointOnItsOwnSlotGridAndReportsWhatItCannotReadAsBad() {
        plant.addMeter(8, 0).setEnergyKwh(new BigDecimal("10.00"));
        String other = "another-collector";
        configure(enterprise("tenant-a", A, 5,
                List.of(modbus("m8", collectorId, plant.port(), 8, Duration.ofSeconds(2)),
                        device("historian", collectorId, Protocol.OPC_UA),
                        modbus("elsewhere", other, plant.port(), 8, null)),
                List.of(energy("fast", "m8", 0, MIN1),
                        point("slow", "m8", PointAddress.modbus(0, "INPUT", null, null), null),
                        point("bad-type", "m8", PointAddress.modbus(0, "HOLDING", "DOUBLE", "BIG"), null),
                        point("bad-function", "m8", PointAddress.modbus(0, "COIL", "UINT32", "BIG"), null),
                        point("bad-order", "m8", PointAddress.modbus(0, "HOLDING", "UINT32", "MIDDLE"), null),
                        point("no-register", "m8", null, null),
                        energy("bad-slot", "m8", 0, Duration.ofMinutes(7)),
                        point("opc", "historian", new PointAddress(null, null, null, null, null, null, null,
                                "ns=2;s=Boiler1.SteamFlow", null), null),
                        energy("theirs", "elsewhere", 0, MIN1),
                        energy("manual", null, 0, MIN1))));
        assertThat(planner.plan().pointCount()).isEqualTo(8);
        Instant quarter = Instant.parse("2026-11-23T04:15:00Z");

        poller.poll(quarter);
        poller.poll(quarter.plus(MIN1));

        List<ReadingBatch> batches = awaitBatches(3);
        assertThat(batches).allMatch(b -> b.enterpriseCode().equals(A) && b.tenantId().equals("tenant-a"));
        assertThat(batches).extracting(ReadingBatch::slot, ReadingBatch::slotLength).containsExactlyInAnyOrder(
                tuple(quarter, MIN1),
                tuple(quarter, MIN15),
                tuple(quarter.plus(MIN1), MIN1));
        assertThat(batches).allSatisfy(x -> assertThat(x.readings()).allMatch(r -> r.ts().equals(x.slot())));
        for (ReadingBatch b : batches) {
            if (b.slotLength().equals(MIN1)) {
                assertThat(b.readings()).singleElement().satisfies(r -> {
                    assertThat(r.pointId()).isEqualTo("fast");
                    assertThat(r.quality()).isEqualTo(Quality.GOOD);
                    assertThat(r.value()).isEqualByComparingTo("10.00");
                });
            }
        }
        Map<String, Reading> quarterly = new HashMap<>();
        batches.stream().filter(b -> b.slotLength().equals(MIN15)).flatMap(b -> b.readings().stream())
                .forEach(r -> quarterly.put(r.pointId(), r));
        assertThat(quarterly).containsOnlyKeys("slow", "bad-type", "bad-function", "bad-order", "no-register",
                "bad-slot", "opc");
        assertThat(quarterly.get("slow").quality()).isEqualTo(Quality.GOOD);
        assertThat(quarterly.get("slow").value()).isEqualByComparingTo("10.00");
        assertThat(quarterly.get("bad-type").error()).contains("point bad-type misconfigured", "dataType", "DOUBLE");
        assertThat(quarterly.get("bad-function").error()).contains("function", "COIL");
        assertThat(quarterly.get("bad-order").error()).contains("wordOrder", "MIDDLE");
        assertThat(quarterly.get("no-register").error()).contains("no Modbus register");
        assertThat(quarterly.get("bad-slot").error()).contains("slot PT7M");
        assertThat(quarterly.get("opc").error()) // an OPC UA device without endpoint: BAD, never polled
                .isEqualTo("设备 historian 配置错误 / device historian misconfigured: no endpoint (opc.tcp://host:port/path)");
        assertThat(quarterly.values()).filteredOn(r -> !r.pointId().equals("slow"))
                .allMatch(r -> r.quality() == Quality.BAD && r.value() == null && r.source() == 4);
    }

    @Test
    void splitsALargePollIntoSeveralBatches() {
        int points = Poller.MAX_READINGS_PER_BATCH + 1;
        List<PointConfig> list = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            list.add(energy("p" + i, "gw", i, null));
        }
        configure(enterprise("tenant-a", A, 1, List.of(device("gw", collectorId, Protocol.SQL)), list));
        Instant slot = Instant.parse("2026-11-23T04:15:00Z");

        poller.poll(slot);

        List<ReadingBatch> batches = awaitBatches(2);
        assertThat(batches).extracting(b -> b.readings().size())
                .containsExactlyInAnyOrder(Poller.MAX_READINGS_PER_BATCH, 1);
        assertThat(batches).allMatch(b -> b.slot().equals(slot) && b.slotLength().equals(MIN15));
        assertThat(batches.stream().flatMap(b -> b.readings().stream()).map(Reading::pointId).distinct().count())
                .isEqualTo(points);
    }
}
