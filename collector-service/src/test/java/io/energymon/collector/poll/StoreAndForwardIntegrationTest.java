package io.energymon.collector.poll;

import static io.energymon.collector.TestConfigs.energy;
import static io.energymon.collector.TestConfigs.enterprise;
import static io.energymon.collector.TestConfigs.modbus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.publish.ReadingBuffer;
import io.energymon.collector.publish.ReadingForwarder;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.kafka.KafkaBroker;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.plant.SimulatedEnergyMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Issue #9 "Store and forward" with the production poller, disk buffer and forwarder against the Modbus plant
 * simulator and a Kafka broker of the test's own: the broker is stopped during polling, the collector is restarted
 * mid-outage (a new planner, poller, buffer and forwarder on the same buffer directory), and once the broker is back
 * every slot polled arrives exactly once, in order, with the value the meter had at that slot.
 */
class StoreAndForwardIntegrationTest {
    private static final String USCC = "91360100MA35K8P233";
    private static final Duration MIN15 = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path dir;

    /** One collector process: what it builds at start-up. */
    private record Collector(PollPlanner planner, Poller poller, ReadingBuffer buffer, ReadingForwarder forwarder) {
        void stop() {
            forwarder.stop();
            poller.stop();
            planner.plan().sources().forEach(PollPlanner::closeQuietly);
        }
    }

    private Collector start(String collectorId, EnterpriseConfig config, ReadingPublisher publisher) {
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", dir.resolve("buffer"),
                DataSize.ofMegabytes(10));
        var registry = new SimpleMeterRegistry();
        PollPlanner planner = new PollPlanner(props, registry);
        ReadingBuffer buffer = new ReadingBuffer(props.bufferDir(), props.bufferMaxSize().toBytes(), registry);
        Poller poller = new Poller(props, planner, buffer, registry);
        planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
        ReadingForwarder forwarder = new ReadingForwarder(buffer, publisher, registry);
        forwarder.start();
        return new Collector(planner, poller, buffer, forwarder);
    }

    /** Polls slot i with the meter at 1000 + i kWh. */
    private static void poll(Collector c, SimulatedEnergyMeter meter, int i) {
        meter.setEnergyKwh(BigDecimal.valueOf(1000 + i));
        c.poller().poll(T0.plus(MIN15.multipliedBy(i)));
    }

    @Test
    void everySlotPolledDuringABrokerOutageSpanningACollectorRestartArrivesOnceAndInOrder() {
        String collectorId = "c-sf-" + UUID.randomUUID();
        int port = FreePorts.pick();
        Path kafkaDir = dir.resolve("kafka");
        KafkaBroker broker = KafkaBroker.start(kafkaDir, port);
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true,
                "max.block.ms", 2000, "request.timeout.ms", 2000, "delivery.timeout.ms", 4000)));
        ReadingPublisher publisher = new ReadingPublisher(kafka);
        ModbusMeterSimulator plant = ModbusMeterSimulator.start("127.0.0.1", 0);
        SimulatedEnergyMeter meter = plant.addMeter(7, 100);
        EnterpriseConfig config = enterprise("tenant-sf", USCC, 1,
                List.of(modbus("m7", collectorId, plant.port(), 7, Duration.ofSeconds(2))),
                List.of(energy("m7.energy", "m7", 100, null)));
        Collector collector = start(collectorId, config, publisher);
        try {
            for (int i = 0; i < 4; i++) {
                poll(collector, meter, i);
            }
            Collector first = collector;
            await().atMost(Duration.ofSeconds(60)).until(() -> first.buffer().size() == 0);

            broker.close(); // the outage, while polling goes on
            for (int i = 4; i < 8; i++) {
                poll(collector, meter, i);
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> first.buffer().size() == 4);

            collector.stop(); // the collector restarts mid-outage
            collector = start(collectorId, config, publisher);
            assertThat(collector.buffer().size()).isEqualTo(4);
            for (int i = 8; i < 11; i++) {
                poll(collector, meter, i);
            }

            broker = KafkaBroker.start(kafkaDir, port); // the link returns
            Collector second = collector;
            await().atMost(Duration.ofSeconds(120)).until(() -> second.buffer().size() == 0);

            List<Reading> received = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    received(consumer, received, Duration.ofMillis(500));
                    assertThat(received).hasSizeGreaterThanOrEqualTo(11);
                });
                received(consumer, received, Duration.ofSeconds(1)); // one more would be a duplicate
            }
            List<Instant> expectedSlots = new ArrayList<>();
            List<BigDecimal> expectedValues = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                expectedSlots.add(T0.plus(MIN15.multipliedBy(i)));
                expectedValues.add(BigDecimal.valueOf(1000 + i));
            }
            assertThat(received).extracting(Reading::ts).containsExactlyElementsOf(expectedSlots);
            assertThat(received).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                    .containsExactlyElementsOf(expectedValues);
            assertThat(dir.resolve("buffer").toFile().list()).isEmpty();
        } finally {
            collector.stop();
            kafka.destroy();
            broker.close();
            plant.close();
        }
    }

    private static void received(KafkaConsumer<String, byte[]> consumer, List<Reading> out, Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            out.addAll(EventCodec.decode(r.value(), ReadingBatch.class).readings());
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String servers) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.READINGS));
        return consumer;
    }
}
