package io.energymon.collector.poll;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.enterprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.credentials.Credentials;
import io.energymon.collector.credentials.CredentialsProperties;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.collector.sql.JdbcDrivers;
import io.energymon.collector.sql.SqlMetrics;
import io.energymon.collector.sql.SqlSourceFactory;
import io.energymon.collector.sql.WatermarkStore;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * SQL pull from an MES database (the simulator: a real PostgreSQL with a {@code mes} schema) through the planner,
 * the poller and {@code sql.SqlSource} into a real Kafka broker: per-slot queries, incremental pulls with a watermark
 * that survives a restart, database errors as BAD readings, and the read-only guarantee checked on the database.
 */
class SqlPullIntegrationTest {
    private static final Duration MIN15 = Duration.ofMinutes(15);
    private static final int MES = 2; // Table 3 data source of the points (production management system)
    private static final String SUM_OF_LINE = "select sum(output_t) from mes.production where line = '%s'"
            + " and ts >= :slot_start and ts < :slot_end";
    private static KafkaTemplate<String, byte[]> kafka;

    @TempDir
    Path dir;
    private String url;
    private String collectorId;
    private KafkaConsumer<String, byte[]> consumer;
    private final List<PollPlanner> planners = new ArrayList<>();
    private SimpleMeterRegistry registry;

    @BeforeAll
    static void startProducer() {
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
    }

    @AfterAll
    static void stopProducer() {
        kafka.destroy();
    }

    @BeforeEach
    void newMesDatabase() throws SQLException {
        url = SharedInfra.newDatabase("mes");
        collectorId = "c-sql-" + UUID.randomUUID();
        consumer = SharedInfra.newConsumer(Topics.READINGS);
        exec("create schema mes",
                "create table mes.production (line text not null, ts timestamptz not null, output_t numeric)",
                "create table mes.shipment (shipped_at timestamptz not null, tonnes numeric)",
                "create table mes.counter (read_at timestamptz not null, total_t numeric)");
    }

    @AfterEach
    void closeCollectors() {
        consumer.close();
        planners.forEach(p -> p.plan().sources().forEach(PollPlanner::closeQuietly));
    }

    /** A collector process: planner and poller, with its watermarks in this test's directory. */
    private Poller newCollector(Instant now, Duration lookBack, EnterpriseConfig config) {
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", null,
                DataSize.ofMegabytes(1));
        registry = new SimpleMeterRegistry();
        var credentials = new Credentials(new CredentialsProperties(
                Map.of("mes-db", SharedInfra.postgres().password()), null));
        var factory = new SqlSourceFactory(credentials, new WatermarkStore(dir.resolve("watermarks")),
                JdbcDrivers.classPath(), new SqlMetrics(registry), lookBack, Clock.fixed(now, ZoneOffset.UTC));
        PollPlanner planner = new PollPlanner(props, registry, factory);
        planners.add(planner);
        Poller poller = new Poller(props, planner, new ReadingPublisher(kafka)::publish, registry);
        planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
        return poller;
    }

    private DeviceConfig mes(String id, String jdbcUrl, String credentialRef) {
        return new DeviceConfig(id, collectorId, Protocol.SQL, null, null, null, jdbcUrl,
                SharedInfra.postgres().username(), credentialRef, Duration.ofSeconds(5));
    }

    private static PointConfig point(String id, String device, PointKind kind, String query, String watermarkColumn) {
        return new PointConfig(id, id, device, null, new PointAddress(null, null, null, null, null, null, null, null,
                query, null, watermarkColumn), kind, "t", null, MIN15, null, MES);
    }

    private static PointConfig perSlot(String id, String query) {
        return point(id, "mes", PointKind.INSTANTANEOUS, query, null);
    }

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-11-23T" + hhmmss + "Z");
    }

    private List<ReadingBatch> awaitBatches(int count) {
        List<ReadingBatch> batches = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestConfigs.drain(consumer, collectorId, batches::add);
            assertThat(batches).hasSizeGreaterThanOrEqualTo(count);
        });
        assertThat(batches).hasSize(count);
        batches.sort(Comparator.comparing(ReadingBatch::slot));
        return batches;
    }

    private static Map<String, Reading> byPoint(ReadingBatch batch) {
        Map<String, Reading> m = new HashMap<>();
        batch.readings().forEach(r -> assertThat(m.put(r.pointId(), r)).as("twice: " + r).isNull());
        return m;
    }

    @Test
    void aPerSlotQueryReadsTheSlotThatHasJustEndedAndReportsWhatItCannotReadAsBad() throws SQLException {
        exec("insert into mes.production values ('L1', '2026-11-23T04:01:00Z', 10.5),"
                + " ('L1', '2026-11-23T04:14:59Z', 2.25), ('L1', '2026-11-23T04:15:00Z', 7), "
                + " ('L2', '2026-11-23T04:05:00Z', 1.0)");
        int deadPort = FreePorts.pick();
        Poller poller = newCollector(at("04:15:01"), Duration.ofDays(1), enterprise("tenant-a", A, 1,
                List.of(mes("mes", url, "mes-db"),
                        mes("down", "jdbc:postgresql://127.0.0.1:" + deadPort + "/mes", "mes-db"),
                        mes("no-secret", url, "missing-secret"),
                        mes("in-url", url + "?password=" + SharedInfra.postgres().password(), null)),
                List.of(perSlot("l1.output", SUM_OF_LINE.formatted("L1")),
                        perSlot("l2.output", SUM_OF_LINE.formatted("L2")),
                        perSlot("rows", "select output_t from mes.production where ts >= :slot_start"
                                + " and ts < :slot_end"),
                        perSlot("typo", "select sum(output_tonnes) from mes.production where ts < :slot_end"),
                        perSlot("two-statements", "select 1; delete from mes.production"),
                        perSlot("not-select", "delete from mes.production where ts < :slot_end"),
                        point("down.output", "down", PointKind.INSTANTANEOUS, "select 1", null),
                        point("no-secret.output", "no-secret", PointKind.INSTANTANEOUS, "select 1", null),
                        point("in-url.output", "in-url", PointKind.INSTANTANEOUS, "select 1", null))));

        poller.poll(at("04:15:00"));
        poller.poll(at("04:30:00"));

        List<ReadingBatch> batches = awaitBatches(2);
        Map<String, Reading> first = byPoint(batches.get(0));
        Map<String, Reading> second = byPoint(batches.get(1));
        assertThat(batches.get(0).readings()).allMatch(r -> r.ts().equals(at("04:00:00")) && r.source() == MES);
        assertThat(batches.get(1).readings()).allMatch(r -> r.ts().equals(at("04:15:00")));
        assertThat(first.get("l1.output").value()).isEqualByComparingTo("12.75");
        assertThat(second.get("l1.output").value()).isEqualByComparingTo("7");
        assertThat(first.get("l2.output").value()).isEqualByComparingTo("1.0");
        assertThat(second.get("l2.output").quality()).isEqualTo(Quality.BAD);
        assertThat(second.get("l2.output").error()).contains("no value", "NULL");
        assertThat(first.get("rows").error()).contains("3 rows", "expected one");
        assertThat(second.get("rows").value()).isEqualByComparingTo("7");
        for (Map<String, Reading> slot : List.of(first, second)) {
            assertThat(slot.get("typo").error()).contains("query of point typo failed",
                    "column \"output_tonnes\" does not exist");
            assertThat(slot.get("two-statements").error()).contains("point two-statements misconfigured",
                    "only one statement", "只能有一条语句");
            assertThat(slot.get("not-select").error()).contains("must be a SELECT", "delete");
            assertThat(slot.get("down.output").error()).contains("database of device down unreachable");
            assertThat(slot.get("no-secret.output").error()).contains("credential missing-secret not found");
            assertThat(slot.get("in-url.output").error()).contains("device in-url misconfigured",
                    "must not hold a password");
            assertThat(List.of("typo", "two-statements", "not-select", "down.output", "no-secret.output",
                    "in-url.output"))
                    .allMatch(id -> slot.get(id).quality() == Quality.BAD && slot.get(id).value() == null);
        }
        assertThat(count("select count(*) from mes.production")).isEqualTo(4);
        // per slot: l1 and l2 or rows ok, rows or l2 bad, typo error, the two devices without connection unreachable
        assertThat(Map.of("ok", 4.0, "bad", 2.0, "error", 2.0, "unreachable", 4.0)).allSatisfy((outcome, n) ->
                assertThat(registry.get(SqlMetrics.QUERIES).tag("outcome", outcome).counter().count()).as(outcome)
                        .isEqualTo(n));
    }

    @Test
    void anIncrementalPullTakesEveryRowOnceAcrossACleanRestartAndRepeatsOnlyIdenticalSlotsAfterACrash()
            throws SQLException {
        exec("insert into mes.shipment values ('2026-11-23T03:00:00Z', 50), ('2026-11-23T03:15:00Z', 0.5),"
                + " ('2026-11-23T03:50:00Z', 5),"
                + " ('2026-11-23T04:02:00Z', 10), ('2026-11-23T04:07:00Z', 2.5), ('2026-11-23T04:20:00Z', 4)",
                "insert into mes.counter values ('2026-11-23T04:01:00Z', 100), ('2026-11-23T04:09:00Z', 104),"
                        + " ('2026-11-23T04:14:00Z', 105), ('2026-11-23T04:16:00Z', 106)");
        EnterpriseConfig config = enterprise("tenant-a", A, 1, List.of(mes("mes", url, "mes-db")), List.of(
                point("shipped", "mes", PointKind.INSTANTANEOUS, "select shipped_at, tonnes as value"
                        + " from mes.shipment where shipped_at > :watermark and shipped_at < :slot_end"
                        + " order by shipped_at", "shipped_at"),
                point("counter", "mes", PointKind.CUMULATIVE,
                        "select read_at, total_t as value from mes.counter where read_at > :watermark"
                                + " order by read_at desc", "READ_AT")));
        // the first pull reads from the start of the slot holding 03:15:01 on: the 03:00 shipment is never read
        Duration lookBack = Duration.ofHours(1);

        Poller first = newCollector(at("04:15:01"), lookBack, config);
        first.poll(at("04:15:00"));
        exec("insert into mes.shipment values ('2026-11-23T04:29:59Z', 3)");
        first.poll(at("04:30:00"));
        planners.getLast().plan().sources().forEach(PollPlanner::closeQuietly); // clean stop

        Poller second = newCollector(at("04:45:01"), lookBack, config);
        exec("insert into mes.shipment values ('2026-11-23T04:31:00Z', 1)");
        second.poll(at("04:45:00"));
        exec("insert into mes.shipment values ('2026-11-23T04:50:00Z', 2)");

        Poller third = newCollector(at("05:00:01"), lookBack, config); // the second one died without stopping
        third.poll(at("05:00:00"));

        List<ReadingBatch> batches = awaitBatches(4);
        assertThat(batches).extracting(ReadingBatch::slot)
                .containsExactly(at("04:15:00"), at("04:30:00"), at("04:45:00"), at("05:00:00"));
        assertThat(summary(batches.get(0))).containsExactlyInAnyOrder(
                "shipped@03:15=0.5", "shipped@03:45=5", "shipped@04:00=12.5", "counter@04:00=105");
        assertThat(summary(batches.get(1))).containsExactlyInAnyOrder("shipped@04:15=7", "counter@04:15=106");
        assertThat(summary(batches.get(2))).containsExactly("shipped@04:30=1");
        // the crash lost the watermark of the last pull: its rows are read again, giving the same (series, slot)
        assertThat(summary(batches.get(3))).containsExactlyInAnyOrder("shipped@04:30=1", "shipped@04:45=2");
        assertThat(batches).flatExtracting(ReadingBatch::readings)
                .allMatch(r -> r.quality() == Quality.GOOD && r.source() == MES);
        assertThat(registry.get(SqlMetrics.ROWS).counter().count()).isEqualTo(2); // the third collector's pull
    }

    @Test
    void aQueryCannotWriteWhateverItTries() throws SQLException {
        exec("insert into mes.production values ('L1', '2026-11-23T04:01:00Z', 10.5),"
                        + " ('L1', '2026-11-23T04:02:00Z', 1.5)",
                "create table mes.pull_log (at timestamptz)",
                "create function mes.log_pull(t timestamptz) returns int language plpgsql as"
                        + " $$ begin insert into mes.pull_log values (t); return 1; end $$",
                "create sequence mes.seq");
        String deleteAll = "with d as (delete from mes.production returning output_t) select sum(output_t) from d";
        Poller poller = newCollector(at("04:15:01"), Duration.ofDays(1), enterprise("tenant-a", A, 1,
                List.of(mes("mes", url, "mes-db")),
                List.of(perSlot("cte", deleteAll),
                        perSlot("function", "select mes.log_pull(:slot_end)"),
                        perSlot("sequence", "select nextval('mes.seq')"),
                        perSlot("switch-off", "select length(set_config('default_transaction_read_only', 'off',"
                                + " false))"),
                        perSlot("cte-again", deleteAll),
                        perSlot("two-statements", "select 1; delete from mes.production"),
                        perSlot("total", "select sum(output_t) from mes.production where ts < :slot_end"))));

        poller.poll(at("04:15:00"));

        Map<String, Reading> readings = byPoint(awaitBatches(1).getFirst());
        for (String id : List.of("cte", "function", "sequence", "cte-again")) {
            assertThat(readings.get(id).quality()).as(id).isEqualTo(Quality.BAD);
            assertThat(readings.get(id).error()).as(id).contains("read-only transaction");
        }
        assertThat(readings.get("two-statements").error()).contains("only one statement");
        assertThat(readings.get("total").value()).isEqualByComparingTo("12.0");
        assertThat(count("select count(*) from mes.production")).isEqualTo(2);
        assertThat(count("select count(*) from mes.pull_log")).isZero();
        assertThat(count("select count(*) from mes.seq where is_called")).isZero();
    }

    @Test
    void aLostConnectionIsReopenedAndTheSlotStillRead() throws SQLException {
        exec("insert into mes.production values ('L1', '2026-11-23T04:01:00Z', 10.5),"
                + " ('L1', '2026-11-23T04:16:00Z', 3)");
        Poller poller = newCollector(at("04:15:01"), Duration.ofDays(1), enterprise("tenant-a", A, 1,
                List.of(mes("mes", url, "mes-db")), List.of(perSlot("l1.output", SUM_OF_LINE.formatted("L1")))));
        String collectorBackends = "select count(*) from pg_stat_activity where datname = current_database()"
                + " and application_name = 'energymon-collector'";

        poller.poll(at("04:15:00"));
        assertThat(count("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                + " where datname = current_database() and application_name = 'energymon-collector'")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(collectorBackends) == 0);
        poller.poll(at("04:30:00"));

        List<ReadingBatch> batches = awaitBatches(2);
        assertThat(summary(batches.get(0))).containsExactly("l1.output@04:00=10.5");
        assertThat(summary(batches.get(1))).containsExactly("l1.output@04:15=3");
        assertThat(count(collectorBackends)).isEqualTo(1);
    }

    private static List<String> summary(ReadingBatch batch) {
        return batch.readings().stream().map(r -> r.pointId() + "@" + r.ts().toString().substring(11, 16) + "="
                + r.value().stripTrailingZeros().toPlainString()).toList();
    }

    private void exec(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, SharedInfra.postgres().username(), SharedInfra.postgres().password());
    }
}
