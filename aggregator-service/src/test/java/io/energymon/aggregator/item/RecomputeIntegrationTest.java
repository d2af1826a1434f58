package io.energymon.aggregator.item;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.testing.TestIdentityProvider;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A changed formula applies to the values after the change; a recomputation from a chosen date (over HTTP) applies
 * it to the past too, as new versions, and the day rollup follows; a second recomputation changes nothing.
 * Expected numbers by hand: the counter steps 2 kWh every quarter hour of one local day.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RecomputeIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String TENANT = "tenant-recompute";
    private static final String X = "0000000002330011";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    RollupJob rollup;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_recompute", CONFIG_TOPIC);
    }

    @Test
    void aChangedFormulaIsAppliedToThePastFromTheChosenDateAsNewVersions() throws Exception {
        configure(1, "[p]");
        Instant start = LocalDate.parse("2026-10-05").atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= 96; q++) {
            readings.add(Reading.good("p", start.plus(SLOT.multipliedBy(q)), BigDecimal.valueOf(500 + 2L * q), 4));
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), TENANT, A, "test", start, SLOT, readings));
        rollup.runOnce();
        assertThat(values(0)).containsOnlyKeys(new BigDecimal("2.00")).containsEntry(new BigDecimal("2.00"), 96L);
        assertThat(values(1)).containsExactly(Map.entry(new BigDecimal("192.00"), 1L));

        configure(2, "[p] * 2");
        HttpResponse<String> r = post("2026-10-05", "2026-10-06");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"days\":1").contains("\"periods\":96").contains("\"valuesChanged\":96");
        rollup.runOnce();
        assertThat(values(0)).containsExactly(Map.entry(new BigDecimal("4.00"), 96L));
        assertThat(versions(0)).containsExactly(2L);
        assertThat(values(1)).containsExactly(Map.entry(new BigDecimal("384.00"), 1L));
        assertThat(versions(1)).containsExactly(2L);

        assertThat(post("2026-10-05", "2026-10-06").body()).contains("\"valuesChanged\":0");
        assertThat(versions(0)).containsExactly(2L);
        assertThat(post("2025-01-01", "2026-10-06").statusCode()).isEqualTo(400); // more than 366 days
    }

    private void configure(long revision, String formula) {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, A, revision,
                    List.of(cumulative("p")), List.of(new ItemConfig(X, "electricity", List.of(0, 1), formula, 4, 1,
                            "kWh", null, null))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == revision);
    }

    /** value (2 decimals) → how many values of the stat type have it. */
    private Map<BigDecimal, Long> values(int statType) {
        Map<BigDecimal, Long> out = new java.util.TreeMap<>();
        jdbc.sql("select round(value, 2), count(*) from item_value where tenant_id = ? and stat_type = ? group by 1")
                .params(TENANT, statType).query((rs, i) -> out.put(rs.getBigDecimal(1), rs.getLong(2))).list();
        return out;
    }

    private List<Long> versions(int statType) {
        return jdbc.sql("select distinct version from item_value where tenant_id = ? and stat_type = ?")
                .params(TENANT, statType).query(Long.class).list();
    }

    private HttpResponse<String> post(String from, String to) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/" + TENANT
                            + "/enterprises/" + A + "/items/" + X + "/recompute?from=" + from + "&to=" + to))
                    .header("Authorization", "Bearer " + TestIdentityProvider.shared().service())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
