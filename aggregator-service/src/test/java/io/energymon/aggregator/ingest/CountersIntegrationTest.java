package io.energymon.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.interval.Interval;
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
import java.util.List;
import java.util.UUID;
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
 * Issue #7 "Counters done right" against the real PostgreSQL and Kafka: a counter with {@code rolloverMax} 99999.99
 * (counts 0 … 99999.99 in 0.01, a full turn is 100000.00) and the item {@code [meter-r.energy]} over it.
 */
@SpringBootTest
@ActiveProfiles("test")
class CountersIntegrationTest {
    private static final String TENANT = "tenant-counters";
    private static final String USCC = "91360100MA35K8P233";
    private static final String POINT = "meter-r.energy";
    private static final String ITEM = "0000000002330011";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant S0 = Instant.parse("2026-11-22T16:00:00Z");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator", CONFIG_TOPIC);
    }

    @BeforeAll
    static void clients() {
        producer = SharedInfra.newProducer();
        PointConfig wrapping = new PointConfig(POINT, POINT, null, null, null, PointKind.CUMULATIVE, "kWh", null, null,
                new BigDecimal("99999.99"), null);
        TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, USCC, 1, List.of(wrapping),
                List.of(TestConfigs.item(ITEM, "[" + POINT + "]"))));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
    }

    @BeforeEach
    void configurationArrived() {
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, USCC)).isPresent());
    }

    @Test
    void aCounterThatWrapsIsARolloverWhoseConsumptionIsAnItemValue() {
        Instant s0 = S0.plus(Duration.ofDays(1));
        ingest.ingest(batch(reading(s0, "99990.00"), reading(s0.plus(SLOT), "5.00"), reading(s0.plus(SLOT.multipliedBy(2)), "7.50")));
        // (100000.00 - 99990.00) + 5.00 = 15.00, then 7.50 - 5.00 = 2.50
        assertThat(flag(s0)).isEqualTo(Interval.Flag.ROLLOVER);
        assertThat(consumption(s0)).isEqualByComparingTo("15.00");
        assertThat(itemValue(s0)).isEqualByComparingTo("15.00");
        assertThat(flag(s0.plus(SLOT))).isEqualTo(Interval.Flag.NORMAL);
        assertThat(itemValue(s0.plus(SLOT))).isEqualByComparingTo("2.50");
    }

    @Test
    void anImplausibleWrapStaysADecreaseWithoutConsumption() {
        Instant s0 = S0.plus(Duration.ofDays(2));
        // (100000.00 - 40000.00) + 100.00 = 60100.00 > 99999.99 / 2
        ingest.ingest(batch(reading(s0, "40000.00"), reading(s0.plus(SLOT), "100.00")));
        assertThat(flag(s0)).isEqualTo(Interval.Flag.DECREASE);
        assertThat(consumption(s0)).isNull();
        assertThat(itemValue(s0)).isNull();
    }

    @Test
    void aLateReadingInsideAWrappedGapYieldsANormalAndARolloverInterval() {
        Instant s0 = S0.plus(Duration.ofDays(3));
        ingest.ingest(batch(reading(s0, "99990.00"), reading(s0.plus(SLOT.multipliedBy(2)), "10.00")));
        // (100000.00 - 99990.00) + 10.00 = 20.00 over two slots: a gap, never spread
        assertThat(flag(s0)).isEqualTo(Interval.Flag.GAP);
        assertThat(consumption(s0)).isEqualByComparingTo("20.00");
        assertThat(itemValue(s0)).isNull();

        ingest.ingest(batch(reading(s0.plus(SLOT), "99999.00")));
        // 99999.00 - 99990.00 = 9.00; (100000.00 - 99999.00) + 10.00 = 11.00
        assertThat(flag(s0)).isEqualTo(Interval.Flag.NORMAL);
        assertThat(itemValue(s0)).isEqualByComparingTo("9.00");
        assertThat(flag(s0.plus(SLOT))).isEqualTo(Interval.Flag.ROLLOVER);
        assertThat(itemValue(s0.plus(SLOT))).isEqualByComparingTo("11.00");
    }

    static Reading reading(Instant ts, String value) {
        return Reading.good(POINT, ts, new BigDecimal(value), 4);
    }

    static ReadingBatch batch(Reading... readings) {
        return new ReadingBatch(UUID.randomUUID(), TENANT, USCC, "test", readings[readings.length - 1].ts(), SLOT,
                List.of(readings));
    }

    BigDecimal itemValue(Instant periodStart) {
        return jdbc.sql("select value from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(TENANT, USCC, ITEM, periodStart.atOffset(ZoneOffset.UTC))
                .query(BigDecimal.class).optional().orElse(null);
    }

    Interval.Flag flag(Instant intervalStart) {
        int code = jdbc.sql("select i.flag from interval_consumption i join series s using (series_id) "
                        + "where s.tenant_id = ? and s.enterprise_code = ? and s.point_id = ? and i.interval_start = ?")
                .params(TENANT, USCC, POINT, intervalStart.atOffset(ZoneOffset.UTC))
                .query(Integer.class).single();
        return Interval.Flag.values()[code];
    }

    BigDecimal consumption(Instant intervalStart) {
        return jdbc.sql("select i.consumption from interval_consumption i join series s using (series_id) "
                        + "where s.tenant_id = ? and s.enterprise_code = ? and s.point_id = ? and i.interval_start = ?")
                .params(TENANT, USCC, POINT, intervalStart.atOffset(ZoneOffset.UTC))
                .query(BigDecimal.class).optional().orElse(null);
    }
}
