package io.energymon.aggregator.ingest;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static io.energymon.aggregator.config.TestConfigs.instantaneous;
import static io.energymon.aggregator.config.TestConfigs.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.Quality;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Data item values computed by the items' formulas from {@code config.v1}: several points, items over items,
 * instantaneous points, division by zero, a formula changed while running, enterprises without configuration or
 * retired, and tenants kept apart. Each test owns its tenant, so the tests pass in any order. Expected numbers are worked out by
 * hand from the readings (consumption = difference of consecutive readings one slot apart).
 */
@SpringBootTest
@ActiveProfiles("test")
class FormulaItemsIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");
    private static final Instant T1 = T0.plus(SLOT);
    private static final Instant T2 = T1.plus(SLOT);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final String X = "0000000002330011";
    private static final String Y = "0000000002330012";
    private static final String Z = "0000000002330013";

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_formula", CONFIG_TOPIC);
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
    void aFormulaOverTwoPointsHasAValueOnlyOnceBothIntervalsExistAndAnItemOverItFollows() {
        configure("tenant-sum", 1, List.of(cumulative("a"), cumulative("b")),
                List.of(item(X, "[a] + [b]"), item(Y, "{" + X + "} * 2"), item(Z, "[a] / [b]")));

        var first = ingest.ingest(batch("tenant-sum", good("a", T0, "100"), good("a", T1, "105")));
        assertThat(first.intervalsWritten()).isEqualTo(1);
        assertThat(first.itemValuesChanged()).isZero(); // [b] has no interval yet
        assertThat(value("tenant-sum", X, T0)).isNull();
        assertThat(value("tenant-sum", Y, T0)).isNull();

        var second = ingest.ingest(batch("tenant-sum", good("b", T0, "10"), good("b", T1, "13")));
        assertThat(second.itemValuesChanged()).isEqualTo(3);
        assertThat(value("tenant-sum", X, T0)).isEqualByComparingTo("8"); // 5 + 3
        assertThat(value("tenant-sum", Y, T0)).isEqualByComparingTo("16"); // {X} * 2
        assertThat(value("tenant-sum", Z, T0)).isCloseTo(new BigDecimal("1.6666666667"), within(new BigDecimal("1e-9")));

        // division by zero: that item has no value (logged), the others of the same batch do
        var third = ingest.ingest(batch("tenant-sum", good("a", T2, "112"), good("b", T2, "13")));
        assertThat(third.itemValuesChanged()).isEqualTo(2);
        assertThat(value("tenant-sum", X, T1)).isEqualByComparingTo("7"); // 7 + 0
        assertThat(value("tenant-sum", Y, T1)).isEqualByComparingTo("14");
        assertThat(value("tenant-sum", Z, T1)).isNull();

        // both points corrected in one batch: each item gets one new version per period, not one per point
        var fourth = ingest.ingest(batch("tenant-sum", good("a", T1, "106"), good("b", T1, "12.5")));
        assertThat(value("tenant-sum", X, T0)).isEqualByComparingTo("8.5"); // 6 + 2.5
        assertThat(value("tenant-sum", X, T1)).isEqualByComparingTo("6.5"); // 6 + 0.5
        assertThat(value("tenant-sum", Z, T1)).isEqualByComparingTo("12"); // 6 / 0.5
        assertThat(version("tenant-sum", X, T0)).isEqualTo(2);
        assertThat(version("tenant-sum", X, T1)).isEqualTo(2);
        assertThat(version("tenant-sum", Y, T0)).isEqualTo(2);
        assertThat(version("tenant-sum", Z, T1)).isEqualTo(1);
        assertThat(fourth.itemValuesChanged()).isEqualTo(6); // X, Y, Z for T0 and T1
    }

    @Test
    void anItemOverAnotherItemUsesItsStoredValueWhenOnlyItsOwnPointChanges() {
        configure("tenant-chain", 1, List.of(cumulative("a"), cumulative("b")),
                List.of(item(X, "[a]"), item(Y, "{" + X + "} + [b]")));
        ingest.ingest(batch("tenant-chain", good("a", T0, "0"), good("a", T1, "4")));
        assertThat(value("tenant-chain", X, T0)).isEqualByComparingTo("4");
        assertThat(value("tenant-chain", Y, T0)).isNull();

        ingest.ingest(batch("tenant-chain", good("b", T0, "1"), good("b", T1, "2")));
        assertThat(value("tenant-chain", Y, T0)).isEqualByComparingTo("5"); // stored {X} 4 + [b] 1
        assertThat(version("tenant-chain", X, T0)).isEqualTo(1);
    }

    @Test
    void anInstantaneousPowerIsIntegratedOverItsQuarterFromItsUsableReadingAndGetsNoIntervals() {
        // [pw] in kW stands for its integral over the period: 40 kW held for 15 minutes is 10 kWh
        configure("tenant-inst", 1, List.of(instantaneous("pw")), List.of(item(X, "[pw]")));
        ingest.ingest(batch("tenant-inst", good("pw", T0, "40")));
        ingest.ingest(batch("tenant-inst", Reading.bad("pw", T1, 4, "timeout")));
        ingest.ingest(batch("tenant-inst", new Reading("pw", T2, new BigDecimal("8"), Quality.UNCERTAIN, 4, null)));

        assertThat(value("tenant-inst", X, T0)).isEqualByComparingTo("10");
        assertThat(value("tenant-inst", X, T1)).isNull();
        assertThat(value("tenant-inst", X, T2)).isEqualByComparingTo("2");
        assertThat(count("interval_consumption", "tenant-inst")).isZero();
    }

    @Test
    void aChangedFormulaChangesTheNextValuesAndLeavesTheEarlierOnesAlone() {
        configure("tenant-rev", 1, List.of(cumulative("p")), List.of(item(X, "[p]")));
        ingest.ingest(batch("tenant-rev", good("p", T0, "100"), good("p", T1, "110")));
        assertThat(value("tenant-rev", X, T0)).isEqualByComparingTo("10");

        configure("tenant-rev", 2, List.of(cumulative("p")), List.of(item(X, "[p] * 2")));
        ingest.ingest(batch("tenant-rev", good("p", T2, "125")));

        assertThat(value("tenant-rev", X, T1)).isEqualByComparingTo("30"); // 2 × (125 - 110)
        assertThat(value("tenant-rev", X, T0)).isEqualByComparingTo("10");
        assertThat(version("tenant-rev", X, T0)).isEqualTo(1);
    }

    @Test
    void aReadingOfAnotherTenantNeverFeedsThisTenantsItems() {
        configure("tenant-x", 1, List.of(cumulative("p")), List.of(item(X, "[p]")));
        // same enterprise code and point id, another tenant without configuration: stored, nothing derived
        var other = ingest.ingest(batch("tenant-y", good("p", T0, "1000"), good("p", T1, "1500")));
        assertThat(other).isEqualTo(new ReadingIngestService.Result(2, 0, 0));
        assertThat(count("reading", "tenant-y")).isEqualTo(2);
        assertThat(value("tenant-x", X, T0)).isNull();
        assertThat(value("tenant-y", X, T0)).isNull();

        ingest.ingest(batch("tenant-x", good("p", T1, "7")));
        ingest.ingest(batch("tenant-x", good("p", T0, "5")));
        assertThat(value("tenant-x", X, T0)).isEqualByComparingTo("2");
        assertThat(count("interval_consumption", "tenant-y")).isZero();
    }

    @Test
    void readingsBeforeTheirEnterprisesConfigurationAreStoredAndItemsStartWithTheNextReading() {
        ingest.ingest(batch("tenant-late", good("p", T0, "100"), good("p", T1, "103")));
        assertThat(count("reading", "tenant-late")).isEqualTo(2);
        assertThat(count("interval_consumption", "tenant-late")).isZero();

        configure("tenant-late", 1, List.of(cumulative("p")), List.of(item(X, "[p]")));
        ingest.ingest(batch("tenant-late", good("p", T2, "109")));

        assertThat(value("tenant-late", X, T1)).isEqualByComparingTo("6"); // from the stored reading at T1
        assertThat(value("tenant-late", X, T0)).isNull(); // left to a recomputation
    }

    @Test
    void aRetiredEnterprisesReadingsAreStoredWithoutItems() {
        configure("tenant-gone", 1, List.of(cumulative("p")), List.of(item(X, "[p]")));
        ingest.ingest(batch("tenant-gone", good("p", T0, "1"), good("p", T1, "2")));
        assertThat(value("tenant-gone", X, T0)).isEqualByComparingTo("1");

        TestConfigs.retire(producer, CONFIG_TOPIC, "tenant-gone", A);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef("tenant-gone", A)).isEmpty());
        var r = ingest.ingest(batch("tenant-gone", good("p", T2, "4")));
        assertThat(r).isEqualTo(new ReadingIngestService.Result(1, 0, 0));
        assertThat(value("tenant-gone", X, T1)).isNull();
    }

    private void configure(String tenant, long revision, List<PointConfig> points, List<ItemConfig> items) {
        EnterpriseConfig cfg = TestConfigs.enterprise(tenant, A, revision, points, items);
        TestConfigs.publish(producer, CONFIG_TOPIC, cfg);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(tenant, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == revision);
    }

    private static Reading good(String point, Instant ts, String value) {
        return Reading.good(point, ts, new BigDecimal(value), 4);
    }

    private static ReadingBatch batch(String tenant, Reading... readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, A, "test", readings[readings.length - 1].ts(), SLOT,
                List.of(readings));
    }

    private BigDecimal value(String tenant, String dataCode, Instant periodStart) {
        return jdbc.sql("select value from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(tenant, A, dataCode, periodStart.atOffset(ZoneOffset.UTC))
                .query(BigDecimal.class).optional().orElse(null);
    }

    private long version(String tenant, String dataCode, Instant periodStart) {
        return jdbc.sql("select version from item_value where tenant_id = ? and enterprise_code = ? and data_code = ? "
                        + "and stat_type = 0 and period_start = ?")
                .params(tenant, A, dataCode, periodStart.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    }

    private long count(String table, String tenant) {
        return jdbc.sql("select count(*) from " + table + " t join series s using (series_id) where s.tenant_id = ?")
                .param(tenant).query(Long.class).single();
    }
}
