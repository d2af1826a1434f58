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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Publishes a browser login ({@code LOGIN}) and logout ({@code LOGOUT}) on {@code audit.v1} (key: the user's tenant,
 * empty for platform operators): subject and username from the ID token, tenant and application roles from the access
 * token the login just obtained from Keycloak (read from the authorized client, not validated again), client address
 * (as the rate limit sees it) and user agent. Never in the way of a login: the event is built without any network
 * call and sent from a thread of its own (a broker that does not answer holds up nobody); a failed send is logged and
 * counted ({@code gateway_audit_send_failures_total}), and the event is then lost (no outbox at the gateway).
 */
@Component
public class LoginAudit implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);
    /** The realm roles the services know (Keycloak's default roles are left out). */
    private static final Set<String> APPLICATION_ROLES = Set.of("viewer", "enterprise-operator",
            "enterprise-manager", "tenant-admin", "platform-operator", "service");

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
        sender.execute(() -> {
            try {
                kafka.send(new ProducerRecord<>(topic, event.key(), value)).whenComplete((ok, e) -> {
                    if (e != null) {
                        failed(event.action() + " of " + event.actor().username(), e);
                    }
                });
            } catch (RuntimeException e) {
                failed(event.action() + " of " + event.actor().username(), e);
            }
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
