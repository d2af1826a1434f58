package io.energymon.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.gateway.GatewayApplication;
import io.energymon.gateway.testing.StubService;
import io.energymon.infra.keycloak.KeycloakServer;
import io.energymon.infra.keycloak.SharedKeycloak;
import io.energymon.infra.testing.SharedInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's routes (application.yml) against three stub services: every endpoint of the aggregator's and the
 * uploader's HTTP APIs (docs/architecture.md, "HTTP APIs between services") reaches that service, the portal's paths
 * that share their prefix (master data, workbook, audit, its own API, the UI) still reach the portal; method, path,
 * query string and body arrive unchanged with the caller's bearer token (a real Keycloak token). The security filters
 * stand in front of every route.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    private static final KeycloakServer KEYCLOAK = SharedKeycloak.get();
    private static final StubService AGGREGATOR = StubService.start("aggregator");
    private static final StubService UPLOADER = StubService.start("uploader");
    private static final StubService PORTAL = StubService.start("portal");
    private static final List<StubService> STUBS = List.of(AGGREGATOR, UPLOADER, PORTAL);
    // HTTP/1.1 as browsers speak it on plain http: the JDK client's default h2c upgrade attempt on a POST whose body
    // the gateway refuses unread (403) was seen to hang the exchange for good
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final String TENANT = "/api/v1/tenants/hongdu-group";
    private static final String E = TENANT + "/enterprises/91360100MA35K8P233";
    private static final String ITEM = "0000000002330011";
    private static final String POINT = "main-meter.active-energy";

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.client.provider.keycloak.issuer-uri", KEYCLOAK::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", KEYCLOAK::issuer);
        registry.add("spring.security.oauth2.client.registration.keycloak.client-secret",
                () -> KEYCLOAK.clientSecret(KeycloakServer.GATEWAY_CLIENT));
        registry.add("AGGREGATOR_URL", AGGREGATOR::url);
        registry.add("UPLOADER_URL", UPLOADER::url);
        registry.add("PORTAL_URL", PORTAL::url);
        registry.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopStubs() {
        STUBS.forEach(StubService::close);
    }

    /** A request and the stub it must reach; {@code pathAndQuery} as sent, percent-encoding included. */
    record Case(String method, String pathAndQuery, String body, StubService expected) {
        @Override
        public String toString() {
            return method + " " + pathAndQuery + " -> " + expected.name();
        }
    }

    private static Case get(String pathAndQuery, StubService expected) {
        return new Case("GET", pathAndQuery, null, expected);
    }

    static Stream<Case> routes() {
        String reupload = """
                {"platformId":"jiangxi-sim","dataCodes":["0000000002330011"],"statType":0,\
                "from":"2026-11-01T00:00:00","to":"2026-11-02T00:00:00","note":"补传"}""";
        return Stream.of(
                // aggregator-service: every endpoint of its API
                get(E + "/readings/latest", AGGREGATOR),
                get(E + "/item-values?statType=0&limit=50", AGGREGATOR),
                get(E + "/energy?statType=2&from=2026-10-01&to=2026-12-31", AGGREGATOR),
                get(E + "/series?dataCodes=0000000002330011%2C0000000002330012&dataCodes=0000000002330013"
                        + "&resolution=HOUR&from=2026-11-01&to=2026-11-02&measure=PHYSICAL", AGGREGATOR),
                get(E + "/items/" + ITEM + "/series?resolution=DAY&from=2026-11-01&to=2026-11-08"
                        + "&measure=CALORIFIC_EQUIVALENT", AGGREGATOR),
                get(E + "/points/" + POINT + "/series?period=15min&from=2026-11-01&to=2026-11-02", AGGREGATOR),
                get(E + "/energy-types/3300/series?period=day&from=2026-11-01&to=2026-11-08&unit=tce"
                        + "&method=EQUAL_VALUE", AGGREGATOR),
                get(E + "/processes/01/series?period=month&from=2026-01-01&to=2026-12-01&energyCode=3300", AGGREGATOR),
                new Case("POST", E + "/items/" + ITEM + "/recompute?from=2026-11-01&to=2026-11-03", null, AGGREGATOR),
                get(E + "/alarms?active=true&limit=100", AGGREGATOR),
                new Case("POST", E + "/alarms/6f1c2b3a-0000-4000-8000-000000000001/acknowledgement",
                        "{\"comment\":\"电表已检查\"}", AGGREGATOR),
                get(E + "/quality?from=2026-11-01&to=2026-11-08", AGGREGATOR),
                get(E + "/export?from=2026-11-01&to=2026-12-01&period=quarter&format=xlsx"
                        + "&dataCodes=0000000002330011%2C0000000002330012", AGGREGATOR),
                get(TENANT + "/summary?date=2026-11-23", AGGREGATOR),
                get(TENANT + "/summary", AGGREGATOR),
                // uploader-service: every endpoint of its API
                get(E + "/uploads?limit=50", UPLOADER),
                get(E + "/upload-attempts?limit=50", UPLOADER),
                get(E + "/platform-code-lists", UPLOADER),
                new Case("POST", E + "/uploads/reupload", reupload, UPLOADER),
                get(E + "/platforms/jiangxi-sim/reconciliation?from=2026-11-01T00:00:00&to=2026-11-02T00:00:00"
                        + "&dataCode=" + ITEM + "&statType=0", UPLOADER),
                // portal-service: master data under the same prefix, one segment away from the services' paths
                get(E, PORTAL),
                get(E + "/config", PORTAL),
                get(E + "/items", PORTAL),
                get(E + "/items/" + ITEM, PORTAL),
                get(E + "/items/" + ITEM + "/history", PORTAL),
                new Case("PUT", E + "/items/" + ITEM, "{\"version\":1,\"data\":{\"name\":\"总用电量\"}}", PORTAL),
                new Case("POST", E + "/items/" + ITEM + "/retire", "{}", PORTAL),
                get(E + "/items/series", PORTAL),
                get(E + "/processes/01", PORTAL),
                get(E + "/processes/01/history", PORTAL),
                get(E + "/points/" + POINT, PORTAL),
                get(E + "/points/" + POINT + "/history", PORTAL),
                get(E + "/meters/170100001001/events", PORTAL),
                get(E + "/workbook", PORTAL),
                get(E + "/csv/items", PORTAL),
                get(TENANT + "/audit?limit=20", PORTAL),
                get(TENANT, PORTAL),
                get("/api/portal/enterprises", PORTAL),
                get("/api/portal/tenants/hongdu-group/enterprises/91360100MA35K8P233/overview", PORTAL),
                get("/v3/api-docs", PORTAL),
                get("/", PORTAL),
                // near misses of the services' paths: not theirs
                get(E + "/readings", PORTAL),
                get(E + "/readings/latest/extra", PORTAL),
                get(E + "/series/extra", PORTAL),
                get(E + "/alarms/6f1c2b3a-0000-4000-8000-000000000001", PORTAL),
                get(E + "/uploads/all", PORTAL),
                get(E + "/platforms/jiangxi-sim", PORTAL),
                get(TENANT + "/readings/latest", PORTAL),
                get(TENANT + "/summary/extra", PORTAL),
                get(E + "/summary", PORTAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachPathReachesItsServiceWithMethodQueryBodyAndTokenUnchanged(Case c) throws Exception {
        String token = KEYCLOAK.token("hongdu-admin");
        Map<StubService, Integer> before = counts();

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.pathAndQuery()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.body() != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"stub\":\"" + c.expected().name() + "\"}");
        for (StubService stub : STUBS) {
            int expectedNew = stub == c.expected() ? 1 : 0;
            assertThat(stub.received()).as("requests at the %s stub", stub.name())
                    .hasSize(before.get(stub) + expectedNew);
        }
        StubService.Received received = c.expected().received().getLast();
        URI sent = URI.create(c.pathAndQuery());
        assertThat(received.method()).isEqualTo(c.method());
        assertThat(received.path()).isEqualTo(sent.getRawPath());
        assertThat(received.rawQuery()).isEqualTo(sent.getRawQuery());
        assertThat(received.body()).isEqualTo(c.body() == null ? "" : c.body());
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void everyRouteIsBehindTheGatewaysSecurity() throws Exception {
        for (String path : List.of(E + "/readings/latest", E + "/uploads", E + "/items/" + ITEM)) {
            Map<StubService, Integer> before = counts();
            URI uri = URI.create("http://127.0.0.1:" + port + path);

            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).contains("\"code\":\"UNAUTHENTICATED\"");

            HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer not-a-jwt").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).as(path).isEqualTo(401);

            // a write with neither a bearer token nor a session's CSRF token is refused by the CSRF filter
            HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).as(path).isEqualTo(403);
            assertThat(counts()).as("nothing reached a service").isEqualTo(before);

            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + KEYCLOAK.token("hongdu-admin")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(path).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
            assertThat(ok.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(ok.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
    }

    private static Map<StubService, Integer> counts() {
        return Map.of(AGGREGATOR, AGGREGATOR.received().size(), UPLOADER, UPLOADER.received().size(),
                PORTAL, PORTAL.received().size());
    }
}
