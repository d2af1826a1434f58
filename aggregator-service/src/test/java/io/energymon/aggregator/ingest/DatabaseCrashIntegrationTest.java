package io.energymon.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.AggregatorServiceApplication;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.postgres.EmbeddedPostgresServer;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue #7 "a database restart during ingest with nothing lost": an aggregator of its own on a PostgreSQL server of
 * its own (with {@code synchronous_commit=on}, as production runs), fed a steady stream of readings over Kafka; the
 * server crashes (immediate shutdown: sessions cut, no checkpoint) mid-stream and comes back on the same data dir and
 * port seconds later. Afterwards every reading is stored once, every interval is NORMAL with its exact consumption
 * (the in-memory last values did not outlive the rolled-back batches), and every item value exists once, at version 1,
 * with one outbox row: nothing lost, nothing doubled.
 */
class DatabaseCrashIntegrationTest {
    private static final String TENANT = "tenant-crash";
    private static final String USCC = "91360100MA35K8P233";
    private static final String ITEM = "0000000002330011";
    private static final int POINTS = 20;
    private static final int SLOTS = 160;
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant S0 = Instant.parse("2026-10-31T16:00:00Z");

    /** Point j counts 1000·j + (j+1)·slot: every interval of point j is j+1, the item (sum of all) 210 per slot. */
    private static BigDecimal value(int point, int slot) {
        return BigDecimal.valueOf(1000L * point + (long) (point + 1) * slot);
    }

    @Test
    void aPostgresCrashDuringIngestLosesNothingAndDoublesNothing() throws Exception {
        Path dataDir = Files.createTempDirectory("energymon-crash-pg-");
        int port = FreePorts.pick();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir.resolve("data"), port,
                Map.of("synchronous_commit", "on"));
        String configTopic = TestConfigs.newConfigTopic();
        String readingsTopic = "readings-crash-" + UUID.randomUUID();
        ConfigurableApplicationContext app = null;
        Thread sender = null;
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            pg.createDatabase("aggregator");
            List<PointConfig> points = IntStream.range(0, POINTS).mapToObj(j -> TestConfigs.cumulative("p" + j)).toList();
            String formula = String.join(" + ", IntStream.range(0, POINTS).mapToObj(j -> "[p" + j + "]").toList());
            // real-time only: the day and month rollups (their own tests) would add outbox rows while it runs
            ItemConfig realtime = new ItemConfig(ITEM, "all points", List.of(0), formula, 4, 1, "kWh", null, null);
            TestConfigs.publish(producer, configTopic, TestConfigs.enterprise(TENANT, USCC, 1, points,
                    List.of(realtime)));

            // command-line arguments: they win over application.yml's environment placeholders
            app = new SpringApplicationBuilder(AggregatorServiceApplication.class).profiles("test").run(
                    "--spring.datasource.url=" + pg.jdbcUrl("aggregator"),
                    "--spring.datasource.username=" + pg.username(),
                    "--spring.datasource.password=" + pg.password(),
                    "--spring.kafka.bootstrap-servers=" + SharedInfra.kafka().bootstrapServers(),
                    "--spring.kafka.consumer.group-id=aggregator-" + UUID.randomUUID(),
                    "--energymon.aggregator.config-topic=" + configTopic,
                    "--energymon.aggregator.readings-topic=" + readingsTopic,
                    "--server.port=0");
            MeterRegistry meters = app.getBean(MeterRegistry.class);

            // a steady stream: one record per slot with all points, every 25 ms
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            KafkaProducer<String, byte[]> p = producer;
            sender = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < SLOTS; i++) {
                        Instant ts = S0.plus(SLOT.multipliedBy(i));
                        int slot = i;
                        List<Reading> readings = IntStream.range(0, POINTS)
                                .mapToObj(j -> Reading.good("p" + j, ts, value(j, slot), 4)).toList();
                        ReadingBatch batch = new ReadingBatch(UUID.randomUUID(), TENANT, USCC, "collector-1", ts, SLOT,
                                readings);
                        p.send(new ProducerRecord<>(readingsTopic, batch.enterpriseCode(), EventCodec.encode(batch))).get();
                        Thread.sleep(25);
                    }
                } catch (Exception e) {
                    sendFailure.set(e);
                }
            });

            // crash once part of the stream is stored, while the rest is still arriving
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    meters.get("aggregator_readings_ingested_total").counter().count() >= POINTS * 30);
            pg.crash();
            Thread.sleep(2_000);
            pg = EmbeddedPostgresServer.start(dataDir.resolve("data"), port, Map.of("synchronous_commit", "on"));

            sender.join(Duration.ofSeconds(60));
            assertThat(sendFailure.get()).isNull();
            JdbcClient db = JdbcClient.create(new DriverManagerDataSource(pg.jdbcUrl("aggregator"), pg.username(),
                    pg.password()));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(db.sql("""
                    select count(*) from reading r join series s using (series_id)
                     where s.tenant_id = ? and s.enterprise_code = ?""").params(TENANT, USCC).query(Long.class).single())
                    .isEqualTo((long) POINTS * SLOTS));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.sql(
                    "select count(*) from item_value where tenant_id = ? and enterprise_code = ? and stat_type = 0")
                    .params(TENANT, USCC).query(Long.class).single()).isEqualTo(SLOTS - 1L));

            // every reading stored with its own value
            List<String> wrongReadings = db.sql("""
                    select s.point_id || '@' || r.ts from reading r join series s using (series_id)
                     where s.tenant_id = ? and s.enterprise_code = ?
                       and r.value <> 1000 * substr(s.point_id, 2)::int
                                      + (substr(s.point_id, 2)::int + 1) * ((extract(epoch from r.ts - ?) / 900)::int)""")
                    .params(TENANT, USCC, S0.atOffset(java.time.ZoneOffset.UTC)).query(String.class).list();
            assertThat(wrongReadings).isEmpty();
            // every interval NORMAL, one slot long, with the point's step: no gap, no double-counted step
            List<Map<String, Object>> intervals = db.sql("""
                    select s.point_id, i.flag, i.consumption, i.interval_end - i.interval_start as length
                      from interval_consumption i join series s using (series_id)
                     where s.tenant_id = ? and s.enterprise_code = ?""").params(TENANT, USCC).query().listOfRows();
            assertThat(intervals).hasSize(POINTS * (SLOTS - 1));
            for (Map<String, Object> in : intervals) {
                int point = Integer.parseInt(((String) in.get("point_id")).substring(1));
                assertThat(((Number) in.get("flag")).intValue()).as("flag of %s", in).isZero();
                assertThat((BigDecimal) in.get("consumption")).as("consumption of %s", in)
                        .isEqualByComparingTo(BigDecimal.valueOf(point + 1));
            }
            // every item value once, 210 (= 1 + 2 + … + 20), at its first version, announced once
            List<Map<String, Object>> values = db.sql("""
                    select value, version, valid from item_value
                     where tenant_id = ? and enterprise_code = ? and stat_type = 0""").params(TENANT, USCC)
                    .query().listOfRows();
            assertThat(values).allSatisfy(v -> {
                assertThat((BigDecimal) v.get("value")).isEqualByComparingTo("210");
                assertThat(((Number) v.get("version")).longValue()).isEqualTo(1L);
                assertThat((Boolean) v.get("valid")).isTrue();
            });
            assertThat(db.sql("select count(*) from outbox where topic = ?").param(Topics.ITEM_VALUES)
                    .query(Long.class).single()).isEqualTo(SLOTS - 1L);
        } finally {
            if (sender != null) {
                sender.interrupt();
            }
            if (app != null) {
                app.close();
            }
            pg.close();
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
