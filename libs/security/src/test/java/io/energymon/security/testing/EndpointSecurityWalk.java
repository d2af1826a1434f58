package io.energymon.security.testing;

import io.energymon.security.Access;
import io.energymon.security.AccessPolicy;
import io.energymon.security.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Walks every HTTP endpoint of a running application, enumerated from its handler mappings (controllers, actuator
 * endpoints, API documentation: whatever is mapped, not a hand list), and calls each with tokens that must be refused
 * and with one that must be let through. Path variables are filled with the test data's tenant and enterprise and the
 * values the service's test gives for the others.
 *
 * <p>Expectations per endpoint (actuator health is the only open one):
 * no token, an expired token, a token of another issuer, a token for another audience: 401; a token of another tenant
 * (tenant admin there): 404; a token of another enterprise of the same tenant (its manager): 404; a viewer on a
 * writing method, a token with only Keycloak's default roles, and the strongest role the service's
 * {@link AccessPolicy} does not grant: 403; the weakest role it grants: neither 401 nor 403 nor the wall's 404.
 */
public final class EndpointSecurityWalk {
    /**
     * An endpoint: method and path pattern as mapped, and the request content type it consumes (sent, so that the
     * request reaches the endpoint's checks rather than stopping at a 415, which tells nothing of any tenant).
     */
    public record Endpoint(String method, String pattern, String consumes) {
        boolean actuator() {
            return pattern.startsWith("/actuator");
        }

        boolean health() {
            return pattern.equals("/actuator/health") || pattern.startsWith("/actuator/health/");
        }

        boolean write() {
            return !AccessPolicy.READ_METHODS.contains(method);
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");
    private static final String WALL_MESSAGE = "资源不存在或无权访问";
    private static final List<Role> TENANT_ROLES_STRONGEST_FIRST = List.of(Role.TENANT_ADMIN, Role.ENTERPRISE_MANAGER,
            Role.ENTERPRISE_OPERATOR, Role.VIEWER);

    private final ApplicationContext context;
    private final String baseUrl;
    private final TestIdentityProvider idp = TestIdentityProvider.shared();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private String tenant;
    private String enterprise;
    private String otherEnterprise;
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> tokensSent = new java.util.LinkedHashSet<>();
    private int calls;

    private EndpointSecurityWalk(ApplicationContext context, String baseUrl) {
        this.context = context;
        this.baseUrl = baseUrl;
    }

    public static EndpointSecurityWalk of(ApplicationContext context, String baseUrl) {
        return new EndpointSecurityWalk(context, baseUrl);
    }

    /** The tenant and enterprise of the test data, and another enterprise of the same tenant. */
    public EndpointSecurityWalk tenant(String tenantId, String enterpriseCode, String otherEnterpriseCode) {
        this.tenant = tenantId;
        this.enterprise = enterpriseCode;
        this.otherEnterprise = otherEnterpriseCode;
        return this;
    }

    /** A value for a path variable other than tenantId and enterpriseCode. */
    public EndpointSecurityWalk variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** Every endpoint the application maps: its controllers, actuator and documentation endpoints. */
    public static List<Endpoint> endpoints(ApplicationContext context) {
        Map<String, String> seen = new java.util.TreeMap<>();
        for (RequestMappingInfoHandlerMapping mapping
                : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                String consumes = info.getConsumesCondition().getConsumableMediaTypes().stream()
                        .map(Object::toString).findFirst().orElse("application/json");
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        seen.put("GET " + pattern, consumes);
                        seen.put("POST " + pattern, consumes);
                    }
                    methods.forEach(m -> seen.put(m.name() + " " + pattern, consumes));
                }
            }
        }
        return seen.entrySet().stream().map(s -> new Endpoint(s.getKey().substring(0, s.getKey().indexOf(' ')),
                s.getKey().substring(s.getKey().indexOf(' ') + 1), s.getValue())).toList();
    }

    /** Walks every endpoint; returns the endpoints walked and the failures (empty when all answered right). */
    public Result run() {
        AccessPolicy policy = context.getBean(AccessPolicy.class);
        List<Endpoint> endpoints = endpoints(context);
        for (Endpoint e : endpoints) {
            String path = fill(e.pattern());
            if (path == null) {
                continue;
            }
            if (e.health()) {
                expect(e, "no token on health", send(e, path, null), Set.of(200, 503));
                continue;
            }
            boolean tenantPath = e.pattern().contains("{tenantId}");
            boolean enterprisePath = e.pattern().contains("{enterpriseCode}");
            expect(e, "no token", send(e, path, null), Set.of(401));
            expect(e, "expired token", send(e, path, idp.token().tenant(tenant).enterprises(enterprise)
                    .roles(Role.TENANT_ADMIN, Role.PLATFORM_OPERATOR, Role.SERVICE)
                    .issuedAt(Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5)).mint()), Set.of(401));
            try (TestIdentityProvider foreign = TestIdentityProvider.start()) {
                expect(e, "token of another issuer", send(e, path, foreign.token().tenant(tenant)
                        .enterprises(enterprise).roles(Role.TENANT_ADMIN, Role.PLATFORM_OPERATOR, Role.SERVICE).mint()),
                        Set.of(401));
            }
            expect(e, "token for another audience", send(e, path, idp.token().tenant(tenant).enterprises(enterprise)
                    .roles(Role.SERVICE).audience("account").mint()), Set.of(401));
            if (e.actuator()) {
                expect(e, "tenant admin on actuator", send(e, path, idp.user(tenant, Role.TENANT_ADMIN)), Set.of(403));
                admitted(e, "platform operator on actuator", send(e, path, idp.platformOperator()));
                admitted(e, "service on actuator", send(e, path, idp.service()));
                continue;
            }
            if (tenantPath) {
                expect(e, "tenant admin of another tenant", send(e, path, idp.token().tenant("other-" + tenant)
                        .enterprises(enterprise).roles(Role.TENANT_ADMIN).mint()), Set.of(404));
            }
            if (enterprisePath) {
                expect(e, "manager of another enterprise of the tenant",
                        send(e, path, idp.user(tenant, Role.ENTERPRISE_MANAGER, otherEnterprise)), Set.of(404));
            }
            Optional<Access> required = policy.required(e.method(), path);
            if (required.isEmpty()) {
                expect(e, "platform operator + service where no rule applies",
                        send(e, path, idp.token().roles(Role.PLATFORM_OPERATOR, Role.SERVICE).mint()), Set.of(403));
                continue;
            }
            Access access = required.get();
            if (access != Access.AUTHENTICATED) {
                expect(e, "only Keycloak's default roles", send(e, path, idp.token().tenant(tenant)
                        .enterprises(enterprise).roleNames("offline_access", "uma_authorization").mint()), Set.of(403));
            }
            if (e.write()) {
                expect(e, "viewer writing", send(e, path, idp.user(tenant, Role.VIEWER, enterprise)), Set.of(403));
            }
            String weak = strongestRefused(access);
            if (weak != null) {
                expect(e, "role too weak (" + access + ")", send(e, path, weak), Set.of(403));
            }
            admitted(e, "weakest role granted " + access, send(e, path, weakestGranted(access)));
        }
        return new Result(endpoints, List.copyOf(failures), calls, Set.copyOf(tokensSent));
    }

    /** What a walk found: the endpoints, the failures, how many calls it made and the tokens it sent. */
    public record Result(List<Endpoint> endpoints, List<String> failures, int calls, Set<String> tokens) {
        /** The texts of a log that must not appear in it: each token sent and its signature. */
        public List<String> secrets() {
            return tokens.stream().flatMap(t -> java.util.stream.Stream.of(t, t.substring(t.lastIndexOf('.') + 1)))
                    .toList();
        }
    }

    private String strongestRefused(Access access) {
        for (Role r : TENANT_ROLES_STRONGEST_FIRST) {
            if (!access.grantedTo(caller(r))) {
                return idp.user(tenant, r, enterprise);
            }
        }
        return access == Access.AUTHENTICATED ? null : idp.token().tenant(tenant).enterprises(enterprise).mint();
    }

    private String weakestGranted(Access access) {
        for (int i = TENANT_ROLES_STRONGEST_FIRST.size() - 1; i >= 0; i--) {
            Role r = TENANT_ROLES_STRONGEST_FIRST.get(i);
            if (access.grantedTo(caller(r))) {
                return idp.user(tenant, r, enterprise);
            }
        }
        return idp.platformOperator();
    }

    private io.energymon.security.Caller caller(Role r) {
        return new io.energymon.security.Caller("walk", "walk", tenant, Set.of(enterprise), Set.of(r));
    }

    private String fill(String pattern) {
        Matcher m = VARIABLE.matcher(pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "tenantId" -> tenant;
                case "enterpriseCode" -> enterprise;
                default -> variables.get(name);
            };
            if (value == null) {
                if (pattern.startsWith("/actuator") && m.group(0).startsWith("{*")) {
                    value = "";
                } else {
                    failures.add(pattern + ": no value for path variable {" + name + "}: give one with variable()");
                    return null;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void expect(Endpoint e, String what, HttpResponse<String> r, Set<Integer> statuses) {
        if (!statuses.contains(r.statusCode())) {
            failures.add(e + " with " + what + ": expected " + statuses + " but got " + r.statusCode() + " "
                    + abbreviate(r.body()));
        }
    }

    private void admitted(Endpoint e, String what, HttpResponse<String> r) {
        if (r.statusCode() == 401 || r.statusCode() == 403 || r.body().contains(WALL_MESSAGE)) {
            failures.add(e + " with " + what + ": expected to be let through but got " + r.statusCode() + " "
                    + abbreviate(r.body()));
        }
    }

    private HttpResponse<String> send(Endpoint e, String path, String token) {
        boolean multipart = e.consumes().startsWith("multipart/");
        String body = multipart ? "--walk\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nx\r\n--walk--\r\n" : "{}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", multipart ? "multipart/form-data; boundary=walk" : e.consumes())
                .method(e.method(), e.write() ? HttpRequest.BodyPublishers.ofString(body)
                        : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
            tokensSent.add(token);
        }
        calls++;
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(e + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
