package io.energymon.aggregator.compaction;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static io.energymon.aggregator.config.TestConfigs.instantaneous;
import static io.energymon.aggregator.config.TestConfigs.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.interval.Interval;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * Issue #7 "Compact storage" against the real PostgreSQL: closed days packed into one {@code reading_day} row per
 * series and day, and everything ingest derives still right over packed days: replays, BAD readings, late readings,
 * corrections, instantaneous inputs. Each test uses days of its own (one tenant, one database for the class).
 *
 * <p>Points: {@code c} cumulative under item {@code [c]}; {@code a} and {@code b} instantaneous under {@code [a] + [b]}.
 */
@SpringBootTest
@ActiveProfiles("test")
class CompactionIntegrationTest {
    private static final String TENANT = "tenant-compaction";
    private static final String USCC = "91360100MA35K8P233";
    private static final String ENERGY = "0000000002330011";
    private static final String POWER = "0000000002330012";
    private static final Duration SLOT = Duration.ofMinutes(15);
    /** Days long closed whatever today is: 2026-09-01 00:00 UTC. */
    private static final Instant D0 = Instant.parse("2026-09-01T00:00:00Z");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ReadingCompactor compactor;
    @Autowired
    ItemCatalog catalog;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_compaction", CONFIG_TOPIC);
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, USCC, 1,
                    List.of(cumulative("c"), instantaneous("a"), instantaneous("b")),
                    List.of(item(ENERGY, "[c]"), item(POWER, "[a] + [b]"))));
        }
    }

    @BeforeEach
    void configurationArrived() {
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, USCC)).isPresent());
    }

    @Test
    void closedDaysArePackedIntoOneRowPerSeriesAndDayInTimeOrder() {
        Instant day = D0;
        // two days of 96 slots of c (0, 1, 2, …) and one reading of the third day; received newest first
        List<Reading> readings = new ArrayList<>();
        for (int i = 2 * 96; i >= 0; i--) {
            readings.add(good("c", day.plus(SLOT.multipliedBy(i)), i));
        }
        ingest.ingest(batch(readings));

        ReadingCompactor.Result r = compactor.compact(day.plus(Duration.ofDays(2)));

        assertThat(r.readingsPacked()).isEqualTo(2 * 96);
        assertThat(r.dayRowsWritten()).isEqualTo(2);
        assertThat(hot("c", day)).as("only the open day stays narrow").containsExactly(day.plus(Duration.ofDays(2)));
        Map<String, Object> first = dayRow("c", day);
        assertThat((Integer[]) first.get("offsets")).hasSize(96).startsWith(0, 900_000, 1_800_000)
                .endsWith(95 * 900_000);
        assertThat((BigDecimal[]) first.get("value")).startsWith(new BigDecimal("0"), new BigDecimal("1"))
                .endsWith(new BigDecimal("95"));
        assertThat((Integer[]) dayRow("c", day.plus(Duration.ofDays(1))).get("offsets")).hasSize(96);
        // the usable readings around a time, across both tables
        Instant third = day.plus(Duration.ofDays(2));
        assertThat(usable("before", "c", third.plus(SLOT))).isEqualTo(Map.entry(third, new BigDecimal("192")));
        assertThat(usable("before", "c", third)).isEqualTo(Map.entry(third.minus(SLOT), new BigDecimal("191")));
        assertThat(usable("after", "c", third.minus(SLOT.multipliedBy(2))))
                .isEqualTo(Map.entry(third.minus(SLOT), new BigDecimal("191")));
        assertThat(usable("after", "c", third.minus(SLOT))).isEqualTo(Map.entry(third, new BigDecimal("192")));
        assertThat(usable("at", "c", day.plus(SLOT))).isEqualTo(Map.entry(day.plus(SLOT), new BigDecimal("1")));
        // a second round finds nothing to do
        assertThat(compactor.compact(day.plus(Duration.ofDays(2))).readingsPacked()).isZero();
    }

    @Test
    void aPastMonthWhoseReadingsAreAllPackedGivesItsDiskBack() {
        Instant day = D0.plus(Duration.ofDays(25));
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            readings.add(good("a", day.plus(SLOT.multipliedBy(i)), i));
        }
        ingest.ingest(batch(readings));
        assertThat(bytes("reading_y2026m09")).isPositive();

        compactor.compact(Instant.parse("2026-10-01T00:00:00Z"));

        assertThat(hot("a", day)).isEmpty();
        assertThat(bytes("reading_y2026m09")).as("heap and index of the emptied month").isZero();
        assertThat((Integer[]) dayRow("a", day).get("offsets")).hasSize(96);
    }

    @Test
    void aReplayOfPackedReadingsChangesNothingAndABadReadingNeverHidesAPackedGoodOne() {
        Instant day = D0.plus(Duration.ofDays(10));
        List<Reading> readings = List.of(good("c", day, 10), good("c", day.plus(SLOT), 12), good("c", day.plus(SLOT.multipliedBy(2)), 15));
        ingest.ingest(batch(readings));
        compactor.compact(day.plus(Duration.ofDays(1)));
        assertThat(hot("c", day)).isEmpty();

        assertThat(ingest.ingest(batch(readings))).isEqualTo(new ReadingIngestService.Result(0, 0, 0));
        assertThat(ingest.ingest(batch(List.of(Reading.bad("c", day.plus(SLOT), 4, "timeout")))))
                .isEqualTo(new ReadingIngestService.Result(0, 0, 0));
        assertThat(hot("c", day)).isEmpty();
        assertThat(consumption(day)).isEqualByComparingTo("2");
        assertThat(version(ENERGY, day)).isEqualTo(1);
    }

    @Test
    void aLateReadingInAPackedGapTakesItsNeighboursFromThePackedDayAndIsMergedNextRound() {
        Instant day = D0.plus(Duration.ofDays(20));
        ingest.ingest(batch(List.of(good("c", day, 100), good("c", day.plus(SLOT), 110),
                good("c", day.plus(SLOT.multipliedBy(3)), 140))));
        compactor.compact(day.plus(Duration.ofDays(1)));
        assertThat(flag(day.plus(SLOT))).isEqualTo(Interval.Flag.GAP);

        ingest.ingest(batch(List.of(good("c", day.plus(SLOT.multipliedBy(2)), 125))));

        assertThat(flag(day.plus(SLOT))).isEqualTo(Interval.Flag.NORMAL);
        assertThat(consumption(day.plus(SLOT))).isEqualByComparingTo("15"); // 125 - 110
        assertThat(consumption(day.plus(SLOT.multipliedBy(2)))).isEqualByComparingTo("15"); // 140 - 125
        assertThat(itemValue(ENERGY, day.plus(SLOT.multipliedBy(2)))).isEqualByComparingTo("15");
        assertThat(hot("c", day)).containsExactly(day.plus(SLOT.multipliedBy(2)));

        compactor.compact(day.plus(Duration.ofDays(1)));
        assertThat(hot("c", day)).isEmpty();
        assertThat((Integer[]) dayRow("c", day).get("offsets")).containsExactly(0, 900_000, 1_800_000, 2_700_000);
        assertThat((BigDecimal[]) dayRow("c", day).get("value")).containsExactly(new BigDecimal("100"),
                new BigDecimal("110"), new BigDecimal("125"), new BigDecimal("140"));
    }

    @Test
    void aCorrectionOfAPackedReadingReversionsWhatDependsOnItAndReplacesItWhenMerged() {
        Instant day = D0.plus(Duration.ofDays(30));
        ingest.ingest(batch(List.of(good("c", day, 100), good("c", day.plus(SLOT), 110), good("c", day.plus(SLOT.multipliedBy(2)), 130),
                good("a", day, 5), good("b", day, 7))));
        compactor.compact(day.plus(Duration.ofDays(1)));
        assertThat(itemValue(ENERGY, day)).isEqualByComparingTo("10");
        assertThat(itemValue(POWER, day)).isEqualByComparingTo("3"); // (5 + 7) kW over a quarter hour, in kWh

        // the counter read 104 at the second slot, not 110; a read 6, not 5 (b stays packed and is read from there)
        ingest.ingest(batch(List.of(good("c", day.plus(SLOT), 104), good("a", day, 6))));

        assertThat(itemValue(ENERGY, day)).isEqualByComparingTo("4");
        assertThat(version(ENERGY, day)).isEqualTo(2);
        assertThat(itemValue(ENERGY, day.plus(SLOT))).isEqualByComparingTo("26");
        assertThat(itemValue(POWER, day)).isEqualByComparingTo("3.25"); // (6 + 7) kW × 0.25 h
        assertThat(version(POWER, day)).isEqualTo(2);

        compactor.compact(day.plus(Duration.ofDays(1)));
        assertThat(hot("c", day)).isEmpty();
        assertThat((BigDecimal[]) dayRow("c", day).get("value")).containsExactly(new BigDecimal("100"),
                new BigDecimal("104"), new BigDecimal("130"));
        assertThat((BigDecimal[]) dayRow("a", day).get("value")).containsExactly(new BigDecimal("6"));
    }

    @Test
    void aBadReadingWaitingUnmergedNeverReplacesTheUsablePackedOneWhenMerged() {
        Instant day = D0.plus(Duration.ofDays(40));
        ingest.ingest(batch(List.of(good("a", day, 5))));
        compactor.compact(day.plus(Duration.ofDays(1)));
        // written to the narrow table directly, as a racing ingest could: the merge must keep the usable one
        jdbc.sql("insert into reading (ts, series_id, quality, source, value) "
                        + "select ?, series_id, 2, 4, null from series where tenant_id = ? and point_id = 'a'")
                .params(day.atOffset(ZoneOffset.UTC), TENANT).update();

        compactor.compact(day.plus(Duration.ofDays(1)));

        assertThat(hot("a", day)).isEmpty();
        assertThat((Integer[]) dayRow("a", day).get("quality")).containsExactly(0);
        assertThat((BigDecimal[]) dayRow("a", day).get("value")).containsExactly(new BigDecimal("5"));
    }

    @Test
    void onlyTheStartOfAUtcDayIsAHorizon() {
        assertThatThrownBy(() -> compactor.compact(D0.plus(Duration.ofHours(8))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ReadingCompactor.horizon(Instant.parse("2026-11-24T01:30:00Z"), Duration.ofDays(2)))
                .isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    }

    // --- helpers ---

    private static Reading good(String point, Instant ts, long value) {
        return Reading.good(point, ts, BigDecimal.valueOf(value), 4);
    }

    private static ReadingBatch batch(List<Reading> readings) {
        return new ReadingBatch(UUID.randomUUID(), TENANT, USCC, "test", readings.getLast().ts(), SLOT, readings);
    }

    /** Timestamps of the point's readings in the narrow table, in the three days from {@code day} (a test's own). */
    private List<Instant> hot(String point, Instant day) {
        return jdbc.sql("select r.ts from reading r join series s using (series_id) "
                        + "where s.tenant_id = ? and s.point_id = ? and r.ts >= ? and r.ts < ? order by r.ts")
                .params(TENANT, point, day.atOffset(ZoneOffset.UTC), day.plus(Duration.ofDays(3)).atOffset(ZoneOffset.UTC)).query((rs, i) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                .list();
    }

    /** Bytes of a table's heap and indexes beyond their empty state (an empty B-tree keeps its meta page). */
    private long bytes(String table) {
        return jdbc.sql("select pg_relation_size(?::regclass) + pg_indexes_size(?::regclass) - 8192")
                .params(table, table).query(Long.class).single();
    }

    private Map<String, Object> dayRow(String point, Instant dayStart) {
        return jdbc.sql("select d.offsets, d.quality, d.value from reading_day d join series s using (series_id) "
                        + "where s.tenant_id = ? and s.point_id = ? and d.day_start = ?")
                .params(TENANT, point, dayStart.atOffset(ZoneOffset.UTC))
                .query((rs, i) -> Map.<String, Object>of("offsets", rs.getArray(1).getArray(),
                        "quality", shorts(rs.getArray(2).getArray()), "value", rs.getArray(3).getArray()))
                .single();
    }

    private static Integer[] shorts(Object array) {
        Short[] s = (Short[]) array;
        Integer[] out = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (int) s[i];
        }
        return out;
    }

    /** The usable reading {@code before}, {@code after} or {@code at} a time, by the SQL function of that name. */
    private Map.Entry<Instant, BigDecimal> usable(String which, String point, Instant ts) {
        return jdbc.sql("select l.ts, l.value from series s cross join lateral reading_usable_" + which
                        + "(s.series_id, ?) l where s.tenant_id = ? and s.point_id = ?")
                .params(ts.atOffset(ZoneOffset.UTC), TENANT, point)
                .query((rs, i) -> Map.entry(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                        rs.getBigDecimal(2)))
                .single();
    }

    private Interval.Flag flag(Instant start) {
        int code = jdbc.sql("select i.flag from interval_consumption i join series s using (series_id) "
                        + "where s.tenant_id = ? and s.point_id = 'c' and i.interval_start = ?")
                .params(TENANT, start.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
        return Interval.Flag.values()[code];
    }

    private BigDecimal consumption(Instant start) {
        return jdbc.sql("select i.consumption from interval_consumption i join series s using (series_id) "
                        + "where s.tenant_id = ? and s.point_id = 'c' and i.interval_start = ?")
                .params(TENANT, start.atOffset(ZoneOffset.UTC)).query(BigDecimal.class).single();
    }

    private BigDecimal itemValue(String dataCode, Instant periodStart) {
        return jdbc.sql("select value from item_value where tenant_id = ? and data_code = ? and stat_type = 0 "
                        + "and period_start = ?")
                .params(TENANT, dataCode, periodStart.atOffset(ZoneOffset.UTC)).query(BigDecimal.class).single();
    }

    private long version(String dataCode, Instant periodStart) {
        return jdbc.sql("select version from item_value where tenant_id = ? and data_code = ? and stat_type = 0 "
                        + "and period_start = ?")
                .params(TENANT, dataCode, periodStart.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    }
}
