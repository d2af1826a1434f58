package io.energymon.aggregator.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.item.ItemValueWriter;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue #8 "Energy accounting" against the real PostgreSQL and Kafka: item values converted to kgce with the factor
 * that produced them, a measured factor overriding the reference one from its date, comprehensive energy consumption
 * of a month, and the §6.3.4 b product-energy check raising an alarm on {@code alarms.v1}.
 *
 * <p>Expected figures are worked out by hand from the GB/T 2589-2020 reference factors as listed in PROTOCOL.md §5
 * (electricity 0.1229 kgce/kWh calorific equivalent; natural gas 1.2143 kgce/m³), typed here, not read from the code
 * under test. The electricity equal-value factor 0.3 kgce/kWh from 2026-01-01 is a test value (the real one is set
 * yearly and is configuration). Each test has an enterprise (tenant) of its own; the rollup job is run by the test.
 */
@SpringBootTest
@ActiveProfiles("test")
class EnergyAccountingIntegrationTest {
    private static final String USCC = "91360100MA35K8P233";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    /** GB/T 2589-2020 (PROTOCOL.md §5): electricity, calorific equivalent, kgce/kWh. */
    private static final BigDecimal ELECTRICITY = new BigDecimal("0.1229");
    /** GB/T 2589-2020 (PROTOCOL.md §5): natural gas (gas field), kgce/m³. */
    private static final BigDecimal NATURAL_GAS = new BigDecimal("1.2143");
    /** Test configuration: electricity's equal value from 2026-01-01, kgce/kWh. */
    private static final BigDecimal ELECTRICITY_EQUAL_VALUE = new BigDecimal("0.3");

    // national layout PP-UU-EEEE-CC-TTTT-DD: electricity 02/3300, natural gas 01/1500, use 11 consumption, 14 supply
    private static final String ELEC = "0000000002330011";
    private static final String GAS = "0000000001150011";
    /** Measured factor of natural gas: data class 05 (一次能源折标系数), subject 1500. */
    private static final String GAS_FACTOR = "0000000005150011";
    // DB36 layout PP-UU-EEEEE-CC-TTTT-DD, data class 04 = raw-material use
    private static final String DB36_ELEC = "00000000002330011";
    private static final String DB36_GAS = "00000000001150011";
    private static final String DB36_ELEC_SUPPLY = "00000000002330014";
    private static final String DB36_GAS_RAW = "00000000004150011";
    // products (national layout, data class 04 = product), process 01; the process's own electricity meter
    private static final String P1_ELEC = "0100000002330011";
    private static final String P1_PRODUCT = "0100000004000111";

    private static final List<String> TENANTS = List.of("tce-ref", "tce-measured", "tce-month", "share-low",
            "share-ok");
    private static KafkaConsumer<String, byte[]> alarms;
    private static final List<AlarmEvent> received = new CopyOnWriteArrayList<>();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    RollupJob rollup;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    EnergyAccounting accounting;
    @Autowired
    ItemValueWriter writer;
    @Autowired
    PlatformTransactionManager txm;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_energy", CONFIG_TOPIC);
        r.add("energymon.aggregator.rollup-interval", () -> "PT1H");
        r.add("energymon.aggregator.energy.electricity-equal-value[2026-01-01]", ELECTRICITY_EQUAL_VALUE::toPlainString);
    }

    private static PointConfig counter(String id, String unit) {
        return new PointConfig(id, id, null, null, null, PointKind.CUMULATIVE, unit, null, null, null, null);
    }

    private static ItemConfig item(String code, String formula, int scope, String unit) {
        return new ItemConfig(code, "item " + code, List.of(0, 1, 2), formula, 4, scope, unit, null, null);
    }

    private static EnterpriseConfig enterprise(String tenant, String layout, List<PointConfig> points,
                                               List<ItemConfig> items) {
        var profile = new EnterpriseProfile("示例 " + tenant, "3110", "360111", null, null, null, null, null, null, null,
                null, SHANGHAI, layout, null);
        return new EnterpriseConfig(tenant, USCC, 1, Instant.parse("2026-11-23T00:00:00Z"), profile, null, null,
                null, null, null, null, points, items, null);
    }

    @BeforeAll
    static void configure() {
        List<ItemConfig> productItems = List.of(item(ELEC, "[e]", 1, "kWh"), item(P1_ELEC, "[p1]", 2, "kWh"),
                item(P1_PRODUCT, "[out]", 2, "t"));
        List<PointConfig> productPoints = List.of(counter("e", "kWh"), counter("p1", "kWh"), counter("out", "t"));
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise("tce-ref", null,
                    List.of(counter("e", "kWh"), counter("g", "m3")),
                    List.of(item(ELEC, "[e]", 1, "kWh"), item(GAS, "[g]", 1, "m3"))));
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise("tce-measured", null,
                    List.of(counter("g", "m3"), counter("f", "kgce/m3")),
                    List.of(item(GAS, "[g]", 1, "m3"), item(GAS_FACTOR, "[f]", 1, "kgce/m3"))));
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise("tce-month", "DB36_17",
                    List.of(counter("e", "kWh"), counter("g", "m3"), counter("s", "kWh"), counter("r", "m3")),
                    List.of(item(DB36_ELEC, "[e]", 1, "kWh"), item(DB36_GAS, "[g]", 1, "m3"),
                            item(DB36_ELEC_SUPPLY, "[s]", 1, "kWh"), item(DB36_GAS_RAW, "[r]", 1, "m3"))));
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise("share-low", null, productPoints, productItems));
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise("share-ok", null, productPoints, productItems));
        }
        // the topic exists before the consumer subscribes (a consumer learns of a topic created later only at its
        // next metadata refresh, minutes away)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.ALARMS, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        alarms = SharedInfra.newConsumer(Topics.ALARMS);
    }

    @AfterAll
    static void close() {
        alarms.close();
    }

    @BeforeEach
    void configurationArrived() {
        await().atMost(Duration.ofSeconds(30)).until(() -> TENANTS.stream()
                .allMatch(t -> catalog.enterprise(new EnterpriseRef(t, USCC)).isPresent()));
    }

    @Test
    void electricityInKwhAndNaturalGasInCubicMetresConvertToKgceWithTheFactorRecorded() {
        String tenant = "tce-ref";
        Instant day = Instant.parse("2026-10-09T16:00:00Z"); // 2026-10-10 in Shanghai
        ingest.ingest(batch(tenant, merge(counter("e", day, 96, 10), counter("g", day, 96, 5))));
        rollup.runOnce();

        // one real-time value: 10 kWh and 5 m3
        Instant slot = day.plus(SLOT.multipliedBy(7));
        assertThat(tce(tenant, ELEC, 0, slot, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "1.229")
                .containsEntry("factor_key", "electricity").containsEntry("factor_origin", "REFERENCE")
                .containsEntry("factor_effective_from", "2021-04-01").containsEntry("factor_value", "0.1229")
                .containsEntry("version_matches", "true");
        assertThat(tce(tenant, GAS, 0, slot, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "6.0715")
                .containsEntry("factor_key", "natural-gas").containsEntry("factor_origin", "REFERENCE")
                .containsEntry("factor_effective_from", "2021-04-01");
        // the day: 960 kWh × 0.1229 = 117.984; 480 m3 × 1.2143 = 582.864
        assertThat(tce(tenant, ELEC, 1, day, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "117.984");
        assertThat(tce(tenant, GAS, 1, day, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "582.864");
        // equal value: electricity with its configured equal value (960 × 0.3 = 288), natural gas has one method only
        assertThat(tce(tenant, ELEC, 1, day, "EQUAL_VALUE")).containsEntry("kgce", "288")
                .containsEntry("factor_method", "EQUAL_VALUE").containsEntry("factor_effective_from", "2026-01-01");
        assertThat(tce(tenant, GAS, 1, day, "EQUAL_VALUE")).containsEntry("kgce", "582.864")
                .containsEntry("factor_method", "CALORIFIC_EQUIVALENT");
        assertThat(ELECTRICITY.multiply(BigDecimal.valueOf(960))).isEqualByComparingTo("117.984");
        assertThat(NATURAL_GAS.multiply(BigDecimal.valueOf(480))).isEqualByComparingTo("582.864");
    }

    @Test
    void aMeasuredFactorOverridesTheReferenceFromItsDateAndTheVersionSaysMeasured() {
        String tenant = "tce-measured";
        EnterpriseRef ref = new EnterpriseRef(tenant, USCC);
        Instant before = Instant.parse("2026-09-09T16:00:00Z"); // 2026-09-10
        Instant reportedLate = Instant.parse("2026-09-15T16:00:00Z"); // 2026-09-16
        Instant after = Instant.parse("2026-09-19T16:00:00Z"); // 2026-09-20
        ingest.ingest(batch(tenant, counter("g", before, 96, 5)));
        ingest.ingest(batch(tenant, counter("g", reportedLate, 96, 5, 2000)));
        rollup.runOnce();
        assertThat(tce(tenant, GAS, 1, reportedLate, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "582.864")
                .containsEntry("factor_origin", "REFERENCE");
        // the enterprise reports 1.3000 kgce/m3 measured on 2026-09-15 10:00 local (its factor item's value)
        Instant measuredAt = Instant.parse("2026-09-15T02:00:00Z");
        new TransactionTemplate(txm).executeWithoutResult(s -> writer.upsertAll(List.of(new ItemValueWriter.Pending(
                ref, GAS_FACTOR, new ItemValueWriter.Period(0, measuredAt, measuredAt.plus(SLOT),
                        LocalDateTime.parse("2026-09-15T10:00")), new BigDecimal("1.3000"), 5, 1))));
        ingest.ingest(batch(tenant, counter("g", after, 96, 5)));
        rollup.runOnce();

        // before its date: the reference; 480 m3 × 1.2143 = 582.864
        assertThat(tce(tenant, GAS, 1, before, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "582.864")
                .containsEntry("factor_origin", "REFERENCE");
        // values of its dates stored before it arrived are converted again: 480 m3 × 1.3 = 624
        assertThat(tce(tenant, GAS, 1, reportedLate, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "624")
                .containsEntry("factor_origin", "MEASURED").containsEntry("version_matches", "true");
        // from its date: 480 m3 × 1.3 = 624 and 5 m3 × 1.3 = 6.5
        assertThat(tce(tenant, GAS, 1, after, "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "624")
                .containsEntry("factor_origin", "MEASURED").containsEntry("factor_effective_from", "2026-09-15")
                .containsEntry("factor_key", "natural-gas").containsEntry("factor_value", "1.3")
                .containsEntry("factor_unit", "m3").containsEntry("version_matches", "true");
        assertThat(tce(tenant, GAS, 0, after.plus(SLOT), "CALORIFIC_EQUIVALENT")).containsEntry("kgce", "6.5")
                .containsEntry("factor_origin", "MEASURED");
        // the factor item itself is no energy: it has no kgce
        assertThat(jdbc.sql("select count(*) from item_value_tce where tenant_id = ? and data_code = ?")
                .params(tenant, GAS_FACTOR).query(Long.class).single()).isZero();
    }

    @Test
    void comprehensiveEnergyConsumptionOfAMonthCountsRawMaterialAndDeductsExternalSupply() {
        String tenant = "tce-month";
        Instant d1 = Instant.parse("2026-10-19T16:00:00Z"); // 2026-10-20
        // 2026-10-20 and 2026-10-21: 192 slots
        ingest.ingest(batch(tenant, merge(counter("e", d1, 192, 10), counter("g", d1, 192, 5),
                counter("s", d1, 192, 2), counter("r", d1, 192, 1))));
        rollup.runOnce();

        List<EnergyAccounting.PeriodAccount> months = accounting.accounts(new EnterpriseRef(tenant, USCC), 2,
                LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"));
        assertThat(months).hasSize(1);
        EnergyAccounting.PeriodAccount october = months.getFirst();
        assertThat(october.statDate()).isEqualTo(LocalDateTime.parse("2026-10-01T00:00"));
        // two days: electricity 1920 kWh, gas 960 m3, supply 384 kWh, raw-material gas 192 m3
        var ce = october.methods().get(ConversionMethod.CALORIFIC_EQUIVALENT);
        assertThat(ce.consumption()).isEqualByComparingTo("1401.696"); // 1920 × 0.1229 + 960 × 1.2143 = 235.968 + 1165.728
        assertThat(ce.externalSupply()).isEqualByComparingTo("47.1936"); // 384 × 0.1229
        assertThat(ce.rawMaterial()).isEqualByComparingTo("233.1456"); // 192 × 1.2143
        assertThat(ce.comprehensive()).isEqualByComparingTo("1587.648"); // 1401.696 + 233.1456 − 47.1936
        var ev = october.methods().get(ConversionMethod.EQUAL_VALUE);
        assertThat(ev.consumption()).isEqualByComparingTo("1741.728"); // 1920 × 0.3 + 1165.728
        assertThat(ev.externalSupply()).isEqualByComparingTo("115.2"); // 384 × 0.3
        assertThat(ev.comprehensive()).isEqualByComparingTo("1859.6736"); // 1741.728 + 233.1456 − 115.2
        assertThat(october.productShareMet()).isNull(); // no product items: not checked
        assertThat(october.items()).filteredOn(i -> i.dataCode().equals(DB36_GAS_RAW))
                .extracting(EnergyAccounting.ItemTce::role).containsOnly("RAW_MATERIAL");
    }

    @Test
    void theProductEnergyCheckFlagsAUnitBelowEightyPercentAndNotOneAbove() {
        Instant day = Instant.parse("2026-10-04T16:00:00Z"); // 2026-10-05
        // share-low: the product's process uses 5 of the plant's 10 kWh a slot (50 %); share-ok 9 of 10 (90 %)
        ingest.ingest(batch("share-low", merge(counter("e", day, 96, 10), counter("p1", day, 96, 5),
                counter("out", day, 96, 1))));
        ingest.ingest(batch("share-ok", merge(counter("e", day, 96, 10), counter("p1", day, 96, 9),
                counter("out", day, 96, 1))));
        rollup.runOnce();

        var low = accounting.accounts(new EnterpriseRef("share-low", USCC), 2, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-01")).getFirst();
        assertThat(low.productShareMet()).isFalse();
        assertThat(low.productShare()).isEqualByComparingTo("0.5");
        // 480 kWh × 0.1229 = 58.992 kgce for 96 t: 0.6145 kgce/t
        assertThat(low.products()).singleElement().satisfies(p -> {
            assertThat(p.output()).isEqualByComparingTo("96");
            assertThat(p.attributedKgce()).isEqualByComparingTo("58.992");
            assertThat(p.kgcePerUnit()).isEqualByComparingTo("0.6145");
        });
        var ok = accounting.accounts(new EnterpriseRef("share-ok", USCC), 2, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-01")).getFirst();
        assertThat(ok.productShareMet()).isTrue();
        assertThat(ok.productShare()).isEqualByComparingTo("0.9");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(received).filteredOn(a -> a.tenantId().equals("share-low"))
                    .singleElement().satisfies(a -> {
                        assertThat(a.type()).isEqualTo("PRODUCT_ENERGY_SHARE_LOW");
                        assertThat(a.state()).isEqualTo(AlarmEvent.State.RAISED);
                        assertThat(a.subject()).isEqualTo("2026-10");
                        assertThat(a.source()).isEqualTo("aggregator");
                    });
        });
        // a late slot of the month re-versions it and checks again: still below (960 + 10 vs 480 + 5), raised once
        Instant next = day.plus(Duration.ofDays(1));
        ingest.ingest(batch("share-low", merge(counter("e", next, 1, 10, 1960), counter("p1", next, 1, 5, 1480))));
        rollup.runOnce();
        poll();
        assertThat(received).filteredOn(a -> a.tenantId().equals("share-low")).hasSize(1);
        // two more days where the process takes all the plant's electricity: 480 + 5 + 1910 of 960 + 10 + 1910 kWh (83 %)
        ingest.ingest(batch("share-low", merge(counter("e", next.plus(SLOT), 191, 10, 1970),
                counter("p1", next.plus(SLOT), 191, 10, 1485))));
        rollup.runOnce();
        var cleared = accounting.accounts(new EnterpriseRef("share-low", USCC), 2, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-01")).getFirst();
        assertThat(cleared.productShareMet()).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(received).filteredOn(a -> a.tenantId().equals("share-low")).hasSize(2)
                    .last().satisfies(a -> {
                        assertThat(a.state()).isEqualTo(AlarmEvent.State.CLEARED);
                        assertThat(a.alarmId()).isEqualTo(received.stream()
                                .filter(r -> r.tenantId().equals("share-low")).findFirst().orElseThrow().alarmId());
                    });
        });
        rollup.runOnce();
        poll();
        assertThat(received).filteredOn(a -> a.tenantId().equals("share-low")).hasSize(2);
        assertThat(received).filteredOn(a -> a.tenantId().equals("share-ok")).isEmpty();
    }

    // --- helpers ---

    /** Readings of a counter at slots 0 … slots from t0, going up by {@code step} a slot. */
    private static List<Reading> counter(String point, Instant t0, int slots, long step) {
        return counter(point, t0, slots, step, 1000);
    }

    /** Readings of a counter at slots 0 … slots from t0, starting at {@code start}, going up by {@code step}. */
    private static List<Reading> counter(String point, Instant t0, int slots, long step, long start) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i <= slots; i++) {
            out.add(Reading.good(point, t0.plus(SLOT.multipliedBy(i)), BigDecimal.valueOf(start + step * i), 4));
        }
        return out;
    }

    @SafeVarargs
    private static List<Reading> merge(List<Reading>... lists) {
        List<Reading> out = new ArrayList<>();
        for (List<Reading> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    private static ReadingBatch batch(String tenant, List<Reading> readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, USCC, "test", readings.getLast().ts(), SLOT, readings);
    }

    private static void poll() {
        for (ConsumerRecord<String, byte[]> r : alarms.poll(Duration.ofMillis(500))) {
            AlarmEvent a = EventCodec.decode(r.value(), AlarmEvent.class);
            if (TENANTS.contains(a.tenantId())) {
                received.add(a);
            }
        }
    }

    /** The conversion of one value under a method, as text, with whether it belongs to the value's current version. */
    private Map<String, String> tce(String tenant, String code, int statType, Instant start, String method) {
        return jdbc.sql("""
                        select t.kgce, t.factor_key, t.factor_method, t.factor_effective_from, t.factor_origin,
                               t.factor_value, t.factor_unit, t.version = v.version
                          from item_value_tce t join item_value v
                            on v.tenant_id = t.tenant_id and v.enterprise_code = t.enterprise_code
                           and v.data_code = t.data_code and v.stat_type = t.stat_type and v.period_start = t.period_start
                         where t.tenant_id = ? and t.data_code = ? and t.stat_type = ? and t.period_start = ?
                           and t.method = ?
                        """)
                .params(tenant, code, statType, start.atOffset(ZoneOffset.UTC), method)
                .query((rs, i) -> Map.of("kgce", rs.getBigDecimal(1).stripTrailingZeros().toPlainString(),
                        "factor_key", rs.getString(2), "factor_method", rs.getString(3),
                        "factor_effective_from", rs.getString(4), "factor_origin", rs.getString(5),
                        "factor_value", rs.getBigDecimal(6).stripTrailingZeros().toPlainString(),
                        "factor_unit", rs.getString(7), "version_matches", String.valueOf(rs.getBoolean(8))))
                .single();
    }
}
