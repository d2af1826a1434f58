package io.energymon.collector;

import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds config.v1 records for tests and publishes them to the shared broker. */
public final class TestConfigs {

    /**
     * Deletes a test's directory, best effort: a Spring context cached for the JVM may still write its configuration
     * cache there (a file appearing or going while the tree is walked is no failure; what is left stays in the
     * temporary directory).
     */
    public static void deleteTree(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }
    public static final String A = "91360100MA35K8P233";
    public static final String B = "91360700MA37Q2W50Q";

    private TestConfigs() {
    }

    public static EnterpriseConfig enterprise(String tenant, String uscc, long revision, List<DeviceConfig> devices,
                                              List<PointConfig> points) {
        var profile = new EnterpriseProfile("示例 " + uscc, "3110", "360111", null, null, null, null, null, null, null,
                null, null, null, null);
        return new EnterpriseConfig(tenant, uscc, revision, Instant.parse("2026-11-23T00:00:00Z"), profile, null, null,
                null, null, null, devices, points, null, null);
    }

    public static DeviceConfig modbus(String id, String collectorId, int port, int unitId, Duration timeout) {
        return new DeviceConfig(id, collectorId, Protocol.MODBUS_TCP, "127.0.0.1", port, unitId, null, null, null,
                timeout);
    }

    public static DeviceConfig device(String id, String collectorId, Protocol protocol) {
        return new DeviceConfig(id, collectorId, protocol, "127.0.0.1", 8899, null, null, null, null, null);
    }

    /** A point of a simulator meter: UINT32, high word first, holding registers, in 0.01 kWh. */
    public static PointConfig energy(String id, String deviceId, int register, Duration slot) {
        return point(id, deviceId, PointAddress.modbus(register, "HOLDING", "UINT32", "BIG"), slot);
    }

    public static PointConfig point(String id, String deviceId, PointAddress address, Duration slot) {
        return new PointConfig(id, id, deviceId, null, address, PointKind.CUMULATIVE, "kWh", new BigDecimal("0.01"), slot,
                null, null);
    }

    /** A fresh compacted topic on the shared broker, like config.v1. */
    public static String newConfigTopic(String prefix) {
        String topic = prefix + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        return topic;
    }

    /** Publishes a snapshot with its key, as portal-service does, and waits for the acknowledgement. */
    public static void publish(String topic, EnterpriseConfig config) {
        try (KafkaProducer<String, byte[]> p = SharedInfra.newProducer()) {
            p.send(new ProducerRecord<>(topic, EnterpriseConfig.key(config.tenantId(), config.enterpriseCode()),
                    EventCodec.encode(config))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + config.key(), e);
        }
    }

    /** Polls once and hands over the batches of this collector. */
    public static void drain(KafkaConsumer<String, byte[]> consumer, String collectorId, Consumer<ReadingBatch> sink) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            ReadingBatch b = EventCodec.decode(r.value(), ReadingBatch.class);
            if (b.collectorId().equals(collectorId)) {
                if (!b.enterpriseCode().equals(r.key())) {
                    throw new AssertionError("batch of " + b.enterpriseCode() + " keyed " + r.key());
                }
                sink.accept(b);
            }
        });
    }
}
