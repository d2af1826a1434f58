package io.energymon.aggregator.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay against the real PostgreSQL and Kafka: a row the broker can never accept (larger than the
 * producer's 1 MiB {@code max.request.size}) is parked with the reason and the rows after it are published; published
 * rows are deleted after the retention; a broker outage leaves the rows pending (neither parked nor published).
 */
@SpringBootTest
@ActiveProfiles("test")
class OutboxRelayIntegrationTest {
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    AggregatorProperties props;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator", CONFIG_TOPIC);
    }

    @Test
    void aRowTheBrokerCanNeverAcceptIsParkedAndTheRowsAfterItArePublishedThenDeleted() {
        String key = "outbox-test-" + UUID.randomUUID();
        byte[] small = itemValue();
        double parkedBefore = meters.counter("aggregator_outbox_parked_total").count();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(Topics.ITEM_VALUES)) {
            long big = insert(key, new byte[2 * 1024 * 1024]);
            long after = insert(key, small);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(jdbc.sql("select parked_at is not null from outbox where id = ?").param(big)
                        .query(Boolean.class).single()).isTrue();
                assertThat(jdbc.sql("select published_at is not null from outbox where id = ?").param(after)
                        .query(Boolean.class).single()).isTrue();
            });
            assertThat(jdbc.sql("select park_reason from outbox where id = ?").param(big).query(String.class).single())
                    .startsWith("RecordTooLargeException");
            assertThat(jdbc.sql("select published_at is null from outbox where id = ?").param(big)
                    .query(Boolean.class).single()).isTrue();
            assertThat(meters.counter("aggregator_outbox_parked_total").count() - parkedBefore).isEqualTo(1.0);

            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anyMatch(r -> key.equals(r.key()) && Arrays.equals(r.value(), small));
            });
            assertThat(seen).noneMatch(r -> key.equals(r.key()) && r.value().length > small.length);

            // published rows go once older than the retention; pending and parked ones stay
            assertThat(relay.deletePublished(Duration.ofHours(1))).isZero();
            assertThat(relay.deletePublished(Duration.ZERO)).isGreaterThanOrEqualTo(1);
            assertThat(jdbc.sql("select count(*) from outbox where id = ?").param(after).query(Long.class).single())
                    .isZero();
            assertThat(jdbc.sql("select count(*) from outbox where id = ?").param(big).query(Long.class).single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aBrokerOutageLeavesTheRowsPendingNeitherParkedNorPublished() {
        Map<String, Object> unreachable = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(unreachable);
        OutboxRelay down = new OutboxRelay(jdbc, tx, new KafkaTemplate<>(factory), props, new SimpleMeterRegistry());
        try {
            // the rows and the relay round share one transaction that is rolled back: the application's relay
            // (on the real broker) never sees them
            tx.executeWithoutResult(status -> {
                long a = insert("outage-" + UUID.randomUUID(), itemValue());
                long b = insert("outage-" + UUID.randomUUID(), itemValue());
                assertThat(down.relayOnce()).isZero();
                assertThat(jdbc.sql("select count(*) from outbox where id in (?, ?) and published_at is null "
                        + "and parked_at is null").params(a, b).query(Long.class).single()).isEqualTo(2);
                status.setRollbackOnly();
            });
        } finally {
            factory.destroy();
        }
    }

    /** A well-formed item value of a tenant of its own: other test classes read item-values.v1 too. */
    private static byte[] itemValue() {
        Instant start = Instant.parse("2026-11-22T16:00:00Z");
        return EventCodec.encode(new ItemValue("tenant-outbox-test", "91360100MA35K8P233", "0000000002330011", 0,
                LocalDateTime.parse("2026-11-23T00:00:00"), start, start.plusSeconds(900), BigDecimal.ONE, 1, 4, 1,
                true, start));
    }

    private long insert(String key, byte[] payload) {
        return jdbc.sql("insert into outbox (topic, msg_key, payload) values (?, ?, ?) returning id")
                .params(Topics.ITEM_VALUES, key, payload).query(Long.class).single();
    }
}
