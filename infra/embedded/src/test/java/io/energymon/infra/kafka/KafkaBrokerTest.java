package io.energymon.infra.kafka;

import io.energymon.infra.net.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void producedRecordIsConsumedAndCloseReleasesPortAndProcess() throws Exception {
        KafkaBroker broker = KafkaBroker.start(null, 0);
        int port = broker.port();
        long pid = broker.pid();
        try {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(ProcessHandle.of(pid)).map(ProcessHandle::isAlive).contains(true);
            assertThat(FreePorts.isFree(port)).isFalse();

            RecordMetadata sent;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                // the topic does not exist: auto-created with 4 partitions
                sent = producer.send(new ProducerRecord<>("test.auto-created", "meter-7", "12.34 kWh")).get();
                assertThat(producer.partitionsFor("test.auto-created")).hasSize(4);
            }

            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-group",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("test.auto-created"));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    return !received.isEmpty();
                });
            }
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("meter-7");
                assertThat(r.value()).isEqualTo("12.34 kWh");
                assertThat(r.partition()).isEqualTo(sent.partition());
                assertThat(r.offset()).isEqualTo(sent.offset());
            });
        } finally {
            broker.close();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertThat(handle.isEmpty() || !handle.get().isAlive()).as("broker process gone").isTrue();
        assertThat(FreePorts.isFree(port)).as("client port released").isTrue();
        assertThat(broker.workDir()).as("temporary work dir deleted").doesNotExist();
    }
}
