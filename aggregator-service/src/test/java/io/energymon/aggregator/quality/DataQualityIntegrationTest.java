package io.energymon.aggregator.quality;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
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
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Data quality per day over HTTP on real PostgreSQL and Kafka: a complete day scores above a day with missing
 * real-time values. Expected figures are worked out by hand from the weights (0.4 completeness, 0.2 timeliness,
 * 0.15 consistency, 0.1 statDate alignment, 0.15 meters in verification): the days lie in the past, so values
 * computed now are late (timeliness 0), and one of the two meters is out of verification (0.5).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DataQualityIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String TENANT = "tenant-quality";
    private static final String X = "0000000002330011";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    RollupJob rollup;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_quality", CONFIG_TOPIC);
    }

    @Test
    void aDayWithMissingRealTimeValuesScoresBelowACompleteOne() throws Exception {
        EnterpriseConfig base = TestConfigs.enterprise(TENANT, A, 1, List.of(cumulative("e")), List.of());
        List<ItemConfig> items = List.of(new ItemConfig(X, "electricity", List.of(0, 1), "[e]", 4, 1, "kWh", null,
                null));
        List<MeterConfig> meters = List.of(
                new MeterConfig("170100001001", "in verification", null, null, "1", LocalDate.parse("2026-01-01"), 12,
                        null, "3300"),
                new MeterConfig("170100001002", "verification expired", null, null, "1", LocalDate.parse("2024-01-01"),
                        12, null, "3300"));
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, new EnterpriseConfig(TENANT, A, 1, base.updatedAt(),
                    base.profile(), null, null, null, meters, null, null, base.points(), items, null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == 1L);

        Instant start = LocalDate.parse("2026-10-01").atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= 192; q++) {
            if (q != 140) { // the second day loses one reading: two of its quarter hours have no value
                readings.add(Reading.good("e", start.plus(SLOT.multipliedBy(q)), BigDecimal.valueOf(1000 + 2L * q), 4));
            }
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), TENANT, A, "test", start, SLOT, readings));
        rollup.runOnce();

        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newHttpClient()) {
            r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/" + TENANT
                    + "/enterprises/" + A + "/quality?from=2026-10-01&to=2026-10-03"))
                    .header("Authorization", "Bearer " + TestIdentityProvider.shared().service()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode days = new ObjectMapper().readTree(r.body());
        assertThat(days).hasSize(2);
        JsonNode complete = days.get(0);
        JsonNode gappy = days.get(1);
        assertThat(complete.path("due").asLong()).isEqualTo(96);
        assertThat(complete.path("present").asLong()).isEqualTo(96);
        assertThat(gappy.path("present").asLong()).isEqualTo(94);
        assertThat(decimal(complete, "completeness")).isEqualByComparingTo("1");
        assertThat(decimal(gappy, "completeness")).isEqualByComparingTo("0.9792"); // 94 / 96
        assertThat(decimal(complete, "verification")).isEqualByComparingTo("0.5");
        assertThat(decimal(complete, "consistency")).isEqualByComparingTo("1");
        assertThat(decimal(complete, "composite")).isEqualByComparingTo("0.725"); // 0.4 + 0 + 0.15 + 0.1 + 0.075
        assertThat(decimal(gappy, "composite")).isEqualByComparingTo("0.7167"); // 0.4 × 0.9792 + 0.325
        assertThat(decimal(gappy, "composite")).isLessThan(decimal(complete, "composite"));
        assertThat(gappy.path("completenessTargetMet").asBoolean()).isTrue(); // ≥ 90 %
    }

    private static BigDecimal decimal(JsonNode day, String field) {
        return new BigDecimal(day.path(field).asString());
    }
}
