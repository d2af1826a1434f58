package io.energymon.portal.collectorstatus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.energymon.portal.Api;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The collector-status endpoint against three stand-ins for collectors: one that answers (and, like the real
 * collector's actuator, admits only a valid service token of the realm: signature, issuer, expiry, audience, role
 * service), one that accepts the connection but never answers, one that refuses connections. Only the devices of the
 * caller's tenant and enterprise come back; the two others are listed as unreachable.
 */
class CollectorStatusIntegrationTest extends PortalTestBase {
    private static final String TENANT = "collector-status";
    private static final String OTHER_TENANT = "collector-status-other";
    private static final String PORTAL_CLIENT = "energymon-portal-service";
    /** What the answering collector saw: the bearer tokens it got, accepted or not. */
    private static final List<Jwt> ACCEPTED = new CopyOnWriteArrayList<>();
    private static final List<String> REFUSED = new CopyOnWriteArrayList<>();
    private static final HttpServer ANSWERING = answering();
    private static final HttpServer SILENT = silent();
    private static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void collectors(DynamicPropertyRegistry r) {
        r.add("energymon.portal.collectors.urls", () -> String.join(",", url(ANSWERING), url(SILENT),
                "http://127.0.0.1:" + CLOSED_PORT));
        r.add("energymon.portal.collectors.timeout", () -> "PT1S");
        r.add("energymon.security.client-secret", () -> IDP.clientSecret(PORTAL_CLIENT));
    }

    @AfterAll
    static void stop() {
        ANSWERING.stop(0);
        SILENT.stop(0);
    }

    @Test
    void aViewerGetsOnlyItsEnterprisesDevicesFetchedWithThePortalsServiceTokenAndTheUnreachableCollectors() {
        Api api = api();
        String path = Plants.tenantWithEnterprise(api, TENANT, Plants.USCC_A) + "/collector-status";
        int tokensBefore = IDP.tokensIssued(PORTAL_CLIENT);
        String viewerToken = IDP.user(TENANT, Role.VIEWER, Plants.USCC_A);

        Api.Response r = api.as(() -> viewerToken).get(path);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("tenantId").asString()).isEqualTo(TENANT);
        assertThat(body.path("enterpriseCode").asString()).isEqualTo(Plants.USCC_A);
        assertThat(body.path("devices").valueStream().map(d -> d.path("deviceId").asString()).toList())
                .containsExactlyInAnyOrder("main-meter", "boiler-opcua");
        JsonNode defective = body.path("devices").valueStream()
                .filter(d -> d.path("deviceId").asString().equals("boiler-opcua")).findFirst().orElseThrow();
        assertThat(defective.path("collectorId").asString()).isEqualTo("plant-collector");
        assertThat(defective.path("state").asString()).isEqualTo("DEFECTIVE");
        assertThat(defective.path("consecutiveFailures").asInt()).isEqualTo(3);
        assertThat(defective.path("lastError").asString()).isEqualTo("connection refused");
        assertThat(defective.path("protocol").asString()).isEqualTo("OPC_UA");
        assertThat(defective.has("tenantId")).isFalse();
        assertThat(body.path("states").path("ONLINE").asInt()).isEqualTo(1);
        assertThat(body.path("states").path("RETRYING").asInt()).isZero();
        assertThat(body.path("states").path("DEFECTIVE").asInt()).isEqualTo(1);
        // nothing of the other enterprise of the tenant, nor of another tenant's enterprise with the same code
        assertThat(r.text()).doesNotContain("other-enterprise-meter").doesNotContain("other-tenant-meter");

        assertThat(body.path("unreachable").valueStream().map(u -> u.path("collector").asString()).toList())
                .containsExactly(url(SILENT), "http://127.0.0.1:" + CLOSED_PORT);
        // the silent one would answer after 3 s: the 1 s timeout cut it off
        assertThat(body.path("unreachable").get(0).path("reason").asString()).contains("no answer within 1000 ms");
        assertThat(body.path("unreachable").get(1).path("reason").asString())
                .contains("cannot connect to the collector");

        // the collector got the portal's own service token, never the viewer's
        assertThat(REFUSED).isEmpty();
        assertThat(ACCEPTED).isNotEmpty().allSatisfy(jwt -> {
            assertThat(jwt.getClaimAsString("azp")).isEqualTo(PORTAL_CLIENT);
            assertThat(jwt.getClaimAsMap("realm_access").get("roles")).isEqualTo(List.of("service"));
            assertThat(jwt.getTokenValue()).isNotEqualTo(viewerToken);
        });

        // a second request, by the manager of the enterprise, reuses the cached service token
        assertThat(api.as(() -> IDP.user(TENANT, Role.ENTERPRISE_MANAGER, Plants.USCC_A)).get(path).status())
                .isEqualTo(200);
        assertThat(IDP.tokensIssued(PORTAL_CLIENT) - tokensBefore).isEqualTo(1);
        assertThat(ACCEPTED.stream().map(Jwt::getTokenValue).distinct()).hasSize(1);
    }

    @Test
    void anEnterpriseNotInMasterDataOrOfAnotherTenantIsNotFound() {
        Api api = api();
        Plants.tenantWithEnterprise(api, OTHER_TENANT, Plants.USCC_A);
        String unknown = "/api/v1/tenants/" + OTHER_TENANT + "/enterprises/" + Plants.USCC_B + "/collector-status";
        assertThat(api.as(() -> IDP.user(OTHER_TENANT, Role.TENANT_ADMIN)).get(unknown).status()).isEqualTo(404);

        String foreign = "/api/v1/tenants/" + OTHER_TENANT + "/enterprises/" + Plants.USCC_A + "/collector-status";
        assertThat(api.as(() -> IDP.user(TENANT, Role.TENANT_ADMIN, Plants.USCC_A)).get(foreign).status())
                .isEqualTo(404);
    }

    /** A collector's devices report: two devices of the enterprise, one of another enterprise, one of another tenant. */
    private static String report() {
        return """
                {"collectorId":"plant-collector","states":{"ONLINE":3,"RETRYING":0,"DEFECTIVE":1},"devices":[
                 {"tenantId":"%1$s","enterpriseCode":"%2$s","deviceId":"main-meter","protocol":"MODBUS_TCP",
                  "points":4,"state":"ONLINE","stateSince":"2026-11-24T08:00:00Z","consecutiveFailures":0,
                  "nextAttempt":null,"lastSuccess":"2026-11-24T09:45:00Z","lastFailure":null,"lastError":null},
                 {"tenantId":"%1$s","enterpriseCode":"%2$s","deviceId":"boiler-opcua","protocol":"OPC_UA",
                  "points":2,"state":"DEFECTIVE","stateSince":"2026-11-24T09:00:00Z","consecutiveFailures":3,
                  "nextAttempt":"2026-11-24T09:50:00Z","lastSuccess":null,"lastFailure":"2026-11-24T09:45:00Z",
                  "lastError":"connection refused"},
                 {"tenantId":"%1$s","enterpriseCode":"%3$s","deviceId":"other-enterprise-meter","protocol":"MODBUS_TCP",
                  "points":1,"state":"ONLINE","stateSince":"2026-11-24T08:00:00Z","consecutiveFailures":0},
                 {"tenantId":"%4$s","enterpriseCode":"%2$s","deviceId":"other-tenant-meter","protocol":"MODBUS_TCP",
                  "points":1,"state":"ONLINE","stateSince":"2026-11-24T08:00:00Z","consecutiveFailures":0}]}
                """.formatted(TENANT, Plants.USCC_A, Plants.USCC_B, OTHER_TENANT);
    }

    /** Stands in for a collector's actuator: a valid token of the realm with role service, else 401 / 403. */
    private static HttpServer answering() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(IDP.issuer()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(
                IDP.issuer()), new JwtAudienceValidator("energymon-api")));
        return server(ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                respond(ex, 401, "{}");
                return;
            }
            Jwt jwt;
            try {
                jwt = decoder.decode(auth.substring(7));
            } catch (JwtException e) {
                REFUSED.add(e.getMessage());
                respond(ex, 401, "{}");
                return;
            }
            Object roles = jwt.getClaimAsMap("realm_access").get("roles");
            if (!(roles instanceof List<?> list) || !list.contains("service")) {
                REFUSED.add("roles " + roles);
                respond(ex, 403, "{}");
                return;
            }
            ACCEPTED.add(jwt);
            respond(ex, 200, report());
        });
    }

    /** Accepts the request and answers only after the portal's timeout has passed. */
    private static HttpServer silent() {
        return server(ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "{\"devices\":[]}");
        });
    }

    private static HttpServer server(com.sun.net.httpserver.HttpHandler devices) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/actuator/devices", devices);
            s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again: connections to it are refused
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
