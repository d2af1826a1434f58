package io.energymon.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's own access token, for the calls it makes in its own name (not on behalf of a user): the OAuth2
 * client-credentials grant of its client in the realm ({@code energymon.security.client-id} / {@code client-secret}).
 * The token endpoint is read from the issuer's OIDC discovery document at the first token (so a service may start
 * before the identity provider). A token is kept and handed out until {@link #REFRESH_MARGIN} (at most half its
 * lifetime) before it expires, then one caller fetches the next while the others wait for it: one request to the
 * identity provider at a time, whatever the number of threads. Neither the secret nor a token is ever logged or put
 * into an exception message.
 */
public final class ServiceTokens {
    /** A token is replaced this long before it expires (at most half its lifetime before). */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
    /** Connect timeout to the identity provider. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest wait for the discovery document or a token. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile URI tokenEndpoint;
    private volatile Token current;

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }

    /**
     * @param issuer       the realm's issuer ({@code <keycloak>/realms/energymon})
     * @param clientId     the service's client in the realm
     * @param clientSecret its secret; null or blank: no identity of its own ({@link #configured()} is false)
     */
    public ServiceTokens(String issuer, String clientId, String clientSecret, Clock clock) {
        this.issuer = issuer == null ? "" : issuer.trim().replaceAll("/+$", "");
        this.clientId = clientId == null ? "" : clientId.trim();
        this.clientSecret = clientSecret == null ? "" : clientSecret.trim();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public ServiceTokens(String issuer, String clientId, String clientSecret) {
        this(issuer, clientId, clientSecret, Clock.systemUTC());
    }

    /** Whether the service has an identity of its own: issuer, client id and secret all set. */
    public boolean configured() {
        return !issuer.isEmpty() && !clientId.isEmpty() && !clientSecret.isEmpty();
    }

    public String clientId() {
        return clientId;
    }

    /**
     * A valid access token of this service (cached until shortly before it expires).
     *
     * @throws IllegalStateException when the service has no client secret
     * @throws ServiceTokenException when the identity provider cannot be reached or refuses the client
     */
    public String token() {
        Token t = current;
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return t.value();
        }
        if (!configured()) {
            throw new IllegalStateException("this service has no client credentials of its own: set "
                    + "ENERGYMON_SECURITY_CLIENT_SECRET (property energymon.security.client-secret) and the issuer");
        }
        lock.lock();
        try {
            t = current;
            if (t == null || !clock.instant().isBefore(t.refreshAt())) {
                t = fetch();
                current = t;
            }
            return t.value();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the cached token if it is this one (e.g. a resource server refused it with 401 after the identity
     * provider's keys changed): the next {@link #token()} fetches a new one.
     */
    public void invalidate(String token) {
        Token t = current;
        if (t != null && t.value().equals(token)) {
            lock.lock();
            try {
                if (current == t) {
                    current = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private Token fetch() {
        URI endpoint = tokenEndpoint();
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
                + encode(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Instant asked = clock.instant();
        HttpResponse<String> response = send(request, "token request");
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            // an OAuth2 error answer (RFC 6749 §5.2) names the error, never the credentials
            String error = body == null ? "" : body.path("error").asString("");
            String description = body == null ? "" : body.path("error_description").asString("");
            throw new ServiceTokenException("the identity provider refused the client credentials of " + clientId
                    + " at " + endpoint + ": HTTP " + response.statusCode()
                    + (error.isEmpty() ? "" : " " + error) + (description.isEmpty() ? "" : " (" + description + ")")
                    + "; check ENERGYMON_SECURITY_CLIENT_ID and ENERGYMON_SECURITY_CLIENT_SECRET against the realm's "
                    + "client (its secret changes when the client's credentials are regenerated)");
        }
        String value = body == null ? "" : body.path("access_token").asString("");
        long expiresIn = body == null ? 0 : body.path("expires_in").asLong(0);
        if (value.isEmpty() || expiresIn <= 0) {
            throw new ServiceTokenException("the token answer of " + endpoint + " for " + clientId
                    + " has no access_token or expires_in");
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        Duration margin = REFRESH_MARGIN.compareTo(lifetime.dividedBy(2)) < 0 ? REFRESH_MARGIN : lifetime.dividedBy(2);
        return new Token(value, asked.plus(lifetime).minus(margin));
    }

    private URI tokenEndpoint() {
        URI known = tokenEndpoint;
        if (known != null) {
            return known;
        }
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        HttpResponse<String> response = send(HttpRequest.newBuilder(discovery).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build(), "discovery");
        JsonNode doc = parse(response.body());
        if (response.statusCode() != 200 || doc == null) {
            throw new ServiceTokenException("the issuer's discovery document " + discovery + " answered HTTP "
                    + response.statusCode());
        }
        String claimedIssuer = doc.path("issuer").asString("");
        String endpoint = doc.path("token_endpoint").asString("");
        if (!claimedIssuer.equals(issuer) || endpoint.isEmpty()) {
            throw new ServiceTokenException("the discovery document " + discovery + " names issuer '" + claimedIssuer
                    + "' and token endpoint '" + endpoint + "'; expected issuer " + issuer + " and an endpoint");
        }
        tokenEndpoint = URI.create(endpoint);
        return tokenEndpoint;
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServiceTokenException(what + " for " + clientId + " to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceTokenException(what + " for " + clientId + " interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ServiceTokens[client=" + clientId + ", issuer=" + issuer + "]";
    }

    /** The identity provider could not be reached, or refused this service's client credentials. */
    public static final class ServiceTokenException extends RuntimeException {
        public ServiceTokenException(String message) {
            super(message);
        }

        public ServiceTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
