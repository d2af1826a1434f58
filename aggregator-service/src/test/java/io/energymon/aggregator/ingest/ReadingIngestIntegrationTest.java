package io.energymon.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.deadletter.DeadLetters;
import io.energymon.aggregator.query.QueryController;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The aggregator against a real PostgreSQL and a real Kafka broker: readings in over {@code readings.v1}, intervals
 * and item values in the database, item values out over the outbox to {@code item-values.v1}; replays, late data,
 * corrections, counter decreases, malformed records, and tenants kept apart. The items come from {@code config.v1}
 * snapshots published to a topic of this class: {@code tenant-a}'s enterprise has two items over one cumulative point
 * ({@code [meter-1.energy]} and {@code [meter-1.energy] * 0.001}, kWh to MWh), {@code tenant-b}'s one.
 */
@SpringBootTest
@ActiveProfiles("test")
class ReadingIngestIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360700MA37Q2W50Q";
    private static final String POINT = "meter-1.energy";
    private static final Duration SLOT = Duration.ofMinutes(15);
    /** 2026-11-23 00:00 in Shanghai = 2026-11-22 16:00 UTC: local-day boundaries must not be UTC ones. */
    private static final Instant S0 = Instant.parse("2026-11-22T16:00:00Z");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> itemValues;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    HealthContributorRegistry health;
    @Autowired
    MeterRegistry meters;
    @Autowired
    QueryController query;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator", CONFIG_TOPIC);
    }

    @BeforeAll
    static void clients() {
        producer = SharedInfra.newProducer();
        itemValues = SharedInfra.newConsumer(Topics.ITEM_VALUES);
        TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise("tenant-a", A, 1,
                List.of(TestConfigs.cumulative(POINT)),
                List.of(TestConfigs.item("0000000002330011", "[" + POINT + "]"),
                        TestConfigs.item("0000000002330099", "[" + POINT + "] * 0.001"))));
        TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise("tenant-b", B, 1,
                List.of(TestConfigs.cumulative(POINT)), List.of(TestConfigs.item("0000000002330011", "[" + POINT + "]"))));
    }

    @BeforeEach
    void configurationArrived() {
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef("tenant-a", A)).isPresent()
                && catalog.enterprise(new EnterpriseRef("tenant-b", B)).isPresent());
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        itemValues.close();
    }

    @Test
    void readingsOverKafkaBecomeAnItemValueOnItemValuesTopicWithLocalStatDate() throws Exception {
        Instant s0 = S0.plus(Duration.ofDays(10));
        send(batch("tenant-a", A, reading(s0, "100.00"), reading(s0.plus(SLOT), "112.50")));

        List<ItemValue> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            itemValues.poll(Duration.ofMillis(200)).forEach(r -> received.add(EventCodec.decode(r.value(), ItemValue.class)));
            assertThat(received).anyMatch(v -> v.tenantId().equals("tenant-a") && v.enterpriseCode().equals(A)
                    && v.periodStart().equals(s0) && v.dataCode().equals("0000000002330011"));
        });
        ItemValue v = received.stream().filter(x -> x.tenantId().equals("tenant-a") && x.enterpriseCode().equals(A)
                        && x.periodStart().equals(s0) && x.dataCode().equals("0000000002330011"))
                .findFirst().orElseThrow();
        assertThat(v.value()).isEqualByComparingTo("12.50");
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.statType()).isZero();
        assertThat(v.statDate()).isEqualTo(LocalDateTime.parse("2026-12-03T00:00:00"));
        assertThat(v.periodEnd()).isEqualTo(s0.plus(SLOT));
        assertThat(v.tenantId()).isEqualTo("tenant-a");
        // the second item on the same point has its own formula (kWh -> MWh)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(itemValue("tenant-a", A, "0000000002330099", s0)).isEqualByComparingTo("0.0125"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(jdbc.sql("select count(*) from outbox where published_at is null").query(Long.class).single())
                        .isZero());
    }

    @Test
    void aReplayedBatchChangesNothing() {
        Instant s0 = S0.plus(Duration.ofDays(20));
        ReadingBatch batch = batch("tenant-a", A, reading(s0, "5.00"), reading(s0.plus(SLOT), "7.25"));
        var first = ingest.ingest(batch);
        long outboxRows = count("outbox");

        var replay = ingest.ingest(batch);

        assertThat(first.itemValuesChanged()).isEqualTo(2);
        assertThat(replay).isEqualTo(new ReadingIngestService.Result(0, 0, 0));
        assertThat(count("outbox")).isEqualTo(outboxRows);
        assertThat(version("tenant-a", A, s0)).isEqualTo(1);
    }

    @Test
    void lateDataFillsAGapAndACorrectionBumpsTheVersion() {
        Instant s0 = S0.plus(Duration.ofDays(30));
        ingest.ingest(batch("tenant-a", A, reading(s0, "100"), reading(s0.plus(SLOT.multipliedBy(2)), "130")));
        assertThat(flag("tenant-a", A, s0)).isEqualTo("GAP");
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isNull();

        ingest.ingest(batch("tenant-a", A, reading(s0.plus(SLOT), "110")));
        assertThat(flag("tenant-a", A, s0)).isEqualTo("NORMAL");
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("10");
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0.plus(SLOT))).isEqualByComparingTo("20");

        ingest.ingest(batch("tenant-a", A, reading(s0.plus(SLOT), "111")));
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("11");
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0.plus(SLOT))).isEqualByComparingTo("19");
        assertThat(version("tenant-a", A, s0)).isEqualTo(2);
        assertThat(version("tenant-a", A, s0.plus(SLOT))).isEqualTo(2);
    }

    @Test
    void aCounterDecreaseIsFlaggedAndInventsNoConsumption() {
        Instant s0 = S0.plus(Duration.ofDays(40));
        ingest.ingest(batch("tenant-a", A, reading(s0, "99999.90"), reading(s0.plus(SLOT), "0.40")));
        assertThat(flag("tenant-a", A, s0)).isEqualTo("DECREASE");
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isNull();
    }

    @Test
    void aBadReadingNeverOverwritesAGoodOne() {
        Instant s0 = S0.plus(Duration.ofDays(50));
        ingest.ingest(batch("tenant-a", A, reading(s0, "42.00")));
        var r = ingest.ingest(batch("tenant-a", A, Reading.bad(POINT, s0, 4, "timeout")));
        assertThat(r.readingsChanged()).isZero();
        assertThat(jdbc.sql("select r.value from reading r join series s using (series_id) "
                        + "where s.tenant_id = 'tenant-a' and s.enterprise_code = ? and r.ts = ?")
                .params(A, s0.atOffset(java.time.ZoneOffset.UTC)).query(BigDecimal.class).single())
                .isEqualByComparingTo("42.00");
    }

    @Test
    void tenantsWithTheSamePointIdsStayApart() {
        Instant s0 = S0.plus(Duration.ofDays(60));
        ingest.ingest(batch("tenant-a", A, reading(s0, "1"), reading(s0.plus(SLOT), "2")));
        ingest.ingest(batch("tenant-b", B, reading(s0, "1000"), reading(s0.plus(SLOT), "1500")));
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("1");
        assertThat(itemValue("tenant-b", B, "0000000002330011", s0)).isEqualByComparingTo("500");
        // the same enterprise code under another tenant is another enterprise: nothing of A shows under tenant-b
        assertThat(itemValue("tenant-b", A, "0000000002330011", s0)).isNull();
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheRecordsAfterThemAreStored() throws Exception {
        Instant s0 = S0.plus(Duration.ofDays(70));
        String marker = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>(Topics.READINGS, A, ("{not json " + marker).getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        // decodes, but its reading is older than any retention: can never be stored
        send(batch("tenant-a", A, reading(Instant.parse("1999-01-01T00:00:00Z"), "1")));
        // well-formed JSON, but the USCC's check character is wrong: must not block the partition either
        String badUscc = new String(EventCodec.encode(batch("tenant-a", A, reading(s0, "9"))), StandardCharsets.UTF_8)
                .replace(A, "91360100MA35K8P234");
        producer.send(new ProducerRecord<>(Topics.READINGS, A, badUscc.getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        send(batch("tenant-a", A, reading(s0, "3"), reading(s0.plus(SLOT), "4")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("1"));

        // the dead-letter topic exists once the context started; other test classes' listeners may dead-letter too
        try (KafkaConsumer<String, byte[]> deadLetters = SharedInfra.newConsumer(DeadLetters.topicOf(Topics.READINGS))) {
            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(r -> {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    String reason = new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8);
                    if (value.contains(marker)) {
                        reasons.add("marker:" + reason);
                    } else if (value.contains("1999-01-01")) {
                        reasons.add("1999:" + reason);
                    }
                });
                assertThat(reasons).contains("marker:malformed", "1999:timestamp-out-of-range")
                        .allMatch(r -> r.equals("marker:malformed") || r.equals("1999:timestamp-out-of-range"));
            });
        }
        assertThat(meters.get("aggregator_dead_letters_total").tags("topic", Topics.READINGS, "reason", "malformed")
                .counter().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRecordTheDatabaseRefusesGoesToTheDeadLetterTopicAndTheRecordsAfterItAreStored() throws Exception {
        Instant s0 = S0.plus(Duration.ofDays(90));
        String point = "refused-" + UUID.randomUUID();
        send(batch("tenant-a", A, reading(s0, "10")));
        // a point id PostgreSQL cannot store (NUL character): decodes, but can never be written
        send(new ReadingBatch(UUID.randomUUID(), "tenant-a", A, "test", s0, SLOT,
                List.of(Reading.good(point + "\u0000", s0, BigDecimal.ONE, 4))));
        send(batch("tenant-a", A, reading(s0.plus(SLOT), "12")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("2"));
        try (KafkaConsumer<String, byte[]> deadLetters = SharedInfra.newConsumer(DeadLetters.topicOf(Topics.READINGS))) {
            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(point)) {
                        reasons.add(new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
                    }
                });
                assertThat(reasons).isNotEmpty().allMatch("unstorable"::equals);
            });
        }
    }

    @Test
    void aDatabaseOutageIsRetriedWithBackOffAndLosesNothing() throws Exception {
        Instant s0 = S0.plus(Duration.ofDays(110));
        String database = jdbc.sql("select current_database()").query(String.class).single();
        var admin = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                SharedInfra.postgres().jdbcUrl("postgres"), SharedInfra.postgres().username(),
                SharedInfra.postgres().password()));
        Counter ingested = meters.get("aggregator_readings_ingested_total").counter();
        try {
            // the outage: no new connection is accepted and the open ones are cut
            admin.sql("alter database \"" + database + "\" allow_connections false").update();
            admin.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")
                    .param(database).query().listOfRows();
            double before = ingested.count();
            send(batch("tenant-a", A, reading(s0, "100"), reading(s0.plus(SLOT), "112")));
            // retried, never skipped: nothing counted as stored while the database is away
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(ingested.count()).isEqualTo(before));
        } finally {
            admin.sql("alter database \"" + database + "\" allow_connections true").update();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("12"));
    }

    @Test
    void aRolledBackBatchLeavesNoTraceInTheLastValues() {
        Instant s0 = S0.plus(Duration.ofDays(80));
        ingest.ingest(batch("tenant-a", A, reading(s0, "100")));
        // the second reading overflows PostgreSQL's numeric: the whole transaction rolls back
        ReadingBatch failing = new ReadingBatch(UUID.randomUUID(), "tenant-a", A, "test", s0.plus(SLOT), SLOT,
                List.of(reading(s0.plus(SLOT), "110"), Reading.good("overflow", s0.plus(SLOT), new BigDecimal("1E+140000"), 4)));
        assertThatThrownBy(() -> ingest.ingest(failing)).isInstanceOf(RuntimeException.class);
        assertThat(jdbc.sql("select count(*) from reading r join series s using (series_id) "
                        + "where s.tenant_id = 'tenant-a' and s.enterprise_code = ? and r.ts = ?")
                .params(A, s0.plus(SLOT).atOffset(java.time.ZoneOffset.UTC)).query(Long.class).single()).isZero();

        ingest.ingest(batch("tenant-a", A, reading(s0.plus(SLOT.multipliedBy(2)), "130")));

        // derived from the committed reading at s0, not from the rolled-back one at s0 + 15 min
        assertThat(flag("tenant-a", A, s0)).isEqualTo("GAP");
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0.plus(SLOT))).isNull();
    }

    @Test
    void manyRecordsOfSeveralEnterprisesInOneTransactionAndTheLaterReadingOfASlotWins() {
        Instant s0 = S0.plus(Duration.ofDays(100));
        var r = ingest.ingest(List.of(
                batch("tenant-a", A, reading(s0, "1"), reading(s0.plus(SLOT), "2")),
                batch("tenant-b", B, reading(s0, "10"), reading(s0.plus(SLOT), "15")),
                batch("tenant-a", A, reading(s0.plus(SLOT), "4"), Reading.bad(POINT, s0, 4, "timeout"))));

        assertThat(r.readingsChanged()).isEqualTo(4);
        assertThat(r.intervalsWritten()).isEqualTo(2);
        assertThat(itemValue("tenant-a", A, "0000000002330011", s0)).isEqualByComparingTo("3"); // 4 - 1
        assertThat(itemValue("tenant-b", B, "0000000002330011", s0)).isEqualByComparingTo("5");
        assertThat(version("tenant-a", A, s0)).isEqualTo(1);
        assertThat(query.latestReadings("tenant-b", B)).singleElement().satisfies(latest -> {
            assertThat(latest.pointId()).isEqualTo(POINT);
            assertThat(latest.ts()).isEqualTo(s0.plus(SLOT));
            assertThat(latest.value()).isEqualByComparingTo("15");
            assertThat(latest.quality()).isEqualTo("GOOD");
            assertThat(latest.receivedAt()).isNotNull();
        });
    }

    @Test
    void theConfigFeedIsHealthyOnceTheConfigurationWasRead() {
        var indicator = (HealthIndicator) health.getContributor("configFeed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
        assertThat(indicator.health().getDetails()).containsEntry("topic", CONFIG_TOPIC)
                .containsEntry("enterprises", 2).containsEntry("items", 3).containsEntry("itemsSkipped", 0);
        assertThat(catalog.snapshot().itemCount()).isEqualTo(3);
    }

    private static Reading reading(Instant ts, String value) {
        return Reading.good(POINT, ts, new BigDecimal(value), 4);
    }

    private static ReadingBatch batch(String tenant, String enterprise, Reading... readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, enterprise, "test", readings[readings.length - 1].ts(), SLOT,
                List.of(readings));
    }

    private static void send(ReadingBatch b) throws Exception {
        producer.send(new ProducerRecord<>(Topics.READINGS, b.enterpriseCode(), EventCodec.encode(b))).get(10, TimeUnit.SECONDS);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private BigDecimal itemValue(String tenant, String enterprise, String dataCode, Instant periodStart) {
        return jdbc.sql("select value from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(tenant, enterprise, dataCode, periodStart.atOffset(java.time.ZoneOffset.UTC))
                .query(BigDecimal.class).optional().orElse(null);
    }

    private long version(String tenant, String enterprise, Instant periodStart) {
        return jdbc.sql("select version from item_value where tenant_id = ? and enterprise_code = ? "
                        + "and data_code = '0000000002330011' and period_start = ?")
                .params(tenant, enterprise, periodStart.atOffset(java.time.ZoneOffset.UTC)).query(Long.class).single();
    }

    private String flag(String tenant, String enterprise, Instant intervalStart) {
        int code = jdbc.sql("select i.flag from interval_consumption i join series s using (series_id) "
                        + "where s.tenant_id = ? and s.enterprise_code = ? and s.point_id = ? and i.interval_start = ?")
                .params(tenant, enterprise, POINT, intervalStart.atOffset(java.time.ZoneOffset.UTC))
                .query(Integer.class).single();
        return io.energymon.aggregator.interval.Interval.Flag.values()[code].name();
    }
}
