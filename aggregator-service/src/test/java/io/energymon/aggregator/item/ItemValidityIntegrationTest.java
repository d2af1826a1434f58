package io.energymon.aggregator.item;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.quality.DataQuality;
import io.energymon.aggregator.query.SeriesController;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicExistsException;
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
 * Issue #8 "Energy accounting": {@code valid} reflects the quality of what a value was computed from (see
 * {@link Validity}), against the real PostgreSQL and Kafka. The counter {@code e} (15-minute slots) under the item
 * {@code [e]} (stat types 0–3) and the item {@code {ITEM} * 2} over it; a power {@code kw} read every 5 minutes under
 * its own item. Each test has a tenant of its own; the rollup job is run by the test.
 */
@SpringBootTest
@ActiveProfiles("test")
class ItemValidityIntegrationTest {
    private static final String USCC = "91360100MA35K8P233";
    private static final String ITEM = "0000000002330011";
    private static final String ITEM2 = "0000000002330099";
    private static final String POWER_ITEM = "0000000002330012";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Duration FIVE = Duration.ofMinutes(5);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final List<String> TENANTS = List.of("tenant-doubtful", "tenant-good", "tenant-withdrawn",
            "tenant-power");

    private static KafkaConsumer<String, byte[]> itemValues;
    /** Item values received on item-values.v1 for this class's tenants, by "tenant/dataCode/statType/start/version". */
    private static final Map<String, ItemValue> received = new ConcurrentHashMap<>();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    RollupJob rollup;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    DataQuality dataQuality;
    @Autowired
    SeriesController seriesApi;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_validity", CONFIG_TOPIC);
        r.add("energymon.aggregator.rollup-interval", () -> "PT1H");
    }

    @BeforeAll
    static void configure() {
        PointConfig power = new PointConfig("kw", "kw", null, null, null, PointKind.INSTANTANEOUS, "kW", null, FIVE,
                null, null);
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            for (String tenant : TENANTS) {
                TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(tenant, USCC, 1,
                        List.of(cumulative("e"), power),
                        List.of(new ItemConfig(ITEM, "electricity", List.of(0, 1, 2, 3), "[e]", 4, 1, "kWh", null,
                                        null),
                                TestConfigs.item(ITEM2, "{" + ITEM + "} * 2"),
                                new ItemConfig(POWER_ITEM, "power", List.of(0), "[kw]", 4, 1, "kWh", null, null))));
            }
        }
        // the topic exists (broker defaults) and its partitions are assigned before any value is published
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.ITEM_VALUES, Optional.empty(), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.ITEM_VALUES, e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + Topics.ITEM_VALUES, e);
        }
        itemValues = SharedInfra.newConsumer(Topics.ITEM_VALUES);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return !itemValues.assignment().isEmpty();
        });
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

    @Test
    void anUncertainReadingMakesItsQuartersDoubtfulButTheyStillCountInTheDayWhichIsNotValid() {
        String tenant = "tenant-doubtful";
        Instant day = Instant.parse("2026-09-09T16:00:00Z"); // 2026-09-10 in Shanghai
        List<Reading> readings = counter(day, 0, 96);
        readings.set(40, uncertain(readings.get(40))); // an estimated reading at the end of quarter 39, start of 40
        ingest.ingest(batch(tenant, readings));
        rollup.runOnce();

        // both quarters touching the reading are computed, stored, and doubtful; their neighbours are valid
        for (int q : List.of(39, 40)) {
            assertThat(stored(tenant, ITEM, 0, quarter(day, q))).as("quarter %d", q)
                    .isEqualTo(new Stored(BigDecimal.valueOf(step(q)), false, false, 1));
        }
        for (int q : List.of(38, 41)) {
            assertThat(stored(tenant, ITEM, 0, quarter(day, q)).valid()).as("quarter %d", q).isTrue();
        }
        // an item computed from a doubtful item is doubtful too
        assertThat(stored(tenant, ITEM2, 0, quarter(day, 40)))
                .isEqualTo(new Stored(BigDecimal.valueOf(2 * step(40)), false, false, 1));
        assertThat(stored(tenant, ITEM2, 0, quarter(day, 41)).valid()).isTrue();
        // the day counts the doubtful quarters (all 96 intervals), and is not valid
        assertThat(stored(tenant, ITEM, 1, day)).isEqualTo(new Stored(BigDecimal.valueOf(sumOfSteps(0, 96)), false,
                false, 1));

        // what the uploader receives: the doubtful value with valid = false
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            poll();
            assertThat(received.get(key(tenant, ITEM, 0, quarter(day, 40), 1))).isNotNull()
                    .satisfies(v -> {
                        assertThat(v.valid()).isFalse();
                        assertThat(v.value()).isEqualByComparingTo(BigDecimal.valueOf(step(40)));
                    });
            assertThat(received.get(key(tenant, ITEM, 1, day, 1))).isNotNull()
                    .satisfies(v -> assertThat(v.valid()).isFalse());
        });

        // the reading confirmed GOOD (same value): the quarters, the item over them and the day become valid, each
        // as a new version published like any change
        ingest.ingest(batch(tenant, List.of(Reading.good("e", readings.get(40).ts(), readings.get(40).value(), 4))));
        rollup.runOnce();
        for (int q : List.of(39, 40)) {
            assertThat(stored(tenant, ITEM, 0, quarter(day, q))).as("quarter %d", q)
                    .isEqualTo(new Stored(BigDecimal.valueOf(step(q)), true, false, 2));
        }
        assertThat(stored(tenant, ITEM2, 0, quarter(day, 40)).valid()).isTrue();
        assertThat(stored(tenant, ITEM, 1, day)).isEqualTo(new Stored(BigDecimal.valueOf(sumOfSteps(0, 96)), true,
                false, 2));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            poll();
            assertThat(received.get(key(tenant, ITEM, 0, quarter(day, 40), 2))).isNotNull()
                    .satisfies(v -> assertThat(v.valid()).isTrue());
            assertThat(received.get(key(tenant, ITEM, 1, day, 2))).isNotNull()
                    .satisfies(v -> assertThat(v.valid()).isTrue());
        });
    }

    @Test
    void aDayOfGoodReadingsIsValidAndADayWithMissingQuartersIsNot() {
        String tenant = "tenant-good";
        Instant day = Instant.parse("2026-09-19T16:00:00Z"); // 2026-09-20 in Shanghai, and 4 quarters of the 21st
        ingest.ingest(batch(tenant, counter(day, 0, 100)));
        rollup.runOnce();

        for (int q = 0; q < 100; q++) {
            assertThat(stored(tenant, ITEM, 0, quarter(day, q)).valid()).as("quarter %d", q).isTrue();
        }
        assertThat(stored(tenant, ITEM, 1, day)).isEqualTo(new Stored(BigDecimal.valueOf(sumOfSteps(0, 96)), true,
                false, 1));
        Instant next = day.plus(Duration.ofDays(1));
        assertThat(stored(tenant, ITEM, 1, next)).isEqualTo(new Stored(BigDecimal.valueOf(sumOfSteps(96, 100)), false,
                false, 1));
        // the month has 2 days of 30: counted, not valid
        Instant september = Instant.parse("2026-08-31T16:00:00Z");
        assertThat(stored(tenant, ITEM, 2, september)).isEqualTo(new Stored(BigDecimal.valueOf(sumOfSteps(0, 100)),
                false, false, 1));
    }

    @Test
    void aWithdrawnQuarterIsLeftOutOfTheDayWhileADoubtfulOneCounts() {
        String tenant = "tenant-withdrawn";
        Instant day = Instant.parse("2026-09-29T16:00:00Z"); // 2026-09-30 in Shanghai
        List<Reading> readings = counter(day, 0, 96);
        readings.set(20, uncertain(readings.get(20))); // quarters 19 and 20 doubtful
        ingest.ingest(batch(tenant, readings));
        rollup.runOnce();
        assertThat(stored(tenant, ITEM, 1, day).value()).isEqualByComparingTo(BigDecimal.valueOf(sumOfSteps(0, 96)));

        // reading 50 corrected above reading 51: quarter 49 grows to it, quarter 50 (a DECREASE now) is withdrawn
        BigDecimal high = readings.get(51).value().add(BigDecimal.TEN);
        ingest.ingest(batch(tenant, List.of(Reading.good("e", readings.get(50).ts(), high, 4))));
        rollup.runOnce();

        assertThat(stored(tenant, ITEM, 0, quarter(day, 50)))
                .isEqualTo(new Stored(BigDecimal.valueOf(step(50)), false, true, 2));
        BigDecimal quarter49 = high.subtract(readings.get(49).value());
        assertThat(stored(tenant, ITEM, 0, quarter(day, 49)))
                .isEqualTo(new Stored(quarter49, true, false, 2));
        // the day: every quarter but 49 and 50 as before (doubtful 19 and 20 included), 49 as corrected, 50 left out
        BigDecimal expected = BigDecimal.valueOf(sumOfSteps(0, 96) - step(49) - step(50)).add(quarter49);
        assertThat(stored(tenant, ITEM, 1, day)).isEqualTo(new Stored(expected, false, false, 2));
        // the item over the withdrawn quarter is withdrawn in turn
        assertThat(stored(tenant, ITEM2, 0, quarter(day, 50)).withdrawn()).isTrue();

        // completeness counts the values present: doubtful ones are, withdrawn ones are not (2 counter items × 95)
        LocalDate local = LocalDate.parse("2026-09-30");
        DataQuality.Day quality = dataQuality.days(catalog.enterprise(new EnterpriseRef(tenant, USCC)).orElseThrow(),
                local, local.plusDays(1)).getFirst();
        assertThat(quality.present()).isEqualTo(2 * 95);
        // the series API tells doubtful from withdrawn; the hour of quarters 48..51 sums the three present ones
        var quarters = seriesApi.series(tenant, USCC, ITEM, SeriesController.Resolution.QUARTER, local,
                local.plusDays(1), SeriesController.Measure.PHYSICAL).points();
        assertThat(quarters.get(20)).extracting(SeriesController.Point::valid, SeriesController.Point::withdrawn)
                .containsExactly(false, false);
        assertThat(quarters.get(50)).extracting(SeriesController.Point::valid, SeriesController.Point::withdrawn)
                .containsExactly(false, true);
        assertThat(quarters.get(51)).extracting(SeriesController.Point::valid, SeriesController.Point::withdrawn)
                .containsExactly(true, false);
        var hour = seriesApi.series(tenant, USCC, ITEM, SeriesController.Resolution.HOUR, local, local.plusDays(1),
                SeriesController.Measure.PHYSICAL).points().get(12);
        assertThat(hour.value()).isEqualByComparingTo(BigDecimal.valueOf(step(48) + step(51)).add(quarter49));
        assertThat(hour.valid()).isFalse();
        assertThat(hour.withdrawn()).isFalse();
    }

    @Test
    void anInstantaneousInputMustBeGoodAtEverySlotOfTheQuarter() {
        String tenant = "tenant-power";
        Instant q0 = Instant.parse("2026-09-14T16:00:00Z");
        List<Reading> readings = new ArrayList<>();
        for (int m = 0; m < 6; m++) { // 60 kW for two quarters: 15 kWh each
            readings.add(Reading.good("kw", q0.plus(FIVE.multipliedBy(m)), BigDecimal.valueOf(60), 4));
        }
        readings.set(4, uncertain(readings.get(4))); // substituted at 00:20, in the second quarter
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), tenant, USCC, "test", readings.getLast().ts(), FIVE,
                readings));

        assertThat(stored(tenant, POWER_ITEM, 0, q0)).isEqualTo(new Stored(new BigDecimal("15"), true, false, 1));
        assertThat(stored(tenant, POWER_ITEM, 0, q0.plus(SLOT)))
                .isEqualTo(new Stored(new BigDecimal("15"), false, false, 1));
    }

    // --- helpers ---

    /** A stored item value: its value, valid and withdrawn flags, and version. */
    private record Stored(BigDecimal value, boolean valid, boolean withdrawn, long version) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stored s && value.compareTo(s.value) == 0 && valid == s.valid
                    && withdrawn == s.withdrawn && version == s.version;
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(valid);
        }
    }

    private Stored stored(String tenant, String dataCode, int statType, Instant start) {
        return jdbc.sql("select value, valid, withdrawn, version from item_value where tenant_id = ? and data_code = ? "
                        + "and stat_type = ? and period_start = ?")
                .params(tenant, dataCode, statType, start.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> new Stored(rs.getBigDecimal(1), rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4)))
                .single();
    }

    /** Consumption of the interval starting at slot i: 1 … 7, varying. */
    private static long step(int i) {
        return Math.floorMod(i, 7) + 1;
    }

    /** The consumption of slots [from, to). */
    private static long sumOfSteps(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += step(i);
        }
        return sum;
    }

    /** GOOD readings of slots [from, to] from t0, the counter going up by step(i) over slot i. */
    private static List<Reading> counter(Instant t0, int from, int to) {
        List<Reading> out = new ArrayList<>();
        long value = 1000;
        for (int i = from; i <= to; i++) {
            out.add(Reading.good("e", t0.plus(SLOT.multipliedBy(i)), BigDecimal.valueOf(value), 4));
            value += step(i);
        }
        return out;
    }

    private static Reading uncertain(Reading r) {
        return new Reading(r.pointId(), r.ts(), r.value(), Quality.UNCERTAIN, 6, null);
    }

    private static Instant quarter(Instant day, int q) {
        return day.plus(SLOT.multipliedBy(q));
    }

    private static ReadingBatch batch(String tenant, List<Reading> readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, USCC, "test", readings.getLast().ts(), SLOT, readings);
    }

    private static String key(String tenant, String dataCode, int statType, Instant start, long version) {
        return tenant + "/" + dataCode + "/" + statType + "/" + start + "/" + version;
    }

    private static void poll() {
        for (ConsumerRecord<String, byte[]> r : itemValues.poll(Duration.ofMillis(500))) {
            ItemValue v = EventCodec.decode(r.value(), ItemValue.class);
            if (TENANTS.contains(v.tenantId())) {
                received.put(key(v.tenantId(), v.dataCode(), v.statType(), v.periodStart(), v.version()), v);
            }
        }
    }
}
