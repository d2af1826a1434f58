package io.energymon.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.kafka.KafkaBroker;
import io.energymon.infra.net.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/**
 * Store and forward against a Kafka broker of the test's own, stopped and started again: batches written while it
 * is down, across a restart of the collector's buffer and forwarder, all arrive after it returns, each exactly once
 * and in the order they were polled.
 */
class StoreAndForwardIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void everySlotArrivesOnceAndInOrderAfterABrokerOutageSpanningACollectorRestart() throws Exception {
        int port = FreePorts.pick();
        Path kafkaDir = dir.resolve("kafka");
        Path bufferDir = dir.resolve("buffer");
        KafkaBroker broker = KafkaBroker.start(kafkaDir, port);
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true,
                "max.block.ms", 2000, "request.timeout.ms", 2000, "delivery.timeout.ms", 4000)));
        ReadingPublisher publisher = new ReadingPublisher(kafka);
        ReadingForwarder forwarder = null;
        try {
            ReadingBuffer buffer = new ReadingBuffer(bufferDir, 10_000_000, new SimpleMeterRegistry());
            forwarder = new ReadingForwarder(buffer, publisher, new SimpleMeterRegistry());
            forwarder.start();
            for (int i = 0; i < 5; i++) {
                buffer.accept(ReadingBufferTest.batch(i));
            }
            ReadingBuffer b = buffer;
            await().atMost(Duration.ofSeconds(60)).until(() -> b.size() == 0);

            broker.close(); // the outage
            for (int i = 5; i < 10; i++) {
                buffer.accept(ReadingBufferTest.batch(i));
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> b.size() == 5);

            // the collector restarts mid-outage: a new buffer on the same directory, a new forwarder
            forwarder.stop();
            buffer = new ReadingBuffer(bufferDir, 10_000_000, new SimpleMeterRegistry());
            assertThat(buffer.size()).isEqualTo(5);
            forwarder = new ReadingForwarder(buffer, publisher, new SimpleMeterRegistry());
            forwarder.start();
            for (int i = 10; i < 13; i++) {
                buffer.accept(ReadingBufferTest.batch(i));
            }

            broker = KafkaBroker.start(kafkaDir, port); // the link returns
            ReadingBuffer b2 = buffer;
            await().atMost(Duration.ofSeconds(120)).until(() -> b2.size() == 0);

            List<Instant> slots = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    poll(consumer, slots, Duration.ofMillis(500));
                    assertThat(slots).hasSizeGreaterThanOrEqualTo(13);
                });
                poll(consumer, slots, Duration.ofSeconds(1)); // a record after the 13 would be a duplicate
            }
            List<Instant> expected = new ArrayList<>();
            for (int i = 0; i < 13; i++) {
                expected.add(ReadingBufferTest.T0.plus(Duration.ofMinutes(15L * i)));
            }
            assertThat(slots).containsExactlyElementsOf(expected);
            assertThat(bufferDir.toFile().list()).isEmpty();
        } finally {
            if (forwarder != null) {
                forwarder.stop();
            }
            kafka.destroy();
            broker.close();
        }
    }

    private static void poll(KafkaConsumer<String, byte[]> consumer, List<Instant> slots, Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            slots.add(EventCodec.decode(r.value(), ReadingBatch.class).slot());
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
