package io.energymon.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.gateway.GatewayApplication;
import io.energymon.gateway.testing.StubService;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.infra.keycloak.KeycloakServer;
import io.energymon.infra.keycloak.SharedKeycloak;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against the real Keycloak (shared per test JVM) and a stub service: browser login with code + PKCE,
 * token relay, logout at both ends, bearer API clients, 401 / login redirect, security headers, rate limit, login,
 * logout and failed logins published on the audit topic (a real Kafka broker).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // a small bucket so that the rate-limit test drains it quickly; the other tests stay far below
                "energymon.gateway.rate-limit.capacity=100",
                "energymon.gateway.rate-limit.refill-per-second=0.5"})
class GatewaySecurityTest {

    private static final KeycloakServer KEYCLOAK = SharedKeycloak.get();
    private static final StubService SERVICE = StubService.start();
    private static final String AUDIT_TOPIC = "audit-gateway-" + UUID.randomUUID();
    private static final Pattern LOGIN_FORM_ACTION = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"");

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.client.provider.keycloak.issuer-uri", KEYCLOAK::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", KEYCLOAK::issuer);
        registry.add("spring.security.oauth2.client.registration.keycloak.client-secret",
                () -> KEYCLOAK.clientSecret(KeycloakServer.GATEWAY_CLIENT));
        registry.add("PORTAL_URL", SERVICE::url);
        registry.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        registry.add("energymon.gateway.audit-topic", () -> AUDIT_TOPIC);
    }

    @AfterAll
    static void stopStub() {
        SERVICE.close();
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String uniqueApiPath() {
        return "/api/portal/probe-" + UUID.randomUUID();
    }

    /** Walks the login as a browser does and returns the browser holding the gateway's session. */
    private Browser logIn(String user) throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(gateway("/"), "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Browser.location(page).getPath()).isEqualTo("/oauth2/authorization/keycloak");

        HttpResponse<String> authorize = browser.get(Browser.location(page));
        assertThat(authorize.statusCode()).isEqualTo(302);
        URI keycloakAuth = Browser.location(authorize);
        assertThat(keycloakAuth.toString()).startsWith(KEYCLOAK.issuer() + "/protocol/openid-connect/auth")
                .contains("client_id=energymon-gateway").contains("code_challenge_method=S256")
                .contains("code_challenge=");

        HttpResponse<String> form = browser.get(keycloakAuth);
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher action = LOGIN_FORM_ACTION.matcher(form.body());
        assertThat(action.find()).as("Keycloak's login form").isTrue();
        URI post = URI.create(action.group(1).replace("&amp;", "&"));

        HttpResponse<String> callback = browser.postForm(post, Map.of("username", user,
                "password", KEYCLOAK.password(user), "credentialId", ""));
        assertThat(callback.statusCode()).isEqualTo(302);
        URI code = Browser.location(callback);
        assertThat(code.getPath()).isEqualTo("/login/oauth2/code/keycloak");
        assertThat(code.getPort()).isEqualTo(port);

        HttpResponse<String> back = browser.get(code);
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back).getPath()).isEqualTo("/");
        assertThat(browser.cookie(gateway("/"), "SESSION")).isNotBlank();
        return browser;
    }

    private static JWTClaimsSet verifiedClaims(String bearerHeader) throws Exception {
        assertThat(bearerHeader).startsWith("Bearer ");
        SignedJWT jwt = SignedJWT.parse(bearerHeader.substring("Bearer ".length()));
        RSAKey key = (RSAKey) JWKSet.load(KEYCLOAK.jwksUri().toURL()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        return jwt.getJWTClaimsSet();
    }

    @Test
    void browserLoginRelaysTheUsersTokenAndLogoutEndsBothSessions() throws Exception {
        Browser browser = logIn("hongdu-viewer");
        String path = uniqueApiPath();

        HttpResponse<String> api = browser.get(gateway(path));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).isEqualTo("{\"stub\":\"service\"}");
        StubService.Received received = SERVICE.received(path).getFirst();
        JWTClaimsSet claims = verifiedClaims(received.header("Authorization"));
        assertThat(claims.getIssuer()).isEqualTo(KEYCLOAK.issuer());
        assertThat(claims.getAudience()).contains(KeycloakServer.API_AUDIENCE);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("hongdu-viewer");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("hongdu-group");
        assertThat(claims.getStringListClaim("enterprises")).containsExactly("91360100MA35K8P233");
        assertThat(received.header("Cookie")).as("the session cookie stays at the gateway").isNull();

        // a write through the session needs the CSRF token; without it nothing reaches the service
        String writePath = uniqueApiPath();
        HttpResponse<String> forged = browser.postForm(gateway(writePath), Map.of("x", "1"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(SERVICE.received(writePath)).isEmpty();
        String xsrf = browser.cookie(gateway("/"), "XSRF-TOKEN");
        assertThat(xsrf).isNotBlank();
        assertThat(browser.postForm(gateway(writePath), Map.of("x", "1"), "X-XSRF-TOKEN", xsrf).statusCode())
                .isEqualTo(200);
        assertThat(SERVICE.received(writePath)).hasSize(1);

        // logout: the gateway's session ends and the browser goes on to Keycloak's end-session endpoint
        HttpResponse<String> logout = browser.postForm(gateway("/logout"), Map.of(), "X-XSRF-TOKEN", xsrf);
        assertThat(logout.statusCode()).isEqualTo(302);
        URI endSession = Browser.location(logout);
        assertThat(endSession.toString()).startsWith(KEYCLOAK.issuer() + "/protocol/openid-connect/logout")
                .contains("id_token_hint=").contains("post_logout_redirect_uri=");
        HttpResponse<String> loggedOut = browser.get(endSession);
        assertThat(loggedOut.statusCode()).isEqualTo(302);
        assertThat(Browser.location(loggedOut)).isEqualTo(gateway("/"));

        assertThat(browser.get(gateway(uniqueApiPath())).statusCode()).isEqualTo(401);
        // Keycloak's single sign-on session is gone too: a new login shows the form instead of a code
        HttpResponse<String> again = browser.get(gateway("/oauth2/authorization/keycloak"));
        HttpResponse<String> keycloakAgain = browser.get(Browser.location(again));
        assertThat(keycloakAgain.statusCode()).isEqualTo(200);
        assertThat(LOGIN_FORM_ACTION.matcher(keycloakAgain.body()).find()).isTrue();
    }

    @Test
    void theWebAppsLogoutFormCarriesTheCsrfTokenAsAFieldWhichNoProxiedWriteMayDo() throws Exception {
        Browser browser = logIn("hongdu-operator");
        String xsrf = browser.cookie(gateway("/"), "XSRF-TOKEN");
        assertThat(xsrf).isNotBlank();
        // a write to a service: the token in a form field does not count (the gateway never reads a proxied body)
        String writePath = uniqueApiPath();
        assertThat(browser.postForm(gateway(writePath), Map.of("_csrf", xsrf)).statusCode()).isEqualTo(403);
        assertThat(SERVICE.received(writePath)).isEmpty();
        // the logout form without the field is refused, with it the browser goes on to Keycloak's end of session
        assertThat(browser.postForm(gateway("/logout"), Map.of()).statusCode()).isEqualTo(403);
        HttpResponse<String> logout = browser.postForm(gateway("/logout"), Map.of("_csrf", xsrf));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(Browser.location(logout).toString())
                .startsWith(KEYCLOAK.issuer() + "/protocol/openid-connect/logout");
        assertThat(browser.get(gateway(uniqueApiPath())).statusCode()).isEqualTo(401);
    }

    @Test
    void aBrowserLoginAndItsLogoutArePublishedOnTheAuditTopic() throws Exception {
        Browser browser = logIn("hongdu-manager");
        assertThat(browser.get(gateway(uniqueApiPath())).statusCode()).isEqualTo(200);
        String xsrf = browser.cookie(gateway("/"), "XSRF-TOKEN");
        assertThat(browser.postForm(gateway("/logout"), Map.of(), "X-XSRF-TOKEN", xsrf).statusCode()).isEqualTo(302);

        List<AuditEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(AUDIT_TOPIC)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    AuditEvent e = EventCodec.decode(r.value(), AuditEvent.class);
                    if (e.actor().username().equals("hongdu-manager")) {
                        assertThat(r.key()).isEqualTo("hongdu-group");
                        events.add(e);
                    }
                }
                return events.size() >= 2;
            });
        }
        assertThat(events).extracting(AuditEvent::action).containsExactly("LOGIN", "LOGOUT");
        AuditEvent login = events.getFirst();
        assertThat(login.tenantId()).isEqualTo("hongdu-group");
        assertThat(login.actor().roles()).contains("enterprise-manager").doesNotContain("default-roles-energymon");
        assertThat(login.actor().subject()).isNotEqualTo("hongdu-manager"); // Keycloak's user id
        assertThat(login.target()).isEqualTo(new AuditEvent.Target("session", "hongdu-manager"));
        assertThat(login.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(events.get(1).tenantId()).isEqualTo("hongdu-group");
    }

    @Test
    void aLoginThatFailsAtTheCallbackIsPublishedWithoutCodeOrStateAndAnswersAsBefore() throws Exception {
        String agent = "failed-login-probe/" + UUID.randomUUID();
        URI callback = gateway("/login/oauth2/code/keycloak");
        List<String> secrets = new ArrayList<>();

        // a callback nobody asked for: no login in progress, a made-up state and code
        String strayState = "state-" + UUID.randomUUID();
        String strayCode = "code-" + UUID.randomUUID();
        secrets.addAll(List.of(strayState, strayCode));
        HttpResponse<String> stray = new Browser().get(URI.create(callback + "?code=" + strayCode + "&state="
                + strayState), "User-Agent", agent);

        // Keycloak sends the browser back with an error (the user denied, the login was cancelled)
        Browser denied = new Browser();
        String deniedState = startLogin(denied);
        secrets.add(URLDecoder.decode(deniedState, StandardCharsets.UTF_8));
        HttpResponse<String> deniedAnswer = denied.get(URI.create(callback + "?error=access_denied&state="
                + deniedState), "User-Agent", agent);

        // the state is right, but Keycloak refuses to exchange a code it never issued
        Browser refused = new Browser();
        String refusedState = startLogin(refused);
        String refusedCode = "code-" + UUID.randomUUID();
        secrets.addAll(List.of(URLDecoder.decode(refusedState, StandardCharsets.UTF_8), refusedCode));
        HttpResponse<String> refusedAnswer = refused.get(URI.create(callback + "?code=" + refusedCode + "&state="
                + refusedState), "User-Agent", agent);

        // the answer stays Spring Security's: back to the login page with an error
        for (HttpResponse<String> answer : List.of(stray, deniedAnswer, refusedAnswer)) {
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(Browser.location(answer)).isEqualTo(gateway("/login?error"));
        }

        List<AuditEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(AUDIT_TOPIC)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    AuditEvent e = EventCodec.decode(r.value(), AuditEvent.class);
                    if (agent.equals(e.userAgent())) {
                        assertThat(r.key()).as("no tenant is known").isEmpty();
                        String raw = new String(r.value(), StandardCharsets.UTF_8);
                        assertThat(secrets).allSatisfy(secret -> assertThat(raw).doesNotContain(secret));
                        events.add(e);
                    }
                }
                return events.size() >= 3;
            });
        }
        assertThat(events).extracting(AuditEvent::action).containsOnly("LOGIN_FAILED");
        assertThat(events).extracting(e -> e.detail().get("reason")).containsExactlyInAnyOrder(
                "authorization_request_not_found", "access_denied", "invalid_grant");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.tenantId()).isNull();
            assertThat(e.actor().username()).isEqualTo("anonymous");
            assertThat(e.target()).isEqualTo(new AuditEvent.Target("session", null));
            assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
        });
    }

    /** Starts a browser login at the gateway and returns the {@code state} it sent to Keycloak (URL-encoded). */
    private String startLogin(Browser browser) throws Exception {
        HttpResponse<String> authorize = browser.get(gateway(SecurityConfig.LOGIN_PATH));
        assertThat(authorize.statusCode()).isEqualTo(302);
        for (String parameter : Browser.location(authorize).getRawQuery().split("&")) {
            if (parameter.startsWith("state=")) {
                return parameter.substring("state=".length());
            }
        }
        throw new AssertionError("no state in " + Browser.location(authorize));
    }

    @Test
    void withoutLoginAnApiCallGets401AndAPageTheLoginRedirect() throws Exception {
        Browser browser = new Browser();
        String path = uniqueApiPath();

        HttpResponse<String> api = browser.get(gateway(path), "Accept", "application/json");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(api.body()).contains("\"code\":\"UNAUTHENTICATED\"").contains("message_zh").contains("message_en");

        HttpResponse<String> page = browser.get(gateway("/index.html"), "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Browser.location(page)).isEqualTo(gateway("/oauth2/authorization/keycloak"));
        assertThat(SERVICE.received(path)).isEmpty();
        assertThat(SERVICE.received("/index.html")).isEmpty();
    }

    @Test
    void anApiClientsBearerTokenIsValidatedAndRelayedUnchanged() throws Exception {
        Browser client = new Browser();
        String token = KEYCLOAK.token("ganjiang-operator");
        String path = uniqueApiPath();

        HttpResponse<String> ok = client.get(gateway(path), "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(SERVICE.received(path).getFirst().header("Authorization")).isEqualTo("Bearer " + token);

        String forgedPath = uniqueApiPath();
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThat(client.get(gateway(forgedPath), "Authorization", "Bearer " + tampered).statusCode()).isEqualTo(401);
        assertThat(client.get(gateway(forgedPath), "Authorization", "Bearer not-a-jwt").statusCode()).isEqualTo(401);
        assertThat(SERVICE.received(forgedPath)).isEmpty();
    }

    @Test
    void actuatorBeyondHealthNeedsThePlatformOperatorOrServiceRole() throws Exception {
        Browser client = new Browser();
        assertThat(client.get(gateway("/actuator/health")).statusCode()).isEqualTo(200);
        assertThat(client.get(gateway("/actuator/prometheus")).statusCode()).isEqualTo(401);
        assertThat(client.get(gateway("/actuator/prometheus"), "Authorization",
                "Bearer " + KEYCLOAK.token("hongdu-admin")).statusCode()).isEqualTo(403);
        HttpResponse<String> metrics = client.get(gateway("/actuator/prometheus"), "Authorization",
                "Bearer " + KEYCLOAK.serviceToken("energymon-collector"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"gateway\"");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        Browser browser = new Browser();
        for (HttpResponse<String> r : new HttpResponse[] {
                browser.get(gateway("/"), "Accept", "text/html"),
                browser.get(gateway(uniqueApiPath())),
                browser.get(gateway(uniqueApiPath()), "Authorization", "Bearer " + KEYCLOAK.token("hongdu-viewer"))}) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                    assertThat(v).contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
            // plain HTTP: no HSTS (a browser ignores it there; it is sent on TLS requests)
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void aClientOverTheLimitGets429WithRetryAfterWhileOthersPass() throws Exception {
        Browser greedy = new Browser(InetAddress.getByName("127.0.0.2"));
        // a fresh bucket holds 100 tokens: the first 100 requests pass whatever else happens
        for (int i = 0; i < 100; i++) {
            assertThat(greedy.get(gateway("/actuator/info")).statusCode()).as("request %d", i + 1).isNotEqualTo(429);
        }
        HttpResponse<String> limited = null;
        for (int i = 0; i < 1000 && limited == null; i++) {
            HttpResponse<String> r = greedy.get(gateway("/actuator/info"));
            limited = r.statusCode() == 429 ? r : null;
        }
        assertThat(limited).as("a 429 once the bucket is empty").isNotNull();
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(limited.body()).contains("RATE_LIMITED").contains("message_zh");

        Browser other = new Browser(InetAddress.getByName("127.0.0.3"));
        assertThat(other.get(gateway("/actuator/info")).statusCode()).isEqualTo(200);
    }
}
