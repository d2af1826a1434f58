package io.energymon.aggregator.rollup;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #8 "Periods" against the real PostgreSQL and Kafka: day, month and year values rolled up from real-time values
 * in Asia/Shanghai, and re-versioned when late data touches a closed month. The counter {@code e} under the item
 * {@code [e]} (reported for stat types 0–3); each test has an enterprise of its own (tenant), the rollup job is run
 * by the test ({@code rollup-interval} PT1H keeps the scheduled round out of the way).
 */
@SpringBootTest
@ActiveProfiles("test")
class RollupIntegrationTest {
    private static final String USCC = "91360100MA35K8P233";
    private static final String ITEM = "0000000002330011";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final List<String> TENANTS = List.of("tenant-day", "tenant-month", "tenant-late");

    private static KafkaConsumer<String, byte[]> itemValues;
    /** Item values received on item-values.v1 for this class's tenants, by "tenant/statType/version". */
    private static final Map<String, ItemValue> received = new ConcurrentHashMap<>();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    RollupJob rollup;
    @Autowired
    ItemCatalog catalog;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_rollup", CONFIG_TOPIC);
        r.add("energymon.aggregator.rollup-interval", () -> "PT1H");
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            for (String tenant : TENANTS) {
                TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(tenant, USCC, 1,
                        List.of(cumulative("e")),
                        List.of(new ItemConfig(ITEM, "electricity", List.of(0, 1, 2, 3), "[e]", 4, 1, "kWh", null,
                                null))));
            }
        }
        itemValues = SharedInfra.newConsumer(Topics.ITEM_VALUES);
    }

    @AfterAll
    static void close() {
        itemValues.close();
    }

    @BeforeEach
    void configurationArrived() {
        await().atMost(Duration.ofSeconds(30)).until(() -> TENANTS.stream()
                .allMatch(t -> catalog.enterprise(new EnterpriseRef(t, USCC)).isPresent()));
    }

    /** Consumption of the interval starting at slot i (i may be negative): 1 … 7, varying. */
    private static long step(int i) {
        return Math.floorMod(i, 7) + 1;
    }

    /** Readings of slots [from, to] from t0, the counter going up by step(i) over slot i. */
    private static List<Reading> counter(Instant t0, int from, int to) {
        List<Reading> out = new ArrayList<>();
        long value = 1000;
        for (int i = from; i <= to; i++) {
            out.add(Reading.good("e", t0.plus(SLOT.multipliedBy(i)), BigDecimal.valueOf(value), 4));
            value += step(i);
        }
        return out;
    }

    @Test
    void aDayEndingAtMidnightInShanghaiIsTheSumOfExactlyItsNinetySixIntervals() {
        String tenant = "tenant-day";
        // 2026-10-10 in Shanghai is [2026-10-09T16:00Z, 2026-10-10T16:00Z); slots -1 … 97 reach into both neighbours
        Instant day = Instant.parse("2026-10-09T16:00:00Z");
        ingest.ingest(batch(tenant, counter(day, -1, 97)));

        rollup.runOnce();

        long expected = 0;
        for (int i = 0; i < 96; i++) {
            expected += step(i);
        }
        assertThat(value(tenant, 1, day)).isEqualByComparingTo(BigDecimal.valueOf(expected));
        assertThat(valid(tenant, 1, day)).isTrue(); // all its quarters, all from GOOD readings
        assertThat(statDate(tenant, 1, day)).isEqualTo(LocalDateTime.parse("2026-10-10T00:00"));
        // the neighbours have one quarter each: counted, not valid
        assertThat(value(tenant, 1, day.minus(Duration.ofDays(1)))).isEqualByComparingTo(BigDecimal.valueOf(step(-1)));
        assertThat(valid(tenant, 1, day.minus(Duration.ofDays(1)))).isFalse();
        assertThat(value(tenant, 1, day.plus(Duration.ofDays(1)))).isEqualByComparingTo(BigDecimal.valueOf(step(96)));
        assertThat(valid(tenant, 1, day.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void aMonthIsTheSumOfItsDaysAndAYearOfItsMonths() {
        String tenant = "tenant-month";
        // 2026-11-29 00:00 … 2026-12-01 01:00 in Shanghai: the last two days of November, then an hour of December
        Instant t0 = Instant.parse("2026-11-28T16:00:00Z");
        ingest.ingest(batch(tenant, counter(t0, 0, 2 * 96 + 4)));

        rollup.runOnce();

        Instant november = Instant.parse("2026-10-31T16:00:00Z");
        BigDecimal days = jdbc.sql("select sum(value) from item_value where tenant_id = ? and stat_type = 1 "
                        + "and period_start >= ? and period_start < ?")
                .params(tenant, november.atOffset(ZoneOffset.UTC), Instant.parse("2026-11-30T16:00:00Z").atOffset(ZoneOffset.UTC))
                .query(BigDecimal.class).single();
        long expectedNovember = 0;
        for (int i = 0; i < 2 * 96; i++) {
            expectedNovember += step(i);
        }
        assertThat(days).isEqualByComparingTo(BigDecimal.valueOf(expectedNovember));
        assertThat(value(tenant, 2, november)).isEqualByComparingTo(days);
        assertThat(statDate(tenant, 2, november)).isEqualTo(LocalDateTime.parse("2026-11-01T00:00"));
        Instant december = Instant.parse("2026-11-30T16:00:00Z");
        long expectedDecember = step(2 * 96) + step(2 * 96 + 1) + step(2 * 96 + 2) + step(2 * 96 + 3);
        assertThat(value(tenant, 2, december)).isEqualByComparingTo(BigDecimal.valueOf(expectedDecember));
        Instant year = Instant.parse("2025-12-31T16:00:00Z");
        assertThat(value(tenant, 3, year)).isEqualByComparingTo(BigDecimal.valueOf(expectedNovember + expectedDecember));
        assertThat(statDate(tenant, 3, year)).isEqualTo(LocalDateTime.parse("2026-01-01T00:00"));
    }

    @Test
    void aLateReadingInAClosedMonthReversionsTheDayTheMonthAndTheYearAndTheyArePublished() {
        String tenant = "tenant-late";
        Instant day = Instant.parse("2026-08-14T16:00:00Z"); // 2026-08-15 in Shanghai
        List<Reading> all = counter(day, 0, 8);
        List<Reading> withoutSlot4 = new ArrayList<>(all);
        Reading late = withoutSlot4.remove(4);
        ingest.ingest(batch(tenant, withoutSlot4));
        rollup.runOnce();
        // slots 3 → 5 are a gap: never spread, so the day has only the other six intervals
        long before = step(0) + step(1) + step(2) + step(5) + step(6) + step(7);
        assertThat(value(tenant, 1, day)).isEqualByComparingTo(BigDecimal.valueOf(before));
        assertThat(version(tenant, 1, day)).isEqualTo(1);

        ingest.ingest(batch(tenant, List.of(late)));
        rollup.runOnce();

        long after = before + step(3) + step(4);
        Instant month = Instant.parse("2026-07-31T16:00:00Z");
        Instant year = Instant.parse("2025-12-31T16:00:00Z");
        for (var p : List.of(Map.entry(1, day), Map.entry(2, month), Map.entry(3, year))) {
            assertThat(value(tenant, p.getKey(), p.getValue())).as("stat type %d", p.getKey())
                    .isEqualByComparingTo(BigDecimal.valueOf(after));
            assertThat(version(tenant, p.getKey(), p.getValue())).as("stat type %d", p.getKey()).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            for (int statType = 1; statType <= 3; statType++) {
                assertThat(received.get(tenant + "/" + statType + "/2")).as("stat type %d version 2", statType)
                        .isNotNull().satisfies(v -> assertThat(v.value()).isEqualByComparingTo(BigDecimal.valueOf(after)));
            }
        });
        // a round with nothing marked writes nothing
        assertThat(rollup.runOnce()).isZero();
    }

    // --- helpers ---

    private static ReadingBatch batch(String tenant, List<Reading> readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, USCC, "test", readings.getLast().ts(), SLOT, readings);
    }

    private static void poll() {
        for (ConsumerRecord<String, byte[]> r : itemValues.poll(Duration.ofMillis(500))) {
            ItemValue v = EventCodec.decode(r.value(), ItemValue.class);
            if (TENANTS.contains(v.tenantId())) {
                received.put(v.tenantId() + "/" + v.statType() + "/" + v.version(), v);
            }
        }
    }

    /** The value of a period, not withdrawn (valid or doubtful). */
    private BigDecimal value(String tenant, int statType, Instant start) {
        return jdbc.sql("select value from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ? and not withdrawn")
                .params(tenant, ITEM, statType, start.atOffset(ZoneOffset.UTC)).query(BigDecimal.class).single();
    }

    private boolean valid(String tenant, int statType, Instant start) {
        return jdbc.sql("select valid from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ?")
                .params(tenant, ITEM, statType, start.atOffset(ZoneOffset.UTC)).query(Boolean.class).single();
    }

    private long version(String tenant, int statType, Instant start) {
        return jdbc.sql("select version from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ?")
                .params(tenant, ITEM, statType, start.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    }

    private LocalDateTime statDate(String tenant, int statType, Instant start) {
        return jdbc.sql("select stat_date from item_value where tenant_id = ? and data_code = ? and stat_type = ? "
                        + "and period_start = ?")
                .params(tenant, ITEM, statType, start.atOffset(ZoneOffset.UTC)).query(LocalDateTime.class).single();
    }
}
