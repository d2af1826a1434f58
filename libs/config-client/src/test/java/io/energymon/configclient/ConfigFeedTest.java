package io.energymon.configclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.TargetConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.testing.SharedInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConfigFeed against a real broker: snapshots, newer revisions, tombstones, malformed values, the disk cache. */
class ConfigFeedTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360700MA37Q2W50Q";

    @TempDir
    Path dir;

    static EnterpriseConfig config(String tenant, String uscc, long revision, String platform) {
        var profile = new EnterpriseProfile("示例 " + uscc, "3110", "360111", null, null, null, null, null, null, null,
                null, null, null, null);
        return new EnterpriseConfig(tenant, uscc, revision, Instant.parse("2026-11-23T00:00:00Z"), profile, null, null,
                null, null, null, null, null, null, List.of(new TargetConfig(platform, true)));
    }

    private static String newTopic() throws Exception {
        String topic = "config-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        return topic;
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, key, value)).get();
    }

    @Test
    void readsSnapshotsFollowsChangesAndForgetsTombstonedEnterprises() throws Exception {
        String topic = newTopic();
        List<Set<String>> changes = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, byte[]> p = SharedInfra.newProducer()) {
            send(p, topic, EnterpriseConfig.key("t1", A), EventCodec.encode(config("t1", A, 1, "p1")));
            send(p, topic, EnterpriseConfig.key("t1", A), EventCodec.encode(config("t1", A, 2, "p2")));
            send(p, topic, EnterpriseConfig.key("t2", B), EventCodec.encode(config("t2", B, 1, "p1")));
            try (ConfigFeed feed = new ConfigFeed(new ConfigFeed.Options(SharedInfra.kafka().bootstrapServers(), topic,
                    null, null, Duration.ofMillis(200), null), (all, changed) -> changes.add(changed))) {
                feed.start();
                await().atMost(Duration.ofSeconds(30)).until(feed::caughtUp);
                assertThat(feed.current()).containsOnlyKeys("t1/" + A, "t2/" + B);
                assertThat(feed.current().get("t1/" + A).targets()).containsExactly(new TargetConfig("p2", true));
                assertThat(changes.getFirst()).containsExactlyInAnyOrder("t1/" + A, "t2/" + B);

                // an older revision (a late duplicate) is ignored; a malformed value keeps the previous configuration
                send(p, topic, EnterpriseConfig.key("t1", A), EventCodec.encode(config("t1", A, 1, "old")));
                send(p, topic, EnterpriseConfig.key("t2", B), "{not json".getBytes(StandardCharsets.UTF_8));
                send(p, topic, EnterpriseConfig.key("t2", B), null);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(feed.current()).containsOnlyKeys("t1/" + A));
                assertThat(feed.current().get("t1/" + A).targets()).containsExactly(new TargetConfig("p2", true));
                assertThat(feed.malformedCount()).isEqualTo(1);
                assertThat(changes.getLast()).containsExactly("t2/" + B);
            }
        }
    }

    @Test
    void aChangeTheListenerFailedOnIsOfferedAgainUntilItIsTaken() throws Exception {
        String topic = newTopic();
        List<Set<String>> taken = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        try (KafkaProducer<String, byte[]> p = SharedInfra.newProducer();
             ConfigFeed feed = new ConfigFeed(new ConfigFeed.Options(SharedInfra.kafka().bootstrapServers(), topic,
                     null, null, Duration.ofMillis(200), null), (all, changed) -> {
                 if (changed.contains("t1/" + A) && failures.getAndIncrement() < 2) {
                     throw new IllegalStateException("database down");
                 }
                 taken.add(changed);
             })) {
            feed.start();
            await().atMost(Duration.ofSeconds(30)).until(feed::caughtUp);
            send(p, topic, EnterpriseConfig.key("t1", A), EventCodec.encode(config("t1", A, 1, "p1")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(taken).anyMatch(keys -> keys.contains("t1/" + A)));
            assertThat(failures.get()).isEqualTo(3); // two refusals, then taken
        }
    }

    @Test
    void keepsFilteredConfigurationOnDiskAndStartsFromItWhenKafkaIsUnreachable() throws Exception {
        String topic = newTopic();
        Path cache = dir.resolve("cache/config.json");
        try (KafkaProducer<String, byte[]> p = SharedInfra.newProducer()) {
            send(p, topic, EnterpriseConfig.key("t1", A), EventCodec.encode(config("t1", A, 3, "mine")));
            send(p, topic, EnterpriseConfig.key("t2", B), EventCodec.encode(config("t2", B, 1, "other")));
        }
        var options = new ConfigFeed.Options(SharedInfra.kafka().bootstrapServers(), topic, cache,
                c -> c.tenantId().equals("t1"), Duration.ofMillis(200), null);
        try (ConfigFeed feed = new ConfigFeed(options, (all, changed) -> { })) {
            feed.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.caughtUp() && Files.exists(cache));
            assertThat(feed.current()).containsOnlyKeys("t1/" + A);
        }

        // a broker that does not answer: the feed starts from the cache
        int deadPort = io.energymon.infra.net.FreePorts.pick();
        var offline = new ConfigFeed.Options("127.0.0.1:" + deadPort, topic, cache, null, Duration.ofMillis(200), null);
        List<Map<String, EnterpriseConfig>> seen = new CopyOnWriteArrayList<>();
        try (ConfigFeed feed = new ConfigFeed(offline, (all, changed) -> seen.add(all))) {
            feed.start();
            assertThat(feed.origin()).isEqualTo(ConfigFeed.Origin.CACHE);
            assertThat(feed.caughtUp()).isFalse();
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst().get("t1/" + A).revision()).isEqualTo(3);
            assertThat(seen.getFirst().get("t1/" + A).targets()).containsExactly(new TargetConfig("mine", true));
        }
    }
}
