package io.energymon.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.config.CollectorProperties.DeviceConfig;
import io.energymon.collector.config.CollectorProperties.EnterpriseConfig;
import io.energymon.collector.config.CollectorProperties.PointConfig;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.plant.SimulatedEnergyMeter;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The poller against the Modbus TCP plant simulator (real Modbus frames over TCP) and a real Kafka broker: one batch
 * per enterprise and slot, stamped with the slot, values decoded and scaled, an unreachable device reported as BAD
 * readings without stopping the other enterprise.
 */
class PollerIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360700MA37Q2W50Q";

    private static ModbusMeterSimulator plant;
    private static KafkaTemplate<String, byte[]> kafka;
    private static KafkaConsumer<String, byte[]> consumer;

    @BeforeAll
    static void start() {
        plant = ModbusMeterSimulator.start("127.0.0.1", 0);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
        consumer = SharedInfra.newConsumer(Topics.READINGS);
    }

    @AfterAll
    static void stop() {
        consumer.close();
        kafka.destroy();
        plant.close();
    }

    @Test
    void pollsEveryEnterpriseOncePerSlotAndReportsAnUnreachableDeviceAsBad() throws Exception {
        SimulatedEnergyMeter meter = plant.addMeter(7, 100);
        meter.setEnergyKwh(new BigDecimal("1206.42"));
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // closed again: nothing listens there
        }
        var props = new CollectorProperties("c-test", Duration.ofMinutes(15), Duration.ofSeconds(1), List.of(
                new EnterpriseConfig("tenant-a", A, List.of(new DeviceConfig("m7", "modbus-tcp", "127.0.0.1", plant.port(),
                        7, Duration.ofSeconds(2), List.of(new PointConfig("m7.energy", 100, "HOLDING", "UINT32", "BIG",
                        new BigDecimal("0.01"), 4))))),
                new EnterpriseConfig("tenant-b", B, List.of(new DeviceConfig("dead", "modbus-tcp", "127.0.0.1", deadPort,
                        1, Duration.ofMillis(500), List.of(new PointConfig("dead.energy", 0, "HOLDING", "UINT32", "BIG",
                        BigDecimal.ONE, 4)))))));
        Poller poller = new Poller(props, new ReadingPublisher(kafka), new SimpleMeterRegistry());
        Instant slot = Instant.parse("2026-11-23T04:15:00Z");

        poller.pollAll(slot);
        meter.setEnergyKwh(new BigDecimal("1210.00"));
        poller.pollAll(slot.plus(Duration.ofMinutes(15)));

        List<ReadingBatch> batches = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                ReadingBatch b = EventCodec.decode(r.value(), ReadingBatch.class);
                assertThat(r.key()).isEqualTo(b.enterpriseCode());
                batches.add(b);
            });
            assertThat(batches).hasSize(4);
        });
        List<Reading> a = batches.stream().filter(b -> b.enterpriseCode().equals(A))
                .flatMap(b -> b.readings().stream()).toList();
        assertThat(a).extracting(Reading::ts).containsExactly(slot, slot.plus(Duration.ofMinutes(15)));
        assertThat(a).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1206.42"), new BigDecimal("1210.00"));
        assertThat(a).allMatch(r -> r.quality() == Quality.GOOD && r.source() == 4);

        List<Reading> b = batches.stream().filter(x -> x.enterpriseCode().equals(B))
                .flatMap(x -> x.readings().stream()).toList();
        assertThat(b).hasSize(2).allMatch(r -> r.quality() == Quality.BAD && r.value() == null
                && r.error().contains("dead"));
        assertThat(batches).allMatch(x -> x.collectorId().equals("c-test") && x.slotLength().equals(Duration.ofMinutes(15)));
        assertThat(poller.lastSlotPublished()).isEqualTo(slot.plus(Duration.ofMinutes(15)));
    }
}
