package io.energymon.aggregator.summary;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.Role;
import io.energymon.security.testing.TestIdentityProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The tenant summary of the group dashboard over HTTP on real PostgreSQL and Kafka. Tenant {@code tenant-summary} has
 * A (two full days of quarter hours, 2 kWh each), B (one day, 3 kWh each) and D (no data); another tenant has C. The
 * expected figures are worked out by hand: a day of A is 192 kWh, of B 288 kWh, times the GB/T 2589 reference factor
 * of electricity (calorific equivalent, 0.1229 kgce/kWh); a day with all its quarters computed before their period
 * ended (these days lie ahead) scores 1 on every quality index, a day without data 0.6 (completeness 0, every other
 * index with nothing to measure 1: 0.2 + 0.15 + 0.1 + 0.15).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TenantSummaryIntegrationTest {
    private static final String TENANT = "tenant-summary";
    private static final String OTHER_TENANT = "tenant-summary-other";
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360100MA35K8P158";
    private static final String D = "91360700MA37Q2W50Q";
    private static final String C = "91360100123456788W";
    private static final String X = "0000000002330011"; // whole-plant electricity consumption, kWh
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final BigDecimal FACTOR = new BigDecimal("0.1229");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean ingested;

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
        TestConfigs.registerInfra(r, "aggregator_summary", CONFIG_TOPIC);
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            for (String uscc : List.of(A, B, D)) {
                TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, uscc, 1,
                        List.of(cumulative("e")), List.of(TestConfigs.item(X, "[e]"))));
            }
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(OTHER_TENANT, C, 1,
                    List.of(cumulative("e")), List.of(TestConfigs.item(X, "[e]"))));
        }
    }

    private synchronized void ingested() {
        if (ingested) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(new EnterpriseRef(TENANT, A),
                new EnterpriseRef(TENANT, B), new EnterpriseRef(TENANT, D), new EnterpriseRef(OTHER_TENANT, C))
                .stream().allMatch(r -> catalog.enterprise(r).isPresent()));
        quarters(TENANT, A, LocalDate.parse("2027-07-01"), 2, 2);
        quarters(TENANT, B, LocalDate.parse("2027-07-02"), 1, 3);
        quarters(OTHER_TENANT, C, LocalDate.parse("2027-07-02"), 1, 5);
        rollup.runOnce();
        // active alarms: A two (and one cleared), D one, C one
        alarm(TENANT, A, false);
        alarm(TENANT, A, false);
        alarm(TENANT, A, true);
        alarm(TENANT, D, false);
        alarm(OTHER_TENANT, C, false);
        ingested = true;
    }

    @Test
    void theTenantAdminSeesEveryEnterpriseOfTheTenantWithItsFigures() {
        ingested();
        JsonNode summary = ok(TENANT, "?date=2027-07-02", TestIdentityProvider.shared().user(TENANT, Role.TENANT_ADMIN));
        assertThat(summary.path("tenantId").asString()).isEqualTo(TENANT);
        assertThat(summary.path("method").asString()).isEqualTo("CALORIFIC_EQUIVALENT");
        JsonNode list = summary.path("enterprises");
        assertThat(list).extracting(e -> e.path("enterpriseCode").asString()).containsExactly(B, A, D); // code order

        JsonNode a = list.get(1);
        assertThat(a.path("name").asString()).isEqualTo("示例 " + A);
        assertThat(a.path("date").asString()).isEqualTo("2027-07-02");
        assertThat(decimal(a, "dayKgce")).isEqualByComparingTo(new BigDecimal(192).multiply(FACTOR));
        assertThat(decimal(a, "monthToDateKgce")).isEqualByComparingTo(new BigDecimal(2 * 192).multiply(FACTOR));
        assertThat(decimal(a, "qualityComposite")).isEqualByComparingTo("1");
        assertThat(a.path("activeAlarms").asLong()).isEqualTo(2);

        JsonNode b = list.get(0);
        assertThat(decimal(b, "dayKgce")).isEqualByComparingTo(new BigDecimal(288).multiply(FACTOR));
        assertThat(decimal(b, "monthToDateKgce")).isEqualByComparingTo(new BigDecimal(288).multiply(FACTOR));
        assertThat(decimal(b, "qualityComposite")).isEqualByComparingTo("1");
        assertThat(b.path("activeAlarms").asLong()).isZero();

        JsonNode d = list.get(2);
        assertThat(d.path("dayKgce").isNull()).isTrue();
        assertThat(d.path("monthToDateKgce").isNull()).isTrue();
        assertThat(decimal(d, "qualityComposite")).isEqualByComparingTo("0.6");
        assertThat(d.path("activeAlarms").asLong()).isEqualTo(1);

        // the first day of A: its month to date is that day alone
        JsonNode first = ok(TENANT, "?date=2027-07-01", TestIdentityProvider.shared().user(TENANT, Role.TENANT_ADMIN))
                .path("enterprises").get(1);
        assertThat(first.path("enterpriseCode").asString()).isEqualTo(A);
        assertThat(decimal(first, "dayKgce")).isEqualByComparingTo(new BigDecimal(192).multiply(FACTOR));
        assertThat(decimal(first, "monthToDateKgce")).isEqualByComparingTo(new BigDecimal(192).multiply(FACTOR));
    }

    @Test
    void aUserOfOneEnterpriseSeesOnlyItAndAnotherTenantNothing() {
        ingested();
        JsonNode viewerOfB = ok(TENANT, "?date=2027-07-02", TestIdentityProvider.shared().user(TENANT, Role.VIEWER, B))
                .path("enterprises");
        assertThat(viewerOfB).hasSize(1);
        assertThat(viewerOfB.get(0).path("enterpriseCode").asString()).isEqualTo(B);

        // the service sees every enterprise of the tenant of the path, and only those
        JsonNode other = ok(OTHER_TENANT, "?date=2027-07-02", TestIdentityProvider.shared().service())
                .path("enterprises");
        assertThat(other).hasSize(1);
        assertThat(other.get(0).path("enterpriseCode").asString()).isEqualTo(C);
        assertThat(decimal(other.get(0), "dayKgce")).isEqualByComparingTo(new BigDecimal(480).multiply(FACTOR));
        assertThat(other.get(0).path("activeAlarms").asLong()).isEqualTo(1);

        // a tenant admin of another tenant: the tenant wall's 404, nothing of the tenant
        HttpResponse<String> foreign = get(TENANT, "?date=2027-07-02",
                TestIdentityProvider.shared().user(OTHER_TENANT, Role.TENANT_ADMIN));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(A).doesNotContain(B);

        assertThat(get(TENANT, "?date=2027-13-01", TestIdentityProvider.shared().service()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void withoutADateEachEnterprisesTodayInItsZone() {
        ingested();
        LocalDate before = LocalDate.now(ZONE);
        JsonNode list = ok(TENANT, "", TestIdentityProvider.shared().user(TENANT, Role.TENANT_ADMIN))
                .path("enterprises");
        LocalDate after = LocalDate.now(ZONE);
        assertThat(list).hasSize(3);
        for (JsonNode e : list) {
            assertThat(LocalDate.parse(e.path("date").asString())).isBetween(before, after);
            assertThat(e.path("dayKgce").isNull()).isTrue(); // no data today
        }
    }

    private void quarters(String tenant, String uscc, LocalDate first, int days, long step) {
        Instant start = first.atStartOfDay(ZONE).toInstant();
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= days * 96; q++) {
            readings.add(Reading.good("e", start.plus(SLOT.multipliedBy(q)), BigDecimal.valueOf(1000 + step * q), 4));
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), tenant, uscc, "test", start, SLOT, readings));
    }

    private void alarm(String tenant, String uscc, boolean cleared) {
        Instant raised = Instant.parse("2027-07-02T01:00:00Z");
        jdbc.sql("""
                        insert into alarm_history (alarm_id, tenant_id, enterprise_code, type, subject, message,
                                                   raised_at, cleared_at)
                        values (?, ?, ?, 'POINT_SILENT', 'e', '采集点 e 无数据 / point e silent', ?, ?)""")
                .params(UUID.randomUUID(), tenant, uscc, raised.atOffset(ZoneOffset.UTC),
                        cleared ? raised.plusSeconds(3600).atOffset(ZoneOffset.UTC) : null)
                .update();
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.path(field).asString());
    }

    private JsonNode ok(String tenant, String query, String token) {
        HttpResponse<String> r = get(tenant, query, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String tenant, String query, String token) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/" + tenant
                            + "/summary" + query)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
