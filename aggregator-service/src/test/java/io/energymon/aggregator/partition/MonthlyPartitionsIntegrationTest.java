package io.energymon.aggregator.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/** Monthly partitions of readings and intervals: created ahead, on demand, and dropped whole once expired. */
@SpringBootTest
@ActiveProfiles("test")
class MonthlyPartitionsIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txm;
    @Autowired
    ReadingIngestService ingest;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_partition", CONFIG_TOPIC);
    }

    @Test
    void theCurrentMonthAndTheNextTwoHavePartitionsFromStartUp() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int i = 0; i <= 2; i++) {
            assertThat(exists(MonthlyPartitions.name("reading", now.plusMonths(i)))).isTrue();
            assertThat(exists(MonthlyPartitions.name("interval_consumption", now.plusMonths(i)))).isTrue();
        }
    }

    @Test
    void anExpiredPartitionIsDroppedWholeAndTheKeptOnesStay() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC);
        var partitions = new MonthlyPartitions(jdbc, txm, props(24), clock);
        assertThat(partitions.oldestKept()).isEqualTo(YearMonth.of(2024, 12));
        partitions.ensure(List.of(YearMonth.of(2024, 11), YearMonth.of(2024, 12)));
        ingest.ingest(batch("tenant-expired", Instant.parse("2024-11-30T23:45:00Z")));
        assertThat(exists("reading_y2024m11")).isTrue();

        List<String> dropped = partitions.dropExpired();

        assertThat(dropped).contains("reading_y2024m11", "interval_consumption_y2024m11")
                .doesNotContain("reading_y2024m12");
        assertThat(exists("reading_y2024m11")).isFalse();
        assertThat(exists("interval_consumption_y2024m11")).isFalse();
        assertThat(exists("reading_y2024m12")).isTrue();
        assertThat(jdbc.sql("select count(*) from reading r join series s using (series_id) where s.tenant_id = ?")
                .param("tenant-expired").query(Long.class).single()).isZero();
    }

    @Test
    void aReadingLandsInThePartitionOfItsMonth() {
        Instant ts = Instant.parse("2027-02-10T08:15:00Z");
        ingest.ingest(batch("tenant-month", ts));
        assertThat(jdbc.sql("select r.tableoid::regclass::text from reading r join series s using (series_id) "
                        + "where s.tenant_id = ? and r.ts = ?")
                .params("tenant-month", ts.atOffset(ZoneOffset.UTC)).query(String.class).single())
                .isEqualTo("reading_y2027m02");
    }

    @Test
    void aRetentionBelow24MonthsIsRefused() {
        assertThatThrownBy(() -> props(23)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 24");
    }

    @Test
    void aReadingOutsideTheRetentionOrFarInTheFutureIsNotStorable() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC);
        var partitions = new MonthlyPartitions(jdbc, txm, props(36), clock);
        assertThat(partitions.storable(Instant.parse("2023-12-01T00:00:00Z"))).isTrue();
        assertThat(partitions.storable(Instant.parse("2023-11-30T23:45:00Z"))).isFalse();
        assertThat(partitions.storable(Instant.parse("2027-12-01T00:00:00Z"))).isTrue();
        assertThat(partitions.storable(Instant.parse("2028-01-01T00:00:00Z"))).isFalse();
    }

    private static AggregatorProperties props(int retentionMonths) {
        return new AggregatorProperties(Duration.ofMillis(200), 500, "config.v1", retentionMonths, 2,
                Duration.ofDays(400), Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(2),
                Duration.ofHours(1), 1000, 20000,
                Duration.ofSeconds(10), 5000, "readings.v1", Duration.ofMinutes(15),
                Duration.ofMinutes(1), 4, java.time.Period.ofDays(30), Duration.ofMinutes(30), 5, 8, Duration.ofHours(1), 5,
                new AggregatorProperties.Alarm(0.05));
    }

    private boolean exists(String table) {
        return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
    }

    private static ReadingBatch batch(String tenant, Instant ts) {
        return new ReadingBatch(UUID.randomUUID(), tenant, A, "test", ts, Duration.ofMinutes(15),
                List.of(Reading.good("p", ts, new BigDecimal("1.5"), 4)));
    }
}
