package io.energymon.portal.security;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.energymon.portal.Api;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Lists show only what the token may see, and the overview relays the caller's own token to the aggregator and the
 * uploader (here a recording HTTP server standing in for both).
 */
class TenancyIntegrationTest extends PortalTestBase {
    private static final String T1 = "tenancy-one";
    private static final String T2 = "tenancy-two";
    private static final List<String> RELAYED = new CopyOnWriteArrayList<>();
    private static final HttpServer DOWNSTREAM = downstream();

    @DynamicPropertySource
    static void downstreamServices(DynamicPropertyRegistry r) {
        String url = "http://127.0.0.1:" + DOWNSTREAM.getAddress().getPort();
        r.add("energymon.portal.aggregator-url", () -> url);
        r.add("energymon.portal.uploader-url", () -> url);
    }

    @AfterAll
    static void stop() {
        DOWNSTREAM.stop(0);
    }

    @Test
    void listsShowOnlyWhatTheTokenMaySee() {
        Api api = api();
        Plants.tenantWithEnterprise(api, T1, Plants.USCC_A);
        assertThat(api.post("/api/v1/tenants/" + T1 + "/enterprises", obj("enterpriseCode", Plants.USCC_B,
                "profile", Plants.profile("第二家"))).status()).isEqualTo(201);
        Plants.tenantWithEnterprise(api, T2, Plants.USCC_A);

        Api viewerOfA = api.as(() -> IDP.user(T1, Role.VIEWER, Plants.USCC_A));
        assertThat(codes(viewerOfA.get("/api/portal/enterprises").json())).containsExactly(T1 + "/" + Plants.USCC_A);
        assertThat(viewerOfA.get("/api/v1/tenants/" + T1 + "/enterprises").json().valueStream()
                .map(n -> n.path("key").asString()).toList()).containsExactly(Plants.USCC_A);
        assertThat(viewerOfA.get("/api/v1/tenants").json().valueStream().map(n -> n.path("key").asString()).toList())
                .containsExactly(T1);
        assertThat(viewerOfA.get("/api/v1/tenants/" + T2 + "/enterprises").status()).isEqualTo(404);

        Api adminOfT1 = api.as(() -> IDP.user(T1, Role.TENANT_ADMIN));
        assertThat(codes(adminOfT1.get("/api/portal/enterprises").json()))
                .containsExactlyInAnyOrder(T1 + "/" + Plants.USCC_A, T1 + "/" + Plants.USCC_B);

        Api ops = api.as(IDP::platformOperator);
        assertThat(codes(ops.get("/api/portal/enterprises").json())).contains(T1 + "/" + Plants.USCC_A,
                T1 + "/" + Plants.USCC_B, T2 + "/" + Plants.USCC_A);
        assertThat(ops.get("/api/v1/tenants").json().valueStream().map(n -> n.path("key").asString()).toList())
                .contains(T1, T2);

        Api nobody = api.as(null);
        assertThat(nobody.get("/api/portal/enterprises").status()).isEqualTo(401);
        assertThat(nobody.get("/").status()).as("the static page is public").isEqualTo(200);
    }

    @Test
    void theOverviewRelaysTheCallersTokenDownstream() {
        Api api = api();
        Plants.tenantWithEnterprise(api, "tenancy-relay", Plants.USCC_B);
        String token = IDP.user("tenancy-relay", Role.VIEWER, Plants.USCC_B);
        RELAYED.clear();
        var r = api.as(() -> token).get("/api/portal/tenants/tenancy-relay/enterprises/" + Plants.USCC_B + "/overview");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(RELAYED).hasSize(4).allMatch(("Bearer " + token)::equals);
    }

    private static List<String> codes(JsonNode list) {
        return list.valueStream().map(n -> n.path("tenantId").asString() + "/" + n.path("enterpriseCode").asString())
                .toList();
    }

    private static HttpServer downstream() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/api/v1/tenants/", ex -> {
                RELAYED.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
