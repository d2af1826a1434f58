package io.energymon.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.security.app.TestApiApplication;
import io.energymon.security.testing.TestIdentityProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * libs/security on a small API, against the test identity provider over HTTP: which tokens are refused with which
 * status, the tenant wall, the role policy, actuator access, start-up without an issuer, and no token in the log.
 */
@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.security.oauth2.resourceserver.jwt.issuer-uri=${ENERGYMON_SECURITY_ISSUER_URI}",
                "management.endpoints.web.exposure.include=health,info,prometheus",
                "logging.level.org.springframework.security=TRACE", "logging.level.org.springframework.web=TRACE",
                "logging.level.io.energymon=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class ResourceServerIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360100MA35K8P340";
    private static final TestIdentityProvider IDP = TestIdentityProvider.shared();

    @LocalServerPort
    int port;

    @Test
    void tokensThatAreMissingExpiredForeignOrForAnotherAudienceAre401WithAJsonBody() throws Exception {
        String path = "/api/v1/tenants/t1/enterprises/" + A + "/things";
        String right = IDP.user("t1", Role.VIEWER, A);
        assertThat(get(path, right).statusCode()).isEqualTo(200);

        HttpResponse<String> none = get(path, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"code\":\"unauthorized\"", "message_zh", "message_en");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        String expired = IDP.token().tenant("t1").enterprises(A).roles(Role.VIEWER)
                .issuedAt(Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(5)).mint();
        assertThat(get(path, expired).statusCode()).isEqualTo(401);
        try (TestIdentityProvider foreign = TestIdentityProvider.start()) {
            assertThat(get(path, foreign.user("t1", Role.VIEWER, A)).statusCode()).isEqualTo(401);
        }
        String otherAudience = IDP.token().tenant("t1").enterprises(A).roles(Role.VIEWER).audience("account").mint();
        assertThat(get(path, otherAudience).statusCode()).isEqualTo(401);
        assertThat(get(path, right.substring(0, right.length() - 4) + "AAAA").statusCode()).as("bad signature")
                .isEqualTo(401);
        assertThat(get(path, "not-a-jwt").statusCode()).isEqualTo(401);
    }

    @Test
    void aForeignTenantOrEnterpriseIs404AndATooWeakRoleIs403() throws Exception {
        String path = "/api/v1/tenants/t1/enterprises/" + A + "/things";
        HttpResponse<String> foreignTenant = get(path, IDP.user("t2", Role.TENANT_ADMIN, A));
        assertThat(foreignTenant.statusCode()).isEqualTo(404);
        assertThat(foreignTenant.body()).contains("\"code\":\"not_found\"").doesNotContain("t1");
        assertThat(get(path, IDP.user("t1", Role.ENTERPRISE_MANAGER, B)).statusCode()).isEqualTo(404);
        assertThat(get(path, IDP.user("t1", Role.TENANT_ADMIN)).statusCode()).as("tenant admin sees all").isEqualTo(200);
        assertThat(get(path, IDP.platformOperator()).statusCode()).isEqualTo(200);
        assertThat(get(path, IDP.service()).statusCode()).isEqualTo(200);
        assertThat(get(path, IDP.token().tenant("t1").enterprises(A).roleNames("offline_access", "uma_authorization")
                .mint()).statusCode()).as("only Keycloak's default roles").isEqualTo(403);

        String entries = "/api/v1/tenants/t1/enterprises/" + A + "/entries";
        assertThat(send("POST", entries, IDP.user("t1", Role.VIEWER, A)).statusCode()).isEqualTo(403);
        assertThat(send("POST", entries, IDP.user("t1", Role.ENTERPRISE_OPERATOR, A)).statusCode()).isEqualTo(200);
        assertThat(send("PUT", path, IDP.user("t1", Role.ENTERPRISE_OPERATOR, A)).statusCode()).isEqualTo(403);
        assertThat(send("PUT", path, IDP.user("t1", Role.ENTERPRISE_MANAGER, A)).statusCode()).isEqualTo(200);
        assertThat(send("PUT", path, IDP.platformOperator()).statusCode()).as("support reads only").isEqualTo(403);
        // the wall answers before the role: a weak foreign user learns nothing
        assertThat(send("PUT", path, IDP.user("t2", Role.VIEWER, A)).statusCode()).isEqualTo(404);
    }

    @Test
    void aRequestNoRuleCoversIsRefused() throws Exception {
        assertThat(get("/unruled", IDP.user("t1", Role.TENANT_ADMIN)).statusCode()).isEqualTo(403);
        assertThat(get("/unruled", IDP.service()).statusCode()).as("even a service: no rule, no access").isEqualTo(403);
        assertThat(get("/error", IDP.service()).statusCode()).as("the error page called directly").isEqualTo(403);
        assertThat(get("/error", null).statusCode()).isEqualTo(401);
    }

    @Test
    void errorsOfAnAdmittedRequestKeepTheirStatus() throws Exception {
        String token = IDP.user("t1", Role.ENTERPRISE_MANAGER, A);
        assertThat(get("/api/nothing-here", token).statusCode()).isEqualTo(404);
        HttpResponse<String> unreadable = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/v1/tenants/t1/enterprises/" + A + "/things"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unreadable.statusCode()).isEqualTo(400);
    }

    @Test
    void healthIsOpenOtherActuatorEndpointsNeedPlatformOperatorOrService() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/info", IDP.user("t1", Role.TENANT_ADMIN)).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/info", IDP.platformOperator()).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", IDP.service()).statusCode()).isEqualTo(200);
        assertThat(get("/actuator", IDP.user("t1", Role.VIEWER, A)).statusCode()).isEqualTo(403);
    }

    @Test
    void noTokenAppearsInTheLogEvenAtTraceLevel(CapturedOutput output) throws Exception {
        String token = IDP.user("t1", Role.VIEWER, A);
        String foreign = IDP.user("t2", Role.VIEWER, A);
        assertThat(get("/api/v1/tenants/t1/enterprises/" + A + "/things", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/tenants/t1/enterprises/" + A + "/things", foreign).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/tenants/t1/enterprises/" + A + "/things", token + "x").statusCode()).isEqualTo(401);
        assertThat(output.getAll()).as("the log was captured").contains("/things");
        for (String t : new String[] {token, foreign}) {
            assertThat(output.getAll()).doesNotContain(t).doesNotContain(t.substring(t.lastIndexOf('.') + 1))
                    .doesNotContain(t.substring(t.indexOf('.') + 1, t.lastIndexOf('.')));
        }
    }

    @Test
    void refusesToStartWithSecurityOnAndNoIssuer() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TestApiApplication.class)
                .run("--server.port=0", "--spring.security.oauth2.resourceserver.jwt.issuer-uri="))
                .hasStackTraceContaining("no token issuer is configured")
                .hasStackTraceContaining("ENERGYMON_SECURITY_ISSUER_URI");
    }

    @Test
    void switchedOffItLetsEverythingThroughAndSaysSoLoudly(CapturedOutput output) throws Exception {
        try (var app = new SpringApplicationBuilder(TestApiApplication.class)
                .run("--server.port=0", "--energymon.security.enabled=false",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=")) {
            String p = app.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + p + "/api/v1/tenants/t9/enterprises/" + B + "/things")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(output.getAll()).contains("SECURITY DISABLED");
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token);
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"value\":1}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
