package io.energymon.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.interval.Interval;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.aggregator.deadletter.DeadLetters;
import io.energymon.aggregator.meterevent.MeterEventService;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.MeterEvent;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * (counts 0 … 99999.99 in 0.01, a full turn is 100000.00), the item {@code [meter-r.energy]} over it and the item
 * {@code {0000000002330011} * 2} over that item.
 */
@SpringBootTest
@ActiveProfiles("test")
class CountersIntegrationTest {
    private static final String TENANT = "tenant-counters";
    private static final String USCC = "91360100MA35K8P233";
    private static final String POINT = "meter-r.energy";
    private static final String ITEM = "0000000002330011";
    /** {@code {ITEM} * 2}: an item over the item. */
    private static final String ITEM2 = "0000000002330099";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant S0 = Instant.parse("2026-11-22T16:00:00Z");
    private static final MeterEvent.MeterEventType REPLACED = MeterEvent.MeterEventType.REPLACED;
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    MeterEventService meterEvents;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator", CONFIG_TOPIC);
    }

    @BeforeAll
    static void clients() {
        producer = SharedInfra.newProducer();
        PointConfig wrapping = new PointConfig(POINT, POINT, null, "meter-r", null, PointKind.CUMULATIVE, "kWh", null, null,
                new BigDecimal("99999.99"), null);
        TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, USCC, 1, List.of(wrapping),
                List.of(TestConfigs.item(ITEM, "[" + POINT + "]"), TestConfigs.item(ITEM2, "{" + ITEM + "} * 2"))));
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

    // --- meter events (meter-events.v1) ---

    @Test
    void aReplacementMidIntervalUsesTheFinalAndInitialReadings() {
        Instant s0 = S0.plus(Duration.ofDays(4));
        meterEvents.apply(event(REPLACED, s0.plus(Duration.ofMinutes(5)), "1050.00", "0.00"));
        ingest.ingest(batch(reading(s0, "1000.00"), reading(s0.plus(SLOT), "3.00")));
        // (1050.00 - 1000.00) + (3.00 - 0.00) = 53.00; without the event a DECREASE (wrap of 99003.00 implausible)
        assertThat(flag(s0)).isEqualTo(Interval.Flag.METER_CHANGE);
        assertThat(consumption(s0)).isEqualByComparingTo("53.00");
        assertThat(itemValue(s0)).isEqualByComparingTo("53.00");
    }

    @Test
    void aResetAtTheSlotOfAReadingPutsThatReadingOnTheNewCounter() {
        Instant s0 = S0.plus(Duration.ofDays(5));
        ingest.ingest(batch(reading(s0, "480.00")));
        meterEvents.apply(event(MeterEvent.MeterEventType.RESET, s0.plus(SLOT), "500.00", "0.00"));
        ingest.ingest(batch(reading(s0.plus(SLOT), "2.00")));
        // (500.00 - 480.00) + (2.00 - 0.00) = 22.00
        assertThat(flag(s0)).isEqualTo(Interval.Flag.METER_CHANGE);
        assertThat(itemValue(s0)).isEqualByComparingTo("22.00");
    }

    @Test
    void aLateEventOverKafkaRecomputesADecreaseIntoAMeterChange() throws Exception {
        Instant s0 = S0.plus(Duration.ofDays(6));
        ingest.ingest(batch(reading(s0, "7000.00"), reading(s0.plus(SLOT), "10.00")));
        // (100000.00 - 7000.00) + 10.00 = 93010.00: no plausible wrap
        assertThat(flag(s0)).isEqualTo(Interval.Flag.DECREASE);
        assertThat(itemValue(s0)).isNull();

        MeterEvent e = event(REPLACED, s0.plus(Duration.ofMinutes(10)), "7004.50", "0.00");
        producer.send(new ProducerRecord<>(Topics.METER_EVENTS, USCC, EventCodec.encode(e))).get(10, TimeUnit.SECONDS);
        // (7004.50 - 7000.00) + (10.00 - 0.00) = 14.50
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(itemValue(s0)).isEqualByComparingTo("14.50"));
        assertThat(flag(s0)).isEqualTo(Interval.Flag.METER_CHANGE);
        assertThat(version(s0)).isEqualTo(1);
    }

    @Test
    void aLateEventOnANormalIntervalGivesItsItemValueANewVersionAndAReplayChangesNothing() {
        Instant s0 = S0.plus(Duration.ofDays(7));
        ingest.ingest(batch(reading(s0, "7000.00"), reading(s0.plus(SLOT), "7010.00")));
        assertThat(itemValue(s0)).isEqualByComparingTo("10.00");
        assertThat(version(s0)).isEqualTo(1);

        MeterEvent e = event(REPLACED, s0.plus(Duration.ofMinutes(5)), "7006.00", "7000.00");
        assertThat(meterEvents.apply(e).changesStored()).isEqualTo(1);
        // (7006.00 - 7000.00) + (7010.00 - 7000.00) = 16.00
        assertThat(flag(s0)).isEqualTo(Interval.Flag.METER_CHANGE);
        assertThat(itemValue(s0)).isEqualByComparingTo("16.00");
        assertThat(version(s0)).isEqualTo(2);

        assertThat(meterEvents.apply(e)).isEqualTo(new MeterEventService.Result(0, 0, 0));
        assertThat(version(s0)).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from meter_change where event_id = ?").param(e.eventId())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRecalibrationWithEqualReadingsChangesNothing() {
        Instant s0 = S0.plus(Duration.ofDays(8));
        ingest.ingest(batch(reading(s0, "200.00"), reading(s0.plus(SLOT), "210.00")));
        MeterEvent e = event(MeterEvent.MeterEventType.RECALIBRATED, s0.plus(Duration.ofMinutes(5)), "205.00", "205.00");
        assertThat(meterEvents.apply(e)).isEqualTo(new MeterEventService.Result(0, 0, 0));
        assertThat(flag(s0)).isEqualTo(Interval.Flag.NORMAL);
        assertThat(itemValue(s0)).isEqualByComparingTo("10.00");
        assertThat(version(s0)).isEqualTo(1);
    }

    @Test
    void aMalformedMeterEventGoesToTheDeadLetterTopic() throws Exception {
        byte[] garbage = ("{not a meter event " + UUID.randomUUID() + "}").getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<String, byte[]> dlt = SharedInfra.newConsumer(DeadLetters.topicOf(Topics.METER_EVENTS))) {
            producer.send(new ProducerRecord<>(Topics.METER_EVENTS, USCC, garbage)).get(10, TimeUnit.SECONDS);
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anyMatch(r -> Arrays.equals(r.value(), garbage)
                        && new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8)
                        .equals("malformed"));
            });
        }
    }

    // --- corrections withdraw values ---

    @Test
    void aCorrectionThatMakesAnIntervalUnusableWithdrawsItsValueAsANewInvalidVersion() {
        Instant s0 = S0.plus(Duration.ofDays(9));
        try (KafkaConsumer<String, byte[]> out = SharedInfra.newConsumer(Topics.ITEM_VALUES)) {
            ingest.ingest(batch(reading(s0, "100.00"), reading(s0.plus(SLOT), "110.00")));
            assertThat(itemValue(s0)).isEqualByComparingTo("10.00");
            assertThat(valid(s0)).isTrue();

            // corrected to 90.00: (100000.00 - 100.00) + 90.00 = 99990.00, no plausible wrap: a DECREASE
            ingest.ingest(batch(reading(s0.plus(SLOT), "90.00")));
            assertThat(flag(s0)).isEqualTo(Interval.Flag.DECREASE);
            assertThat(version(s0)).isEqualTo(2);
            assertThat(valid(s0)).isFalse();
            assertThat(itemValue(s0)).isEqualByComparingTo("10.00"); // kept, but withdrawn
            // the item over it is withdrawn in turn: 10.00 * 2 = 20.00 kept, invalid, version 2
            assertThat(value(ITEM2, s0)).isEqualByComparingTo("20.00");
            assertThat(valid(ITEM2, s0)).isFalse();
            assertThat(version(ITEM2, s0)).isEqualTo(2);

            List<ItemValue> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                out.poll(Duration.ofMillis(200)).forEach(r -> seen.add(EventCodec.decode(r.value(), ItemValue.class)));
                assertThat(seen).anyMatch(v -> v.tenantId().equals(TENANT) && v.periodStart().equals(s0)
                        && v.version() == 2 && !v.valid());
            });

            // a replay of the correction changes nothing; corrected again to 111.00: 11.00, valid, version 3
            ingest.ingest(batch(reading(s0.plus(SLOT), "90.00")));
            assertThat(version(s0)).isEqualTo(2);
            ingest.ingest(batch(reading(s0.plus(SLOT), "111.00")));
            assertThat(flag(s0)).isEqualTo(Interval.Flag.NORMAL);
            assertThat(itemValue(s0)).isEqualByComparingTo("11.00");
            assertThat(valid(s0)).isTrue();
            assertThat(version(s0)).isEqualTo(3);
            assertThat(value(ITEM2, s0)).isEqualByComparingTo("22.00"); // 11.00 * 2
            assertThat(valid(ITEM2, s0)).isTrue();
            assertThat(version(ITEM2, s0)).isEqualTo(3);
        }
    }

    boolean valid(Instant periodStart) {
        return valid(ITEM, periodStart);
    }

    boolean valid(String item, Instant periodStart) {
        return jdbc.sql("select valid from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(TENANT, USCC, item, periodStart.atOffset(ZoneOffset.UTC)).query(Boolean.class).single();
    }

    static MeterEvent event(MeterEvent.MeterEventType type, Instant at, String finalReading, String initialReading) {
        return new MeterEvent(UUID.randomUUID(), TENANT, USCC, "meter-r", type, at,
                List.of(new MeterEvent.PointReadings(POINT, new BigDecimal(finalReading), new BigDecimal(initialReading))),
                null, null, "test", at);
    }

    long version(Instant periodStart) {
        return version(ITEM, periodStart);
    }

    BigDecimal value(String item, Instant periodStart) {
        return jdbc.sql("select value from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(TENANT, USCC, item, periodStart.atOffset(ZoneOffset.UTC)).query(BigDecimal.class).single();
    }

    long version(String item, Instant periodStart) {
        return jdbc.sql("select version from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(TENANT, USCC, item, periodStart.atOffset(ZoneOffset.UTC)).query(Long.class).single();
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
