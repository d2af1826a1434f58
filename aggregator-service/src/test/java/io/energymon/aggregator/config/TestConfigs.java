package io.energymon.aggregator.config;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.testing.SharedInfra;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Builds {@code config.v1} snapshots for tests and publishes them to a test-owned topic. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** A new compacted topic with a unique name, like {@code config.v1}. */
    /**
     * The aggregator of a test class on the shared infrastructure: a database of its own, its own consumer group,
     * and the given config topic.
     */
    public static void registerInfra(DynamicPropertyRegistry r, String databasePrefix, String configTopic) {
        String url = SharedInfra.newDatabase(databasePrefix);
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> SharedInfra.postgres().username());
        r.add("spring.datasource.password", () -> SharedInfra.postgres().password());
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("spring.kafka.consumer.group-id", () -> "aggregator-" + UUID.randomUUID());
        r.add("energymon.aggregator.config-topic", () -> configTopic);
    }

    public static String newConfigTopic() {
        String topic = "config-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        return topic;
    }

    public static PointConfig cumulative(String id) {
        return new PointConfig(id, id, null, null, null, PointKind.CUMULATIVE, "kWh", null, null, null, null);
    }

    public static PointConfig instantaneous(String id) {
        return new PointConfig(id, id, null, null, null, PointKind.INSTANTANEOUS, "kW", null, null, null, null);
    }

    /** A real-time whole-plant item (input type 4, scope 1) computed by the formula. */
    public static ItemConfig item(String dataCode, String formula) {
        return new ItemConfig(dataCode, "item " + dataCode, List.of(0, 1, 2), formula, 4, 1, "kWh", null, null);
    }

    public static EnterpriseConfig enterprise(String tenant, String uscc, long revision, List<PointConfig> points,
                                              List<ItemConfig> items) {
        var profile = new EnterpriseProfile("示例 " + uscc, "3110", "360111", null, null, null, null, null, null, null,
                null, ZoneId.of("Asia/Shanghai"), null, null);
        return new EnterpriseConfig(tenant, uscc, revision, Instant.parse("2026-11-23T00:00:00Z"), profile, null, null,
                null, null, null, null, points, items, null);
    }

    /** Publishes the tombstone of an enterprise: it was retired. */
    public static void retire(KafkaProducer<String, byte[]> producer, String topic, String tenant, String uscc) {
        try {
            producer.send(new ProducerRecord<>(topic, EnterpriseConfig.key(tenant, uscc), null)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot retire " + tenant + "/" + uscc, e);
        }
    }

    public static void publish(KafkaProducer<String, byte[]> producer, String topic, EnterpriseConfig cfg) {
        try {
            producer.send(new ProducerRecord<>(topic, cfg.key(), EventCodec.encode(cfg))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + cfg.key(), e);
        }
    }
}
