package io.energymon.systemtest;

import io.energymon.infra.devstack.DevEnterprise;
import io.energymon.infra.devstack.DevStack;
import io.energymon.infra.keycloak.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Walks every HTTP endpoint of every service of a running dev stack (collector, aggregator, uploader, portal) and the
 * gateway's own endpoints with access tokens of the stack's real Keycloak (issue #11, "Identity and tenancy"): the
 * out-of-process counterpart of libs/security's in-process {@code EndpointSecurityWalk}.
 *
 * <p><b>Endpoints</b> are enumerated from each running application's actuator {@code mappings} endpoint (read with a
 * platform operator's token): every handler method, controllers and actuator endpoints alike, not a hand list. A
 * mapping without methods is walked with GET and POST. Path variables are filled from the dev data
 * ({@link #variable(String, String)}): tenant {@code hongdu-group}, its enterprise {@code 91360100MA35K8P233}, the
 * seeded item, point, meter, collector, device and platform; a variable the dev data has no value for gets
 * {@value #MISSING}, a key of no entity (a 404 for a missing entity is then a right answer).
 *
 * <p><b>Tokens and expected answers</b>, per endpoint (actuator health: only "no token" and 200/503):
 * <ul>
 *   <li>no token, an expired token (of {@code hongdu-admin} and of {@code platform-ops}, from the realm's client
 *       {@value KeycloakServer#SHORT_LIVED_CLIENT}, issued at {@link #prepare} and sent more than 60 s, the resource
 *       servers' clock skew, after expiry), a token of the other realm {@value KeycloakServer#OTHER_REALM} (same
 *       claims, tenant admin and platform operator): 401;</li>
 *   <li>actuator endpoints: the tenant admin 403; platform operator and service accounts let through;</li>
 *   <li>paths of tenant {@code hongdu-group}: the tenant admin of {@code ganjiang-saas} gets the tenant wall's 404
 *       (its body: {@code "code":"not_found"} and the wall's message, told apart from a missing entity's 404);</li>
 *   <li>paths of an enterprise: {@code hongdu-manager} on {@code 91360100MA35K8P158}, an enterprise of its tenant it is
 *       not given, gets the wall's 404;</li>
 *   <li>the roles from the weakest up: {@code hongdu-viewer}, {@code -operator}, {@code -manager}, {@code -admin},
 *       {@code platform-ops}, a service account. The first one let through is the endpoint's right user; every one
 *       before it must get 403 (too weak a role); the viewer must get 403 on every write (POST, PUT, PATCH, DELETE);
 *       some user must be let through, unless every one of them gets 403: an endpoint no rule of the service's
 *       access policy covers, refused to everyone (fail closed; listed in {@link Result#closed()}).</li>
 * </ul>
 * <b>Let through</b> (the right answer for the right user) means neither 401 nor 403 nor the wall's 404, and no 5xx.
 * <b>Writes do not change the dev data</b> the other tests rely on: every write carries a malformed JSON body (a
 * multipart one without the expected part), so a caller let through gets 400 after the security checks (a missing
 * required query parameter does the same for the one write without a body); a write answering 2xx is a failure.
 *
 * <p>The gateway: its actuator endpoints (enumerated from its own {@code mappings}; health and info are open there)
 * like a service's; the login start {@code /oauth2/authorization/keycloak} redirects to the energymon realm's
 * authorization endpoint (PKCE S256) whatever token comes along; {@code POST /logout} answers 403 without a token
 * (no CSRF token) and 401 with an expired or foreign one. Logout with a valid bearer token is not walked: such a
 * client has no session to end, and it would write a logout event into the tenant's audit log.
 */
final class KeycloakEndpointWalk {
    /** A path variable's value that names no entity. */
    static final String MISSING = "walk-no-such-entity";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final String WALL_MESSAGE = "资源不存在或无权访问";
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");
    private static final String MALFORMED_JSON = "{\"walk\":";
    private static final String MULTIPART_BOUNDARY = "walk";
    private static final String MULTIPART_BODY = "--walk\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nx\r\n"
            + "--walk--\r\n";
    private static final List<String> LADDER = List.of("hongdu-viewer", "hongdu-operator", "hongdu-manager",
            "hongdu-admin", "platform-ops", "service");

    /** An endpoint of a service: method, path pattern as mapped, the content type it consumes (null: any). */
    record Endpoint(String service, String method, String pattern, String consumes) {
        boolean actuator() {
            return pattern.equals("/actuator") || pattern.startsWith("/actuator/");
        }

        boolean health() {
            return pattern.equals("/actuator/health") || pattern.startsWith("/actuator/health/");
        }

        boolean write() {
            return !Set.of("GET", "HEAD", "OPTIONS").contains(method);
        }

        @Override
        public String toString() {
            return service + " " + method + " " + pattern;
        }
    }

    /**
     * What the walk found: the endpoints walked per service, the failures, the endpoints refused (403) to every role
     * of the ladder (no rule of the access policy covers them), the calls made, each endpoint's right user and answer,
     * the walk's duration and how long it waited for the expired tokens to pass the clock skew.
     */
    record Result(Map<String, List<Endpoint>> endpoints, List<String> failures, List<Endpoint> closed, int calls,
                  Map<String, String> rightUsers, Duration duration, Duration waitedForExpiry) {
    }

    private final DevStack stack;
    private final KeycloakServer keycloak;
    private final Consumer<String> tokenSink;
    private final DevEnterprise enterprise = DevEnterprise.ALL.get(0);
    private final DevEnterprise otherEnterpriseOfTenant = DevEnterprise.ALL.get(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> expired = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, String> rightUsers = new LinkedHashMap<>();
    private final List<Endpoint> closed = new ArrayList<>();
    private int calls;

    private KeycloakEndpointWalk(DevStack stack, Consumer<String> tokenSink) {
        this.stack = stack;
        this.keycloak = stack.keycloak();
        this.tokenSink = tokenSink;
        for (String user : List.of("hongdu-admin", "platform-ops")) {
            expired.put(user, sink(keycloak.shortLivedToken(user)));
        }
        variable("tenantId", enterprise.tenantId()).variable("enterpriseCode", enterprise.enterpriseCode())
                .variable("dataCode", enterprise.dataCode()).variable("pointId", enterprise.pointId())
                .variable("meterCode", DevEnterprise.METER_CODE).variable("platformId", DevEnterprise.PLATFORM_ID)
                .variable("energyCode", "3300").variable("kind", "meters")
                .variable("deviceId", "main-meter");
        // {key} of the master-data entities, by the collection before it
        keys.putAll(Map.of("collectors", DevEnterprise.COLLECTOR_ID, "devices", "main-meter",
                "meters", DevEnterprise.METER_CODE, "points", enterprise.pointId(), "items", enterprise.dataCode(),
                "targets", DevEnterprise.PLATFORM_ID));
    }

    /**
     * Obtains the short-lived tokens now (they expire one second later; the walk sends them once more than the clock
     * skew has passed, so obtaining them early spares it the wait) and shows they are valid tokens otherwise: each is
     * let through right away by the aggregator. Every token the walk obtains goes to {@code tokenSink} (log scans).
     */
    static KeycloakEndpointWalk prepare(DevStack stack, Consumer<String> tokenSink) {
        KeycloakEndpointWalk walk = new KeycloakEndpointWalk(stack, tokenSink);
        URI latest = stack.aggregatorUrl().resolve("/api/v1/tenants/" + walk.enterprise.tenantId() + "/enterprises/"
                + walk.enterprise.enterpriseCode() + "/readings/latest");
        for (Map.Entry<String, String> e : walk.expired.entrySet()) {
            HttpResponse<String> r = walk.send("GET", latest, null, e.getValue());
            if (status(r) != 200) {
                throw new IllegalStateException("the short-lived token of " + e.getKey() + " was refused while "
                        + "still valid: " + status(r) + " " + abbreviate(body(r)));
            }
        }
        return walk;
    }

    private KeycloakEndpointWalk variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** Walks everything; the expired tokens last, once the clock skew has passed. */
    Result run() {
        Instant t0 = Instant.now();
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("collector-service", stack.collectorUrl());
        services.put("aggregator-service", stack.aggregatorUrl());
        services.put("uploader-service", stack.uploaderUrl());
        services.put("portal-service", stack.portalServiceUrl());
        services.put("gateway", stack.portalUrl());
        Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
        services.forEach((name, url) -> endpoints.put(name, endpoints(name, url)));

        endpoints.forEach((name, list) -> list.forEach(e -> walk(services.get(name), e, name.equals("gateway"))));
        URI login = stack.loginUrl();
        Map<String, String> loginTokens = new LinkedHashMap<>();
        loginTokens.put("no token", null);
        loginTokens.put("a token of realm " + KeycloakServer.OTHER_REALM, token("elsewhere"));
        loginTokens.put("the tenant admin's token", token("hongdu-admin"));
        loginTokens.forEach((what, token) -> expectLoginRedirect(login, what, token));
        URI logout = stack.portalUrl().resolve("/logout");
        expect("gateway POST /logout", "no token (nor CSRF token)", send("POST", logout, "", null), Set.of(403));
        expect("gateway POST /logout", "a token of realm " + KeycloakServer.OTHER_REALM,
                send("POST", logout, "", token("elsewhere")), Set.of(401));

        // the expired tokens: once they are more than the resource servers' clock skew past their expiry (claim exp)
        Instant usable = expired.values().stream().map(t -> Instant.ofEpochSecond(expiry(t)))
                .max(Instant::compareTo).orElseThrow().plus(CLOCK_SKEW).plusSeconds(1);
        Duration wait = Duration.between(Instant.now(), usable);
        if (!wait.isNegative()) {
            sleep(wait.plusMillis(100));
        }
        endpoints.forEach((name, list) -> list.stream().filter(e -> !e.health()).forEach(e -> expired.forEach(
                (user, token) -> expect(e.toString(), "an expired token of " + user,
                        send(e, services.get(name), fill(e.pattern(), enterprise), token), Set.of(401)))));
        expired.forEach((user, token) -> {
            expect("gateway POST /logout", "an expired token of " + user, send("POST", logout, "", token), Set.of(401));
            expectLoginRedirect(login, "an expired token of " + user, token);
        });
        return new Result(endpoints, List.copyOf(failures), List.copyOf(closed), calls, Map.copyOf(rightUsers),
                Duration.between(t0, Instant.now()), wait.isNegative() ? Duration.ZERO : wait);
    }

    /**
     * The endpoints the application maps, from its actuator {@code mappings} endpoint; the gateway's actuator
     * endpoints from its actuator links ({@code GET /actuator}): it does not expose {@code mappings}, and its other
     * paths are routed to the portal.
     */
    private List<Endpoint> endpoints(String service, URI baseUrl) {
        if (service.equals("gateway")) {
            return actuatorLinks(service, baseUrl);
        }
        HttpResponse<String> r = send("GET", baseUrl.resolve("/actuator/mappings"), null, token("platform-ops"));
        if (status(r) != 200) {
            throw new IllegalStateException(service + ": GET /actuator/mappings with a platform operator's token -> "
                    + status(r) + " " + abbreviate(body(r)));
        }
        Set<String> seen = new TreeSet<>();
        collect(Http.JSON.readTree(r.body()), seen);
        List<Endpoint> out = new ArrayList<>();
        for (String s : seen) {
            String[] p = s.split(" ", 3);
            out.add(new Endpoint(service, p[0], p[1], p[2].equals("-") ? null : p[2]));
        }
        return out;
    }

    private List<Endpoint> actuatorLinks(String service, URI baseUrl) {
        HttpResponse<String> r = send("GET", baseUrl.resolve("/actuator"), null, token("platform-ops"));
        if (status(r) != 200) {
            throw new IllegalStateException(service + ": GET /actuator with a platform operator's token -> "
                    + status(r) + " " + abbreviate(body(r)));
        }
        Set<String> paths = new TreeSet<>(List.of("/actuator"));
        Http.JSON.readTree(r.body()).get("_links").forEach(link ->
                paths.add(URI.create(link.get("href").asString().replace("{", "%7B").replace("}", "%7D")).getPath()));
        return paths.stream().map(p -> new Endpoint(service, "GET", p, null)).toList();
    }

    /** Every handler method's request mapping conditions, anywhere in the mappings document (servlet or WebFlux). */
    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode conditions = node.get("requestMappingConditions");
            if (conditions != null && conditions.isObject()) {
                List<String> methods = new ArrayList<>();
                conditions.get("methods").forEach(m -> methods.add(m.asString()));
                if (methods.isEmpty()) {
                    methods.addAll(List.of("GET", "POST"));
                }
                String consumes = "-";
                for (JsonNode c : conditions.get("consumes")) {
                    if (!c.get("negated").asBoolean()) {
                        consumes = c.get("mediaType").asString();
                        break;
                    }
                }
                for (JsonNode pattern : conditions.get("patterns")) {
                    for (String m : methods) {
                        out.add(m + " " + pattern.asString() + " " + consumes);
                    }
                }
            }
            node.properties().forEach(e -> collect(e.getValue(), out));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    private void walk(URI baseUrl, Endpoint e, boolean gateway) {
        String path = fill(e.pattern(), enterprise);
        String name = e.toString();
        if (e.health() || gateway && e.pattern().equals("/actuator/info")) {
            expect(name, "no token on an open endpoint", send(e, baseUrl, path, null), Set.of(200, 503));
            return;
        }
        expect(name, "no token", send(e, baseUrl, path, null), Set.of(401));
        expect(name, "a token of realm " + KeycloakServer.OTHER_REALM, send(e, baseUrl, path, token("elsewhere")),
                Set.of(401));
        if (e.actuator()) {
            expect(name, "the tenant admin on actuator", send(e, baseUrl, path, token("hongdu-admin")), Set.of(403));
            for (String user : List.of("platform-ops", "service")) {
                letThrough(e, user, send(e, baseUrl, path, token(user)));
            }
            rightUsers.put(name, "platform-ops, service");
            return;
        }
        if (e.pattern().contains("{tenantId}")) {
            expectWall(name, "the tenant admin of another tenant (ganjiang-admin)",
                    send(e, baseUrl, path, token("ganjiang-admin")));
        }
        if (e.pattern().contains("{enterpriseCode}")) {
            expectWall(name, "hongdu-manager on " + otherEnterpriseOfTenant.enterpriseCode()
                            + ", an enterprise of its tenant it is not given",
                    send(e, baseUrl, fill(e.pattern(), otherEnterpriseOfTenant), token("hongdu-manager")));
        }
        int refused = 0;
        for (String user : LADDER) {
            HttpResponse<String> r = send(e, baseUrl, path, token(user));
            if (admitted(r) && !(e.write() && user.equals("hongdu-viewer"))) {
                letThrough(e, user, r);
                rightUsers.put(name, user + " -> " + status(r));
                return;
            }
            expect(name, "a role too weak (" + user + (e.write() ? ", writing" : "") + ")", r, Set.of(403));
            refused += status(r) == 403 ? 1 : 0;
        }
        if (refused == LADDER.size()) {
            closed.add(e); // no rule of the service's access policy covers it: refused to every role (fail closed)
        } else {
            failures.add(name + ": no user of " + LADDER + " was let through");
        }
    }

    private static boolean admitted(HttpResponse<String> r) {
        return status(r) != 401 && status(r) != 403 && !wall(r);
    }

    private static boolean wall(HttpResponse<String> r) {
        return status(r) == 404 && body(r).contains("\"code\":\"not_found\"") && body(r).contains(WALL_MESSAGE);
    }

    private void letThrough(Endpoint e, String user, HttpResponse<String> r) {
        if (!admitted(r) || status(r) >= 500) {
            failures.add(e + " with " + user + ": expected to be let through but got " + status(r) + " "
                    + abbreviate(body(r)));
        } else if (e.write() && status(r) < 300) {
            failures.add(e + " with " + user + ": a write of the walk succeeded (" + status(r) + "); it must be "
                    + "refused for its malformed body so that the dev data stays as it is");
        }
    }

    private void expect(String endpoint, String what, HttpResponse<String> r, Set<Integer> statuses) {
        if (!statuses.contains(status(r))) {
            failures.add(endpoint + " with " + what + ": expected " + statuses + " but got " + status(r) + " "
                    + abbreviate(body(r)));
        }
    }

    private void expectWall(String endpoint, String what, HttpResponse<String> r) {
        if (!wall(r)) {
            failures.add(endpoint + " with " + what + ": expected the tenant wall's 404 but got " + status(r) + " "
                    + abbreviate(body(r)));
        }
    }

    private void expectLoginRedirect(URI login, String what, String token) {
        HttpResponse<String> r = send("GET", login, null, token);
        String location = (r == null ? "" : r.headers().firstValue("Location").orElse(""));
        if (status(r) != 302 || !location.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?")
                || !location.contains("code_challenge_method=S256")) {
            failures.add("gateway GET " + login.getPath() + " with " + what + ": expected a redirect to "
                    + keycloak.issuer() + "'s authorization endpoint (PKCE S256) but got " + status(r) + " "
                    + location);
        }
    }

    /** The pattern with its variables filled for an enterprise of the dev data; {@code {*path}} left empty. */
    private String fill(String pattern, DevEnterprise e) {
        String p = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
        Matcher m = VARIABLE.matcher(p);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (m.group(0).startsWith("{*")) {
                value = "";
            } else if (name.equals("tenantId")) {
                value = e.tenantId();
            } else if (name.equals("enterpriseCode")) {
                value = e.enterpriseCode();
            } else if (name.equals("key")) {
                String before = p.substring(0, m.start() - 1);
                value = keys.getOrDefault(before.substring(before.lastIndexOf('/') + 1), MISSING);
            } else {
                value = variables.getOrDefault(name, MISSING);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A token of a sample user, {@code service} (a service account) or {@code elsewhere} (the other realm). */
    private String token(String who) {
        return tokens.computeIfAbsent(who, w -> sink(switch (w) {
            case "service" -> keycloak.serviceToken("energymon-portal-service");
            case "elsewhere" -> keycloak.otherRealmToken();
            default -> keycloak.token(w);
        }));
    }

    private String sink(String token) {
        tokenSink.accept(token);
        return token;
    }

    private HttpResponse<String> send(Endpoint e, URI baseUrl, String path, String token) {
        if (!e.write()) {
            return send(e.method(), baseUrl.resolve(path), null, token);
        }
        boolean multipart = e.consumes() != null && e.consumes().startsWith("multipart/");
        return send(e.method(), baseUrl.resolve(path), multipart ? MULTIPART_BODY : MALFORMED_JSON, token,
                multipart ? "multipart/form-data; boundary=" + MULTIPART_BOUNDARY
                        : e.consumes() == null ? "application/json" : e.consumes());
    }

    private HttpResponse<String> send(String method, URI uri, String body, String token) {
        return send(method, uri, body, token, "application/json");
    }

    private HttpResponse<String> send(String method, URI uri, String body, String token, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        calls++;
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException ex) {
            return null; // no answer: a failure of the expectation, reported with the others
        } catch (IOException ex) {
            throw new IllegalStateException(method + " " + uri + " failed: " + ex, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The {@code exp} claim of a JWT (read, not verified: the test's own token). */
    private static long expiry(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Http.JSON.readTree(payload).get("exp").asLong();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status, -1 when no answer came within the request's timeout. */
    private static int status(HttpResponse<String> r) {
        return r == null ? -1 : r.statusCode();
    }

    private static String body(HttpResponse<String> r) {
        return r == null ? "(no answer within 30 s)" : r.body();
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
