package io.energymon.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.ProcessConfig;
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
 * Point, energy-type and process series over HTTP on real PostgreSQL and Kafka (configuration over a config topic).
 * Readings run from 2027-06-30 22:00 to 2027-07-02 02:00 Shanghai time, so the local day 2027-07-01 is
 * 2027-06-30T16:00Z..2027-07-01T16:00Z with two hours of data on each side. Expected numbers are worked out by hand
 * from the readings: counter {@code e1} steps 1 kWh a quarter before the day, 2 during it and 5 after it; {@code e2}
 * steps 3 throughout; the process meter {@code p1} 1, its unit's meter {@code u1} 4, the unit's gas meter {@code g1}
 * 0.5 m3.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SeriesViewsIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360700MA37Q2W50Q";
    private static final String TENANT = "tenant-views";
    private static final String X1 = "0000000002330011"; // whole-plant electricity, consumption
    private static final String X2 = "0000000002330012"; // whole-plant electricity, use 12 (consumption here)
    private static final String XT = "0000000002330013"; // whole-plant electricity total, use 13 (not counted)
    private static final String P1 = "0100000002330011"; // process 01 electricity (scope 2)
    private static final String U1 = "0101000002330011"; // unit 01-01 electricity (scope 3, inside P1)
    private static final String G1 = "0101000001150011"; // unit 01-01 natural gas (scope 3, no process item)
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant DAY_START = Instant.parse("2027-06-30T16:00:00Z"); // 2027-07-01 00:00 Shanghai
    private static final Instant DAY_END = Instant.parse("2027-07-01T16:00:00Z");
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
        TestConfigs.registerInfra(r, "aggregator_views", CONFIG_TOPIC);
        r.add("energymon.aggregator.rollup-interval", () -> "PT1H");
        r.add("energymon.aggregator.energy.consumption-use-codes", () -> "11,12");
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise(A));
            TestConfigs.publish(producer, CONFIG_TOPIC, enterprise(B));
        }
    }

    private static EnterpriseConfig enterprise(String uscc) {
        List<PointConfig> points = List.of(counter("e1", "kWh"), counter("e2", "kWh"), counter("p1", "kWh"),
                counter("u1", "kWh"), counter("g1", "m3"),
                new PointConfig("power", "power", null, null, null, PointKind.INSTANTANEOUS, "kW", null, null, null,
                        null));
        List<ItemConfig> items = List.of(item(X1, "[e1]", 1, "kWh"), item(X2, "[e2]", 1, "kWh"),
                item(XT, "{" + X1 + "}+{" + X2 + "}", 1, "kWh"), item(P1, "[p1]", 2, "kWh"), item(U1, "[u1]", 3, "kWh"),
                item(G1, "[g1]", 3, "m3"));
        EnterpriseConfig base = TestConfigs.enterprise(TENANT, uscc, 1, points, items);
        return new EnterpriseConfig(TENANT, uscc, 1, base.updatedAt(), base.profile(),
                List.of(new ProcessConfig("01", "烧成 / firing")), null, null, null, null, null, points, items, null);
    }

    private static PointConfig counter(String id, String unit) {
        return new PointConfig(id, id, null, null, null, PointKind.CUMULATIVE, unit, null, null, null, null);
    }

    private static ItemConfig item(String code, String formula, int scope, String unit) {
        return new ItemConfig(code, "item " + code, List.of(0, 1, 2), formula, 4, scope, unit, null, null);
    }

    private synchronized void dataIngested() {
        if (ingested) {
            return;
        }
        for (String e : List.of(A, B)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, e))
                    .map(EnterpriseCatalog::revision).orElse(0L) == 1L);
        }
        Instant start = DAY_START.minus(Duration.ofHours(2));
        Instant end = DAY_END.plus(Duration.ofHours(2));
        List<Reading> readings = new ArrayList<>();
        BigDecimal e1 = BigDecimal.valueOf(1000);
        BigDecimal e2 = BigDecimal.valueOf(5000);
        BigDecimal p1 = BigDecimal.valueOf(100);
        BigDecimal u1 = BigDecimal.valueOf(200);
        BigDecimal g1 = BigDecimal.valueOf(300);
        for (Instant ts = start; !ts.isAfter(end); ts = ts.plus(SLOT)) {
            readings.add(Reading.good("e1", ts, e1, 4));
            readings.add(Reading.good("e2", ts, e2, 4));
            readings.add(Reading.good("p1", ts, p1, 4));
            readings.add(Reading.good("u1", ts, u1, 4));
            readings.add(Reading.good("g1", ts, g1, 4));
            // the step of the quarter starting at ts
            e1 = e1.add(BigDecimal.valueOf(ts.isBefore(DAY_START) ? 1 : ts.isBefore(DAY_END) ? 2 : 5));
            e2 = e2.add(BigDecimal.valueOf(3));
            p1 = p1.add(BigDecimal.ONE);
            u1 = u1.add(BigDecimal.valueOf(4));
            g1 = g1.add(new BigDecimal("0.5"));
        }
        // power: 10, 20, 30, 40 kW in the first local hour of the day; 50, 70 and a BAD reading in the second
        for (int q = 0; q < 4; q++) {
            readings.add(Reading.good("power", DAY_START.plus(SLOT.multipliedBy(q)), BigDecimal.valueOf(10L * (q + 1)),
                    4));
        }
        readings.add(Reading.good("power", DAY_START.plus(SLOT.multipliedBy(4)), BigDecimal.valueOf(50), 4));
        readings.add(Reading.good("power", DAY_START.plus(SLOT.multipliedBy(5)), BigDecimal.valueOf(70), 4));
        readings.add(Reading.bad("power", DAY_START.plus(SLOT.multipliedBy(6)), 4, "timeout"));
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), TENANT, A, "test", start, SLOT, readings));
        rollup.runOnce();
        ingested = true;
    }

    @Test
    void aCounterPointsLocalDayIsTheSumOfItsQuartersAndEndsAt16Z() {
        dataIngested();
        JsonNode days = ok(A, "points/e1/series?period=day&from=2027-06-30&to=2027-07-03");
        assertThat(days.path("unit").asString()).isEqualTo("kWh");
        assertThat(days.path("aggregate").asString()).isEqualTo("SUM");
        JsonNode periods = days.path("periods");
        assertThat(periods).hasSize(3);
        // 2027-06-30: only its last two hours (8 quarters of 1 kWh), not complete
        assertThat(periods.get(0).path("statDate").asString()).isEqualTo("2027-06-30T00:00:00");
        assertThat(decimal(periods.get(0).path("value"))).isEqualByComparingTo("8");
        assertThat(periods.get(0).path("complete").asBoolean()).isFalse();
        // 2027-07-01 starts at 16:00Z: 96 quarters of 2 kWh, none of the 1s before or the 5s after
        JsonNode day = periods.get(1);
        assertThat(day.path("periodStart").asString()).isEqualTo("2027-06-30T16:00:00Z");
        assertThat(decimal(day.path("value"))).isEqualByComparingTo("192");
        assertThat(day.path("complete").asBoolean()).isTrue();
        assertThat(day.path("samples").asInt()).isEqualTo(96);
        // 2027-07-02: its first two hours of 5 kWh quarters
        assertThat(decimal(periods.get(2).path("value"))).isEqualByComparingTo("40");
        assertThat(periods.get(2).path("complete").asBoolean()).isFalse();

        JsonNode quarters = ok(A, "points/e1/series?period=15min&from=2027-07-01&to=2027-07-02").path("periods");
        assertThat(quarters).hasSize(96);
        assertThat(quarters.get(0).path("periodStart").asString()).isEqualTo("2027-06-30T16:00:00Z");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode q : quarters) {
            assertThat(q.path("complete").asBoolean()).isTrue();
            sum = sum.add(decimal(q.path("value")));
        }
        assertThat(sum).isEqualByComparingTo(decimal(day.path("value")));

        JsonNode hours = ok(A, "points/e1/series?period=hour&from=2027-07-01&to=2027-07-02").path("periods");
        assertThat(hours).hasSize(24);
        assertThat(decimal(hours.get(23).path("value"))).isEqualByComparingTo("8");
    }

    @Test
    void anInstantaneousPointsHourIsTheAverageOfItsUsableReadings() {
        dataIngested();
        JsonNode series = ok(A, "points/power/series?period=hour&from=2027-07-01&to=2027-07-02");
        assertThat(series.path("aggregate").asString()).isEqualTo("AVERAGE");
        assertThat(series.path("unit").asString()).isEqualTo("kW");
        JsonNode first = series.path("periods").get(0);
        assertThat(decimal(first.path("value"))).isEqualByComparingTo("25"); // (10 + 20 + 30 + 40) / 4
        assertThat(first.path("samples").asInt()).isEqualTo(4);
        assertThat(first.path("complete").asBoolean()).isTrue();
        JsonNode second = series.path("periods").get(1);
        assertThat(decimal(second.path("value"))).isEqualByComparingTo("60"); // (50 + 70) / 2, the BAD one left out
        assertThat(second.path("samples").asInt()).isEqualTo(2);
        assertThat(second.path("complete").asBoolean()).isFalse();
        assertThat(series.path("periods").get(2).path("value").isNull()).isTrue();
    }

    @Test
    void anEnergyTypeSumsItsWholePlantItemsOnceAndConvertsToKgceWithTheRecordedFactor() {
        dataIngested();
        JsonNode day = ok(A, "energy-types/3300/series?period=day&from=2027-07-01&to=2027-07-02");
        assertThat(day.path("unit").asString()).isEqualTo("kWh");
        assertThat(day.path("items").findValuesAsString("dataCode")).containsExactly(X1, X2); // not the total XT
        // 96 × 2 + 96 × 3 kWh; with the total XT it would be twice that
        assertThat(decimal(day.path("periods").get(0).path("value"))).isEqualByComparingTo("480");
        assertThat(day.path("periods").get(0).path("complete").asBoolean()).isTrue();

        JsonNode hours = ok(A, "energy-types/3300/series?period=hour&from=2027-07-01&to=2027-07-02");
        assertThat(hours.path("periods")).hasSize(24);
        assertThat(decimal(hours.path("periods").get(0).path("value"))).isEqualByComparingTo("20"); // 4 × 2 + 4 × 3

        // GB/T 2589-2020 reference factor of electricity, calorific equivalent: 0.1229 kgce/kWh; 480 × 0.1229
        JsonNode kgce = ok(A, "energy-types/3300/series?period=day&from=2027-07-01&to=2027-07-02&unit=tce");
        assertThat(kgce.path("unit").asString()).isEqualTo("kgce");
        assertThat(decimal(kgce.path("periods").get(0).path("value"))).isEqualByComparingTo("58.992");
        assertThat(kgce.path("periods").get(0).path("factors").asString())
                .isEqualTo("electricity@2021-04-01 REFERENCE");
    }

    @Test
    void aProcessSumsItsOwnItemsPerEnergyTypeOrElseItsUnits() {
        dataIngested();
        // electricity from the process item P1 only (96 × 1 kWh; U1 is inside it), gas from the unit item G1 (48 m3):
        // 96 × 0.1229 + 48 × 1.2143 kgce
        JsonNode kgce = ok(A, "processes/01/series?period=day&from=2027-07-01&to=2027-07-02&unit=tce");
        assertThat(kgce.path("items").findValuesAsString("dataCode")).containsExactlyInAnyOrder(P1, G1);
        assertThat(decimal(kgce.path("periods").get(0).path("value"))).isEqualByComparingTo("70.0848");

        JsonNode electricity = ok(A, "processes/01/series?period=day&from=2027-07-01&to=2027-07-02&energyCode=3300");
        assertThat(electricity.path("unit").asString()).isEqualTo("kWh");
        assertThat(decimal(electricity.path("periods").get(0).path("value"))).isEqualByComparingTo("96");

        JsonNode gas = ok(A, "processes/01/series?period=15min&from=2027-07-01&to=2027-07-02&energyCode=1500");
        assertThat(gas.path("unit").asString()).isEqualTo("m3");
        assertThat(gas.path("periods")).hasSize(96);
        assertThat(decimal(gas.path("periods").get(0).path("value"))).isEqualByComparingTo("0.5");

        assertThat(status(A, "processes/01/series?period=day&from=2027-07-01&to=2027-07-02")).isEqualTo(400);
    }

    @Test
    void anotherEnterprisesPathGetsNoneOfThisEnterprisesData() {
        dataIngested();
        for (String path : List.of("points/e1/series?period=day&from=2027-07-01&to=2027-07-02",
                "energy-types/3300/series?period=day&from=2027-07-01&to=2027-07-02&unit=tce",
                "processes/01/series?period=day&from=2027-07-01&to=2027-07-02&unit=tce")) {
            JsonNode periods = ok(B, path).path("periods");
            assertThat(periods).hasSize(1);
            assertThat(periods.get(0).path("value").isNull()).as(path).isTrue();
            HttpResponse<String> otherTenant = get("/api/v1/tenants/tenant-other/enterprises/" + A + "/" + path);
            assertThat(otherTenant.statusCode()).isEqualTo(404);
            assertThat(otherTenant.body()).contains("不存在").contains("not found");
        }
    }

    @Test
    void unknownNamesAre404AndBadArgumentsAre400SayingWhatIsWrong() {
        dataIngested();
        assertThat(status(A, "points/nope/series?period=day&from=2027-07-01&to=2027-07-02")).isEqualTo(404);
        assertThat(status(A, "energy-types/1200/series?period=day&from=2027-07-01&to=2027-07-02")).isEqualTo(404);
        assertThat(status(A, "processes/02/series?period=day&from=2027-07-01&to=2027-07-02")).isEqualTo(404);
        HttpResponse<String> week = get(base(A) + "points/e1/series?period=week&from=2027-07-01&to=2027-07-02");
        assertThat(week.statusCode()).isEqualTo(400);
        assertThat(week.body()).contains("period").contains("week").contains("15min|hour|day|month|year");
        HttpResponse<String> tooLong = get(base(A) + "energy-types/3300/series?period=15min&from=2027-07-01"
                + "&to=2027-09-01");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 31 days");
        assertThat(status(A, "points/e1/series?period=day&from=2027-07-02&to=2027-07-01")).isEqualTo(400);
        assertThat(status(A, "energy-types/3300/series?period=day&from=2027-07-01&to=2027-07-02&unit=joule"))
                .isEqualTo(400);
        assertThat(status(A, "energy-types/33/series?period=day&from=2027-07-01&to=2027-07-02")).isEqualTo(400);
        assertThat(status(A, "processes/01/series?period=day&from=2027-07-01")).isEqualTo(400);
    }

    @Test
    void theSeriesViewsAreDescribedByOpenApi() {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body())
                .contains("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/points/{pointId}/series")
                .contains("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/energy-types/{energyCode}/series")
                .contains("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/processes/{processCode}/series");
    }

    private static BigDecimal decimal(JsonNode n) {
        return new BigDecimal(n.asString());
    }

    private static String base(String enterprise) {
        return "/api/v1/tenants/" + TENANT + "/enterprises/" + enterprise + "/";
    }

    private JsonNode ok(String enterprise, String path) {
        HttpResponse<String> r = get(base(enterprise) + path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String enterprise, String path) {
        HttpResponse<String> r = get(base(enterprise) + path);
        assertThat(r.body()).contains(" / "); // bilingual
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
