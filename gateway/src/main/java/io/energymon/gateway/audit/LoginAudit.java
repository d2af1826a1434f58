package io.energymon.gateway.audit;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.gateway.ratelimit.RateLimitFilter;
import io.energymon.gateway.ratelimit.RateLimitProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Publishes a browser login ({@code LOGIN}), logout ({@code LOGOUT}) and failed login ({@code LOGIN_FAILED}) on
 * {@code audit.v1} (key: the user's tenant, empty for platform operators and failed logins): subject and username from
 * the ID token, tenant and application roles from the access token the login just obtained from Keycloak (read from
 * the authorized client, not validated again), client address (as the rate limit sees it) and user agent. A failed
 * login knows no user: it records the OAuth2 error code only (never the authorization code nor the state). Never in
 * the way of a login: the event is built without any network call and sent from a thread of its own (a broker that
 * does not answer holds up nobody); a failed send is logged (event id and action, nothing of the request) and counted
 * ({@code gateway_audit_send_failures_total}), and the event is then lost (the gateway has no database, hence no
 * outbox).
 */
@Component
public class LoginAudit implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);
    /** The realm roles the services know (Keycloak's default roles are left out). */
    private static final Set<String> APPLICATION_ROLES = Set.of("viewer", "enterprise-operator",
            "enterprise-manager", "tenant-admin", "platform-operator", "service");
    /** The actor of a failed login: the gateway knows no user then. */
    static final AuditEvent.Actor UNKNOWN_USER = new AuditEvent.Actor("anonymous", "anonymous", List.of());
    private static final Pattern REASON = Pattern.compile("[a-z_]{1,64}");

    private final KafkaTemplate<String, byte[]> kafka;
    private final ServerOAuth2AuthorizedClientRepository clients;
    private final String topic;
    private final boolean trustForwardedFor;
    private final Counter failures;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("audit-sender").daemon().unstarted(r));

    public LoginAudit(KafkaTemplate<String, byte[]> kafka, ServerOAuth2AuthorizedClientRepository clients,
                      @Value("${energymon.gateway.audit-topic:audit.v1}") String topic, RateLimitProperties rateLimit,
                      MeterRegistry registry) {
        this.kafka = kafka;
        this.clients = clients;
        this.topic = topic;
        this.trustForwardedFor = rateLimit.trustForwardedFor();
        this.failures = Counter.builder("gateway_audit_send_failures_total")
                .description("login/logout audit events that could not be published").register(registry);
    }

    /** Publishes the login; completes empty, never with an error. */
    public Mono<Void> loggedIn(Authentication authentication, ServerWebExchange exchange) {
        return publish(AuditEvent.Action.LOGIN, authentication, exchange);
    }

    /**
     * Publishes a browser login that failed at the gateway's callback (Keycloak answered {@code error=access_denied},
     * an unknown or expired {@code state}, a code exchange Keycloak refused); completes empty, never with an error.
     */
    public Mono<Void> loginFailed(AuthenticationException failure, ServerWebExchange exchange) {
        return Mono.fromRunnable(() -> send(new AuditEvent(UUID.randomUUID(), Instant.now(), null, null,
                        UNKNOWN_USER, AuditEvent.Action.LOGIN_FAILED.name(), new AuditEvent.Target("session", null),
                        Map.of("reason", reasonOf(failure)), RateLimitFilter.clientOf(exchange, trustForwardedFor),
                        exchange.getRequest().getHeaders().getFirst("User-Agent"))))
                .onErrorResume(e -> {
                    failed(AuditEvent.Action.LOGIN_FAILED.name(), e);
                    return Mono.empty();
                })
                .then();
    }

    /**
     * The OAuth2 error code of a failed login ({@code access_denied}, {@code authorization_request_not_found},
     * {@code invalid_grant}...). The code may come from the callback's query, i.e. from anyone: only a short
     * lower-case token is kept, anything else is {@code other}.
     */
    static String reasonOf(AuthenticationException failure) {
        String code = failure instanceof OAuth2AuthenticationException oauth2 ? oauth2.getError().getErrorCode()
                : "authentication_failed";
        return code != null && REASON.matcher(code).matches() ? code : "other";
    }

    /** Publishes the logout (nothing when nobody was logged in); completes empty, never with an error. */
    public Mono<Void> loggedOut(Authentication authentication, ServerWebExchange exchange) {
        return authentication == null ? Mono.empty() : publish(AuditEvent.Action.LOGOUT, authentication, exchange);
    }

    private Mono<Void> publish(AuditEvent.Action action, Authentication authentication, ServerWebExchange exchange) {
        Mono<Map<String, Object>> accessClaims = authentication instanceof OAuth2AuthenticationToken login
                ? clients.<OAuth2AuthorizedClient>loadAuthorizedClient(login.getAuthorizedClientRegistrationId(),
                        authentication, exchange).map(LoginAudit::claimsOf)
                : Mono.empty();
        return accessClaims.defaultIfEmpty(Map.of())
                .doOnNext(claims -> send(eventOf(action, authentication, exchange, claims)))
                .onErrorResume(e -> {
                    failed(action + " of " + authentication.getName(), e);
                    return Mono.empty();
                })
                .then();
    }

    /** The claims of the access token Keycloak just issued (read, not validated: it came from its token endpoint). */
    private static Map<String, Object> claimsOf(OAuth2AuthorizedClient client) {
        try {
            return JWTParser.parse(client.getAccessToken().getTokenValue()).getJWTClaimsSet().getClaims();
        } catch (ParseException e) {
            return Map.of();
        }
    }

    private void send(AuditEvent event) {
        byte[] value = EventCodec.encode(event);
        String what = event.action() + " " + event.eventId() + " of " + event.actor().username();
        sender.execute(() -> {
            // a send that fails at once both completes the future exceptionally and throws: counted once
            CompletableFuture<?> sent;
            try {
                sent = kafka.send(new ProducerRecord<>(topic, event.key(), value));
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((ok, e) -> {
                if (e != null) {
                    failed(what, e);
                }
            });
        });
    }

    private AuditEvent eventOf(AuditEvent.Action action, Authentication authentication, ServerWebExchange exchange,
                               Map<String, Object> accessClaims) {
        String subject = authentication.getName();
        String username = authentication.getName();
        Object tenant = accessClaims.get("tenant");
        if (authentication.getPrincipal() instanceof OidcUser user) {
            subject = user.getSubject();
            username = user.getPreferredUsername() == null ? subject : user.getPreferredUsername();
            tenant = tenant == null ? user.getClaimAsString("tenant") : tenant;
        }
        List<String> roles = rolesOf(accessClaims);
        String userAgent = exchange.getRequest().getHeaders().getFirst("User-Agent");
        String tenantId = tenant == null || tenant.toString().isBlank() ? null : tenant.toString();
        return new AuditEvent(UUID.randomUUID(), Instant.now(), tenantId,
                null, new AuditEvent.Actor(subject, username, roles), action.name(),
                new AuditEvent.Target("session", username), Map.of(),
                RateLimitFilter.clientOf(exchange, trustForwardedFor), userAgent);
    }

    private static List<String> rolesOf(Map<String, Object> claims) {
        if (claims.get("realm_access") instanceof Map<?, ?> access && access.get("roles") instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).filter(APPLICATION_ROLES::contains).sorted().toList();
        }
        return List.of();
    }

    private void failed(String what, Throwable e) {
        failures.increment();
        log.error("audit event {} not published to {}: {}", what, topic, e.toString());
    }

    @Override
    public void destroy() {
        sender.shutdown();
    }
}
