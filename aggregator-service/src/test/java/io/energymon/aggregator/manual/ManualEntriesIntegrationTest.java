package io.energymon.aggregator.manual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.alarm.AlarmJob;
import io.energymon.aggregator.alarm.AlarmKind;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.deadletter.DeadLetters;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EntryPeriod;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #8 "Manual entries" (§6.3.4, §9.6.2) against the real PostgreSQL and Kafka: readings with a period (day, week,
 * month) entered by hand (source 5) become the day and month values of the items over them, a correction a new
 * version, both published on {@code item-values.v1}; a misaligned entry is dead-lettered; a monthly item not entered
 * by its deadline raises MANUAL_ENTRY_MISSING once and clears once entered. Each test owns its tenant; this class owns
 * its readings topic; the rollup and alarm rounds are driven by the test (their scheduled rounds are an hour away).
 */
@SpringBootTest
@ActiveProfiles("test")
class ManualEntriesIntegrationTest {
    private static final String USCC = "91360100MA35K8P233";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monthly product output (产品产量, data class 04), entered by hand, reported per month and year. */
    private static final String OUTPUT = "0000000004000111";
    /** Another product, entered per day or per week, reported per day and month. */
    private static final String DAILY = "0000000004000211";
    /** Electricity from a meter (source 4), reported per month: not a manual item. */
    private static final String METERED = "0000000002330011";
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final String READINGS_TOPIC = "readings-manual-" + UUID.randomUUID();
    private static final List<String> TENANTS = List.of("manual-month", "manual-day", "manual-week",
            "manual-misaligned", "manual-alarm");

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> published;
    private static final List<ItemValue> itemValues = new CopyOnWriteArrayList<>();
    private static final List<AlarmEvent> alarms = new CopyOnWriteArrayList<>();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    RollupJob rollup;
    @Autowired
    AlarmJob alarmJob;
    @Autowired
    ItemCatalog catalog;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_manual", CONFIG_TOPIC);
        r.add("energymon.aggregator.readings-topic", () -> READINGS_TOPIC);
        r.add("energymon.aggregator.rollup-interval", () -> "PT1H");
        r.add("energymon.aggregator.alarm-interval", () -> "PT1H");
    }

    @BeforeAll
    static void configure() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(READINGS_TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // the shared topics this class reads, created up front rather than on the fly by the first client
            for (String shared : List.of(Topics.ITEM_VALUES, Topics.ALARMS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(shared, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        producer = SharedInfra.newProducer();
        for (String tenant : TENANTS) {
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(tenant, USCC, 1,
                    List.of(manual("output", "t"), manual("daily", "t"), TestConfigs.cumulative("e")),
                    List.of(new ItemConfig(OUTPUT, "product output", List.of(2, 3), "[output]", 5, 1, "t", null, null),
                            new ItemConfig(DAILY, "product output per day", List.of(1, 2), "[daily]", 5, 1, "t",
                                    null, null),
                            new ItemConfig(METERED, "electricity", List.of(2), "[e]", 4, 1, "kWh", null, null))));
        }
        published = SharedInfra.newConsumer(Topics.ITEM_VALUES, Topics.ALARMS);
    }

    @AfterAll
    static void close() {
        producer.close();
        published.close();
    }

    private void configurationArrived() {
        await().atMost(Duration.ofSeconds(30)).until(() -> TENANTS.stream().allMatch(t -> catalog
                .enterprise(new EnterpriseRef(t, USCC)).map(EnterpriseCatalog::items).map(i -> i.size() == 3)
                .orElse(false)));
    }

    /** A point entered by hand: no device, source 5. */
    private static PointConfig manual(String id, String unit) {
        return new PointConfig(id, id, null, null, null, PointKind.CUMULATIVE, unit, null, null, null, 5);
    }

    @Test
    void aMonthlyEntryIsTheItemsMonthValuePublishedWithSourceFiveAndACorrectionIsANewVersion() throws Exception {
        configurationArrived();
        String tenant = "manual-month";
        Instant october = local(2026, 10, 1); // 2026-09-30T16:00Z
        send(batch(tenant, Reading.entry("output", EntryPeriod.MONTH, october, new BigDecimal("1234.5"), 5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> entryVersion(tenant, "output") == 1);

        rollup.runOnce();

        assertThat(value(tenant, OUTPUT, 2, october)).isEqualByComparingTo("1234.5");
        assertThat(version(tenant, OUTPUT, 2, october)).isEqualTo(1);
        assertThat(valid(tenant, OUTPUT, 2, october)).isTrue();
        assertThat(value(tenant, OUTPUT, 3, local(2026, 1, 1))).isEqualByComparingTo("1234.5");
        // the year has one month of twelve: counted, but not valid until every month is in
        assertThat(valid(tenant, OUTPUT, 3, local(2026, 1, 1))).isFalse();
        // a monthly entry is not spread over days, and manual points give no real-time values
        assertThat(count(tenant, OUTPUT, 0) + count(tenant, OUTPUT, 1)).isZero();
        ItemValue month = awaitPublished(tenant, OUTPUT, 2, 1);
        assertThat(month.value()).isEqualByComparingTo("1234.5");
        assertThat(month.inputType()).isEqualTo(5);
        assertThat(month.statDate()).isEqualTo(LocalDateTime.parse("2026-10-01T00:00"));
        assertThat(month.periodStart()).isEqualTo(Instant.parse("2026-09-30T16:00:00Z"));
        assertThat(month.periodEnd()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));

        // the correction: the same point and month entered again
        send(batch(tenant, Reading.entry("output", EntryPeriod.MONTH, october, new BigDecimal("1250"), 5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> entryVersion(tenant, "output") == 2);
        rollup.runOnce();

        assertThat(value(tenant, OUTPUT, 2, october)).isEqualByComparingTo("1250");
        assertThat(version(tenant, OUTPUT, 2, october)).isEqualTo(2);
        assertThat(version(tenant, OUTPUT, 3, local(2026, 1, 1))).isEqualTo(2);
        assertThat(awaitPublished(tenant, OUTPUT, 2, 2).value()).isEqualByComparingTo("1250");
        assertThat(awaitPublished(tenant, OUTPUT, 3, 2).value()).isEqualByComparingTo("1250");

        // the same value entered once more changes nothing
        ingest.ingest(batch(tenant, Reading.entry("output", EntryPeriod.MONTH, october, new BigDecimal("1250.00"), 5)));
        assertThat(rollup.runOnce()).isZero();
        assertThat(entryVersion(tenant, "output")).isEqualTo(2);
    }

    @Test
    void dailyEntriesAreTheirDaysValuesAndRollUpIntoTheMonth() {
        configurationArrived();
        String tenant = "manual-day";
        ingest.ingest(batch(tenant,
                Reading.entry("daily", EntryPeriod.DAY, local(2026, 11, 1), new BigDecimal("10"), 5),
                Reading.entry("daily", EntryPeriod.DAY, local(2026, 11, 2), new BigDecimal("20.5"), 5),
                Reading.entry("daily", EntryPeriod.DAY, local(2026, 11, 3), new BigDecimal("30"), 5)));
        rollup.runOnce();

        assertThat(value(tenant, DAILY, 1, local(2026, 11, 1))).isEqualByComparingTo("10");
        assertThat(value(tenant, DAILY, 1, local(2026, 11, 2))).isEqualByComparingTo("20.5");
        assertThat(value(tenant, DAILY, 1, local(2026, 11, 3))).isEqualByComparingTo("30");
        assertThat(value(tenant, DAILY, 2, local(2026, 11, 1))).isEqualByComparingTo("60.5");
        assertThat(count(tenant, DAILY, 0)).isZero();

        // the second day corrected: its day and its month get a new version
        ingest.ingest(batch(tenant, Reading.entry("daily", EntryPeriod.DAY, local(2026, 11, 2), new BigDecimal("25"), 5)));
        rollup.runOnce();
        assertThat(value(tenant, DAILY, 1, local(2026, 11, 2))).isEqualByComparingTo("25");
        assertThat(version(tenant, DAILY, 1, local(2026, 11, 2))).isEqualTo(2);
        assertThat(version(tenant, DAILY, 1, local(2026, 11, 1))).isEqualTo(1);
        assertThat(value(tenant, DAILY, 2, local(2026, 11, 1))).isEqualByComparingTo("65");
        assertThat(version(tenant, DAILY, 2, local(2026, 11, 1))).isEqualTo(2);
    }

    @Test
    void aWeeklyEntryIsSplitEvenlyOverItsSevenDaysAcrossTheMonthEnd() {
        configurationArrived();
        String tenant = "manual-week";
        // Monday 2026-09-28 to Sunday 2026-10-04: three days in September, four in October
        ingest.ingest(batch(tenant, Reading.entry("daily", EntryPeriod.WEEK, local(2026, 9, 28), new BigDecimal("100"), 5)));
        rollup.runOnce();

        // 100/7 per day, rounded cumulatively to 6 decimals: round(100·k/7) − round(100·(k−1)/7) for the k-th day
        List<String> shares = List.of("14.285714", "14.285715", "14.285714", "14.285714", "14.285714", "14.285715",
                "14.285714");
        BigDecimal total = BigDecimal.ZERO;
        for (int k = 0; k < 7; k++) {
            BigDecimal day = value(tenant, DAILY, 1, local(2026, 9, 28).plus(Duration.ofDays(k)));
            assertThat(day).as("day %d", k).isEqualByComparingTo(shares.get(k));
            total = total.add(day);
        }
        assertThat(total).isEqualByComparingTo("100");
        assertThat(value(tenant, DAILY, 2, local(2026, 9, 1))).isEqualByComparingTo("42.857143");
        assertThat(value(tenant, DAILY, 2, local(2026, 10, 1))).isEqualByComparingTo("57.142857");

        // a daily entry of a day of the week stands instead of the day's share
        ingest.ingest(batch(tenant, Reading.entry("daily", EntryPeriod.DAY, local(2026, 10, 4), new BigDecimal("1"), 5)));
        rollup.runOnce();
        assertThat(value(tenant, DAILY, 1, local(2026, 10, 4))).isEqualByComparingTo("1");
        assertThat(value(tenant, DAILY, 2, local(2026, 10, 1))).isEqualByComparingTo("43.857143");
    }

    @Test
    void aMisalignedEntryGoesToTheDeadLetterTopicWithItsReasonAndTheNextRecordIsStored() throws Exception {
        configurationArrived();
        String tenant = "manual-misaligned";
        // midnight UTC is 08:00 in Shanghai: not the start of the local month
        ReadingBatch misaligned = batch(tenant, Reading.entry("output", EntryPeriod.MONTH,
                Instant.parse("2026-10-01T00:00:00Z"), new BigDecimal("7"), 5));
        send(misaligned);
        send(batch(tenant, Reading.entry("output", EntryPeriod.MONTH, local(2026, 11, 1), new BigDecimal("8"), 5)));

        await().atMost(Duration.ofSeconds(30)).until(() -> entryVersion(tenant, "output") == 1);
        assertThat(jdbc.sql("select count(*) from manual_entry m join series s using (series_id) where s.tenant_id = ?")
                .param(tenant).query(Long.class).single()).isEqualTo(1);
        try (KafkaConsumer<String, byte[]> dlt = SharedInfra.newConsumer(DeadLetters.topicOf(READINGS_TOPIC))) {
            List<String[]> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(r -> dead.add(new String[] {
                        EventCodec.decode(r.value(), ReadingBatch.class).batchId().toString(),
                        new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8),
                        new String(r.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8)}));
                assertThat(dead).hasSize(1);
            });
            assertThat(dead.getFirst()[0]).isEqualTo(misaligned.batchId().toString());
            assertThat(dead.getFirst()[1]).isEqualTo("period-misaligned");
            assertThat(dead.getFirst()[2]).contains("2026-09-30T16:00:00Z").contains("不是")
                    .contains("not at the start of its period");
        }
    }

    @Test
    void aMonthlyItemNotEnteredByTheFifthRaisesOnceAndClearsOnceWhenEntered() {
        configurationArrived();
        String tenant = "manual-alarm";
        ingest.ingest(batch(tenant, Reading.entry("output", EntryPeriod.MONTH, local(2027, 1, 1), new BigDecimal("5"), 5)));
        rollup.runOnce();

        // 2027-03-05 23:59:59 in Shanghai: January is entered, February still within its deadline
        alarmJob.runOnce(Instant.parse("2027-03-05T15:59:59Z"));
        assertThat(events(tenant, OUTPUT)).isEmpty();
        // the item entered per day is reported per month too: without any entry, its January is overdue already
        assertThat(events(tenant, DAILY)).extracting(AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DAILY + "@2027-01", AlarmEvent.State.RAISED));
        // the 6th has begun: February is overdue
        Instant sixth = Instant.parse("2027-03-05T16:00:00Z");
        alarmJob.runOnce(sixth);
        alarmJob.runOnce(sixth.plus(Duration.ofHours(1)));
        assertThat(events(tenant, OUTPUT)).extracting(AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OUTPUT + "@2027-02", AlarmEvent.State.RAISED));
        assertThat(events(tenant, OUTPUT).getFirst().message()).contains("2027-02").contains("2027-03-05")
                .contains(" / ");

        ingest.ingest(batch(tenant, Reading.entry("output", EntryPeriod.MONTH, local(2027, 2, 1), new BigDecimal("6"), 5)));
        rollup.runOnce();
        alarmJob.runOnce(sixth.plus(Duration.ofHours(2)));
        alarmJob.runOnce(sixth.plus(Duration.ofHours(3)));

        List<AlarmEvent> events = events(tenant, OUTPUT);
        assertThat(events).extracting(AlarmEvent::state).containsExactly(AlarmEvent.State.RAISED,
                AlarmEvent.State.CLEARED);
        assertThat(events.get(1).alarmId()).isEqualTo(events.get(0).alarmId());
        // the metered item reported monthly is no manual item: never watched
        assertThat(events(tenant, METERED)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(alarms).filteredOn(e -> e.tenantId().equals(tenant) && e.subject().startsWith(OUTPUT))
                    .extracting(AlarmEvent::state).containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
        });
    }

    @Test
    void anEntrySentAgainAfterItsItemWasConfiguredGivesTheItemItsValue() {
        String tenant = "manual-late";
        EnterpriseRef ref = new EnterpriseRef(tenant, USCC);
        TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(tenant, USCC, 1,
                List.of(manual("output", "t")), List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(ref).isPresent());
        Reading october = Reading.entry("output", EntryPeriod.MONTH, local(2026, 10, 1), new BigDecimal("77"), 5);
        ingest.ingest(batch(tenant, october));
        rollup.runOnce();
        assertThat(count(tenant, OUTPUT, 2)).isZero();

        // the item is configured after its entry; the entry sent again (unchanged) computes it
        TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(tenant, USCC, 2,
                List.of(manual("output", "t")),
                List.of(new ItemConfig(OUTPUT, "product output", List.of(2), "[output]", 5, 1, "t", null, null))));
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(ref).map(EnterpriseCatalog::revision)
                .orElse(0L) == 2);
        ingest.ingest(batch(tenant, october));
        rollup.runOnce();

        assertThat(value(tenant, OUTPUT, 2, local(2026, 10, 1))).isEqualByComparingTo("77");
        assertThat(version(tenant, OUTPUT, 2, local(2026, 10, 1))).isEqualTo(1);
        assertThat(entryVersion(tenant, "output")).isEqualTo(1);
    }

    // --- helpers ---

    private static Instant local(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(SHANGHAI).toInstant();
    }

    private static ReadingBatch batch(String tenant, Reading... readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, USCC, "portal", readings[0].ts(), Duration.ofMinutes(15),
                List.of(readings));
    }

    private static void send(ReadingBatch batch) throws Exception {
        producer.send(new ProducerRecord<>(READINGS_TOPIC, USCC, EventCodec.encode(batch))).get(10, TimeUnit.SECONDS);
    }

    private static void poll() {
        published.poll(Duration.ofMillis(300)).forEach(r -> {
            if (r.topic().equals(Topics.ALARMS)) {
                AlarmEvent e = EventCodec.decode(r.value(), AlarmEvent.class);
                if (TENANTS.contains(e.tenantId()) && e.type().equals(AlarmKind.MANUAL_ENTRY_MISSING.name())) {
                    alarms.add(e);
                }
            } else {
                ItemValue v = EventCodec.decode(r.value(), ItemValue.class);
                if (TENANTS.contains(v.tenantId())) {
                    itemValues.add(v);
                }
            }
        });
    }

    private static ItemValue awaitPublished(String tenant, String dataCode, int statType, long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(itemValues).anyMatch(v -> v.tenantId().equals(tenant) && v.dataCode().equals(dataCode)
                    && v.statType() == statType && v.version() == version);
        });
        return itemValues.stream().filter(v -> v.tenantId().equals(tenant) && v.dataCode().equals(dataCode)
                && v.statType() == statType && v.version() == version).findFirst().orElseThrow();
    }

    /** MANUAL_ENTRY_MISSING events of the tenant's item in the outbox, in order. */
    private List<AlarmEvent> events(String tenant, String dataCode) {
        return jdbc.sql("select payload from outbox where topic = ? order by id").param(Topics.ALARMS)
                .query((rs, i) -> EventCodec.decode(rs.getBytes(1), AlarmEvent.class)).list().stream()
                .filter(e -> e.tenantId().equals(tenant) && e.type().equals(AlarmKind.MANUAL_ENTRY_MISSING.name())
                        && e.subject().startsWith(dataCode + "@"))
                .toList();
    }

    private long entryVersion(String tenant, String point) {
        return jdbc.sql("select coalesce(max(m.version), 0) from manual_entry m join series s using (series_id) "
                        + "where s.tenant_id = ? and s.point_id = ?")
                .params(tenant, point).query(Long.class).single();
    }

    private BigDecimal value(String tenant, String dataCode, int statType, Instant start) {
        return jdbc.sql("select value from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ? and not withdrawn")
                .params(tenant, dataCode, statType, start.atOffset(ZoneOffset.UTC)).query(BigDecimal.class).single();
    }

    private boolean valid(String tenant, String dataCode, int statType, Instant start) {
        return jdbc.sql("select valid from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ?")
                .params(tenant, dataCode, statType, start.atOffset(ZoneOffset.UTC)).query(Boolean.class).single();
    }

    private long version(String tenant, String dataCode, int statType, Instant start) {
        return jdbc.sql("select version from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ?")
                .params(tenant, dataCode, statType, start.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    }

    private long count(String tenant, String dataCode, int statType) {
        return jdbc.sql("select count(*) from item_value where tenant_id = ? and data_code = ? and stat_type = ?")
                .params(tenant, dataCode, statType).query(Long.class).single();
    }
}
