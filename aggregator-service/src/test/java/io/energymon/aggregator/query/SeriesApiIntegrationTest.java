package io.energymon.aggregator.query;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
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
import org.junit.jupiter.api.BeforeAll;
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
 * The series API over HTTP on real PostgreSQL and Kafka: one local day of quarter-hour counter readings, read back
 * per quarter, hour and day, in kWh and in kgce with the GB/T 2589 factor, and the errors of bad requests and of
 * another tenant's path; several items in one request. Expected numbers are worked out by hand: the counter steps
 * 2 kWh every quarter hour (item Y is twice the counter).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SeriesApiIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String TENANT = "tenant-series";
    private static final String X = "0000000002330011"; // whole-plant electricity consumption
    private static final String Y = "0000000002330012"; // twice the same counter
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final LocalDate DAY = LocalDate.parse("2027-07-01");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean ingested;

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
        TestConfigs.registerInfra(r, "aggregator_series", CONFIG_TOPIC);
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, A, 1, List.of(cumulative("e")),
                    List.of(TestConfigs.item(X, "[e]"), TestConfigs.item(Y, "[e] * 2"))));
        }
    }

    private synchronized void dayIngested() {
        if (ingested) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == 1L);
        Instant start = DAY.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= 96; q++) {
            readings.add(Reading.good("e", start.plus(SLOT.multipliedBy(q)), BigDecimal.valueOf(1000 + 2L * q), 4));
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), TENANT, A, "test", start, SLOT, readings));
        rollup.runOnce();
        ingested = true;
    }

    @Test
    void aDayOfQuartersReadsBackPerQuarterHourAndDayInKwhAndKgce() {
        dayIngested();
        JsonNode quarters = ok("items/" + X + "/series?resolution=QUARTER&from=2027-07-01&to=2027-07-02");
        assertThat(quarters.path("unit").asString()).isEqualTo("kWh");
        assertThat(quarters.path("points")).hasSize(96);
        assertThat(quarters.path("points").get(0).path("statDate").asString()).isEqualTo("2027-07-01T00:00:00");
        assertThat(new BigDecimal(quarters.path("points").get(0).path("value").asString())).isEqualByComparingTo("2");

        JsonNode hours = ok("items/" + X + "/series?resolution=HOUR&from=2027-07-01&to=2027-07-02");
        assertThat(hours.path("points")).hasSize(24);
        for (JsonNode h : hours.path("points")) {
            assertThat(new BigDecimal(h.path("value").asString())).isEqualByComparingTo("8");
            assertThat(h.path("valid").asBoolean()).isTrue();
        }

        JsonNode day = ok("items/" + X + "/series?resolution=DAY&from=2027-07-01&to=2027-07-02");
        assertThat(day.path("points")).hasSize(1);
        assertThat(new BigDecimal(day.path("points").get(0).path("value").asString())).isEqualByComparingTo("192");

        // GB/T 2589-2020 reference factor of electricity, calorific equivalent: 0.1229 kgce/kWh
        JsonNode kgce = ok("items/" + X + "/series?resolution=DAY&from=2027-07-01&to=2027-07-02"
                + "&measure=CALORIFIC_EQUIVALENT");
        assertThat(kgce.path("unit").asString()).isEqualTo("kgce");
        assertThat(new BigDecimal(kgce.path("points").get(0).path("value").asString()))
                .isEqualByComparingTo("23.5968");
        assertThat(kgce.path("points").get(0).path("factor").asString()).contains("REFERENCE");
    }

    @Test
    void badRequestsSayWhatIsWrongAndAnotherTenantsPathFindsNothing() {
        dayIngested();
        assertThat(status("items/" + X + "/series?resolution=QUARTER&from=2027-07-01&to=2027-09-01"))
                .isEqualTo(400); // more than 31 days of quarter hours
        assertThat(status("items/" + X + "/series?resolution=WEEK&from=2027-07-01&to=2027-07-02")).isEqualTo(400);
        assertThat(status("items/" + X + "/series?resolution=DAY&from=2027-07-02&to=2027-07-01")).isEqualTo(400);
        assertThat(status("items/" + X + "/series?resolution=DAY&from=2027-07-01")).isEqualTo(400);
        assertThat(status("items/0000000002330099/series?resolution=DAY&from=2027-07-01&to=2027-07-02"))
                .isEqualTo(404);
        HttpResponse<String> other = get("/api/v1/tenants/tenant-other/enterprises/" + A + "/items/" + X
                + "/series?resolution=DAY&from=2027-07-01&to=2027-07-02");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("不存在").contains("not found").doesNotContain("192");
    }

    @Test
    void severalItemsInOneRequestReadAsTheirSeriesOneByOneInTheOrderAsked() {
        dayIngested();
        JsonNode days = ok("series?dataCodes=" + Y + "," + X + "&resolution=DAY&from=2027-07-01&to=2027-07-02");
        assertThat(days).hasSize(2);
        assertThat(days.get(0).path("dataCode").asString()).isEqualTo(Y);
        assertThat(days.get(1).path("dataCode").asString()).isEqualTo(X);
        assertThat(new BigDecimal(days.get(0).path("points").get(0).path("value").asString()))
                .isEqualByComparingTo("384");
        assertThat(new BigDecimal(days.get(1).path("points").get(0).path("value").asString()))
                .isEqualByComparingTo("192");

        // the same JSON per item as the single-item endpoint, at every resolution and in kgce; repeated codes once
        for (String q : List.of("resolution=QUARTER&from=2027-07-01&to=2027-07-02",
                "resolution=HOUR&from=2027-06-30&to=2027-07-03", "resolution=DAY&from=2027-06-01&to=2027-08-01",
                "resolution=MONTH&from=2027-01-01&to=2028-01-01",
                "resolution=DAY&from=2027-07-01&to=2027-07-02&measure=CALORIFIC_EQUIVALENT")) {
            JsonNode both = ok("series?dataCodes=" + X + "&dataCodes=" + Y + "&dataCodes=" + X + "&" + q);
            assertThat(both).hasSize(2);
            assertThat(both.get(0)).isEqualTo(ok("items/" + X + "/series?" + q));
            assertThat(both.get(1)).isEqualTo(ok("items/" + Y + "/series?" + q));
        }
        assertThat(ok("series?dataCodes=" + X + "&resolution=HOUR&from=2027-07-01&to=2027-07-02")
                .get(0).path("points")).hasSize(24);
    }

    @Test
    void severalItemsBadRequestsAndAnotherTenantsPath() {
        dayIngested();
        assertThat(status("series?dataCodes=" + X + ",0000000002330099&resolution=DAY&from=2027-07-01&to=2027-07-02"))
                .isEqualTo(404);
        assertThat(status("series?resolution=DAY&from=2027-07-01&to=2027-07-02")).isEqualTo(400);
        assertThat(status("series?dataCodes=" + "x,".repeat(SeriesController.MAX_ITEMS + 1)
                + "&resolution=DAY&from=2027-07-01&to=2027-07-02")).isEqualTo(400);
        assertThat(status("series?dataCodes=" + X + "&resolution=QUARTER&from=2027-07-01&to=2027-09-01"))
                .isEqualTo(400);
        HttpResponse<String> other = get("/api/v1/tenants/tenant-other/enterprises/" + A + "/series?dataCodes=" + X
                + "&resolution=DAY&from=2027-07-01&to=2027-07-02");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("不存在").contains("not found").doesNotContain("192");
    }

    @Test
    void theSeriesApiIsDescribedByOpenApi() {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/items/{dataCode}/series")
                .contains("QUARTER")
                .contains("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/series").contains("dataCodes");
    }

    private JsonNode ok(String path) {
        HttpResponse<String> r = get("/api/v1/tenants/" + TENANT + "/enterprises/" + A + "/" + path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String path) {
        HttpResponse<String> r = get("/api/v1/tenants/" + TENANT + "/enterprises/" + A + "/" + path);
        if (r.statusCode() == 400) {
            assertThat(r.body()).contains(" / "); // bilingual
        }
        return r.statusCode();
    }

    private HttpResponse<String> get(String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TestIdentityProvider.shared().service()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
