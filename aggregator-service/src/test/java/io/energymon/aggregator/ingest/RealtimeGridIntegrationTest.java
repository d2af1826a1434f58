package io.energymon.aggregator.ingest;

import static io.energymon.aggregator.config.TestConfigs.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
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
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * Real-time (statType 0) values stay on the 15-minute grid whatever the poll slot: points polled every minute or
 * every 10 minutes are summed into their quarter hours, instantaneous rates integrated, other instantaneous quantities
 * averaged; a quarter not fully covered has no value. Each test owns its tenant. Expected numbers are worked out by
 * hand from the readings.
 */
@SpringBootTest
@ActiveProfiles("test")
class RealtimeGridIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final Instant Q0 = Instant.parse("2027-04-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final String X = "0000000002330011";

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_grid", CONFIG_TOPIC);
    }

    @BeforeAll
    static void clients() {
        producer = SharedInfra.newProducer();
    }

    @AfterAll
    static void closeClients() {
        producer.close();
    }

    @Test
    void aCounterPolledEveryMinuteGivesOneValuePerQuarterOnceTheQuarterIsComplete() {
        configure("tenant-minute", List.of(point("e", PointKind.CUMULATIVE, "kWh", MINUTE)), List.of(item(X, "[e]")));
        // counter 1000 at 00:00, +2 kWh a minute, to 00:14: the quarter lacks its last minute
        List<Reading> first = new ArrayList<>();
        for (int m = 0; m <= 14; m++) {
            first.add(good("e", Q0.plus(MINUTE.multipliedBy(m)), 1000 + 2 * m));
        }
        ingest.ingest(batch("tenant-minute", MINUTE, first));
        assertThat(values("tenant-minute")).isEmpty();

        // 00:15 closes the first quarter (30 kWh); up to 00:30 the second (00:15..00:29 +3 a minute = 45 kWh)
        List<Reading> second = new ArrayList<>();
        for (int m = 15; m <= 30; m++) {
            second.add(good("e", Q0.plus(MINUTE.multipliedBy(m)), 1030 + 3 * (m - 15)));
        }
        ingest.ingest(batch("tenant-minute", MINUTE, second));
        assertThat(values("tenant-minute")).containsExactly(
                new Value(Q0, Q0.plus(QUARTER), new BigDecimal("30")),
                new Value(Q0.plus(QUARTER), Q0.plus(QUARTER.multipliedBy(2)), new BigDecimal("45")));
    }

    @Test
    void aMissingMinuteLeavesItsQuarterWithoutValueUntilItArrives() {
        configure("tenant-hole", List.of(point("e", PointKind.CUMULATIVE, "kWh", MINUTE)), List.of(item(X, "[e]")));
        List<Reading> readings = new ArrayList<>();
        for (int m = 0; m <= 15; m++) {
            if (m != 7) {
                readings.add(good("e", Q0.plus(MINUTE.multipliedBy(m)), 500 + m));
            }
        }
        ingest.ingest(batch("tenant-hole", MINUTE, readings));
        assertThat(values("tenant-hole")).isEmpty(); // 00:06..00:08 is a gap, not usable

        ingest.ingest(batch("tenant-hole", MINUTE, List.of(good("e", Q0.plus(MINUTE.multipliedBy(7)), 507))));
        assertThat(values("tenant-hole")).containsExactly(new Value(Q0, Q0.plus(QUARTER), new BigDecimal("15")));
    }

    @Test
    void aCounterPolledEveryTenMinutesSharesTheIntervalStraddlingAQuarterByItsOverlap() {
        Duration ten = Duration.ofMinutes(10);
        configure("tenant-ten", List.of(point("e", PointKind.CUMULATIVE, "kWh", ten)), List.of(item(X, "[e]")));
        // 00:00 0, 00:10 20, 00:20 50, 00:30 60: first quarter 20 + half of 30 = 35, second 15 + 10 = 25
        ingest.ingest(batch("tenant-ten", ten, List.of(good("e", Q0, 0), good("e", Q0.plus(ten), 20),
                good("e", Q0.plus(ten.multipliedBy(2)), 50), good("e", Q0.plus(ten.multipliedBy(3)), 60))));
        assertThat(values("tenant-ten")).containsExactly(
                new Value(Q0, Q0.plus(QUARTER), new BigDecimal("35")),
                new Value(Q0.plus(QUARTER), Q0.plus(QUARTER.multipliedBy(2)), new BigDecimal("25")));
    }

    @Test
    void aPowerReadEveryMinuteIsIntegratedAndATemperatureAveragedOverTheQuarter() {
        configure("tenant-rate", List.of(point("kw", PointKind.INSTANTANEOUS, "kW", MINUTE),
                        point("t", PointKind.INSTANTANEOUS, "°C", MINUTE)),
                List.of(item(X, "[kw]"), new ItemConfig("0000000002330012", "mean temperature", List.of(0), "[t]", 4,
                        1, "°C", null, null)));
        List<Reading> readings = new ArrayList<>();
        for (int m = 0; m < 15; m++) {
            // 60 kW for 10 minutes, 120 kW for 5: 10 + 10 = 20 kWh; temperatures 100..114, mean 107
            readings.add(good("kw", Q0.plus(MINUTE.multipliedBy(m)), m < 10 ? 60 : 120));
            readings.add(good("t", Q0.plus(MINUTE.multipliedBy(m)), 100 + m));
        }
        ingest.ingest(batch("tenant-rate", MINUTE, readings.subList(0, 28))); // up to 00:13
        assertThat(values("tenant-rate")).isEmpty();

        ingest.ingest(batch("tenant-rate", MINUTE, readings.subList(28, 30)));
        assertThat(values("tenant-rate")).containsExactly(new Value(Q0, Q0.plus(QUARTER), new BigDecimal("20")));
        assertThat(jdbc.sql("select value from item_value where tenant_id = 'tenant-rate' and data_code = "
                + "'0000000002330012'").query(BigDecimal.class).single()).isEqualByComparingTo("107");
    }

    @Test
    void aCounterReadHourlyKeepsItsHourAsThePeriod() {
        Duration hour = Duration.ofHours(1);
        configure("tenant-hour", List.of(point("e", PointKind.CUMULATIVE, "kWh", hour)), List.of(item(X, "[e]")));
        ingest.ingest(batch("tenant-hour", hour, List.of(good("e", Q0, 10), good("e", Q0.plus(hour), 70))));
        assertThat(values("tenant-hour")).containsExactly(new Value(Q0, Q0.plus(hour), new BigDecimal("60")));
    }

    private record Value(Instant start, Instant end, BigDecimal value) {
    }

    private List<Value> values(String tenant) {
        return jdbc.sql("select period_start, period_end, value from item_value where tenant_id = ? and data_code = ? "
                        + "and stat_type = 0 order by period_start")
                .params(tenant, X)
                .query((rs, i) -> new Value(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getBigDecimal(3).stripTrailingZeros()))
                .list().stream().map(v -> new Value(v.start(), v.end(), new BigDecimal(v.value().toPlainString())))
                .toList();
    }

    private static PointConfig point(String id, PointKind kind, String unit, Duration slot) {
        return new PointConfig(id, id, null, null, null, kind, unit, null, slot, null, null);
    }

    private void configure(String tenant, List<PointConfig> points, List<ItemConfig> items) {
        EnterpriseConfig cfg = TestConfigs.enterprise(tenant, A, 1, points, items);
        TestConfigs.publish(producer, CONFIG_TOPIC, cfg);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(tenant, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == 1L);
    }

    private static Reading good(String point, Instant ts, long value) {
        return Reading.good(point, ts, BigDecimal.valueOf(value), 4);
    }

    private static ReadingBatch batch(String tenant, Duration slot, List<Reading> readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, A, "test", readings.getLast().ts(), slot, readings);
    }
}
