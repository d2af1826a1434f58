package io.energymon.security.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.energymon.infra.testing.SecretRegistry;
import io.energymon.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID provider for the test JVMs that speaks the real protocol: a JDK HTTP server on a free port serves the
 * discovery document and the JWKS of a realm, and this class mints RS256 access tokens with the claims of the
 * security contract (tenant, enterprises, realm_access.roles, aud). It is the one place tokens are made, so the real
 * Keycloak can replace it. {@link #shared()} is the provider of the JVM (the services under test trust it, see
 * {@link TestIssuerEnvironment}); {@link #start()} makes another one (another issuer, another key: a foreign realm).
 * Its token endpoint grants client credentials to the clients registered with {@link #clientSecret(String)}, as
 * Keycloak grants them to the realm's service accounts (role service, {@code azp} the client).
 * Its private key and the signatures of the tokens it mints are registered with {@link SecretRegistry} for the test
 * run's log scan.
 */
public final class TestIdentityProvider implements AutoCloseable {
    public static final String AUDIENCE = "energymon-api";
    private static TestIdentityProvider shared;

    private final HttpServer server;
    private final RSAKey key;
    private final String issuer;
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokensIssued = new ConcurrentHashMap<>();
    private volatile Duration serviceTokenLifetime = Duration.ofMinutes(5);

    private TestIdentityProvider() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(UUID.randomUUID().toString()).generate();
        // for the test run's log scan: the signing key (its private exponent as a JWK writes it) ...
        SecretRegistry.register("private key of a TestIdentityProvider", key.getPrivateExponent().toString());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/energymon";
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\","
                + "\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\","
                + "\"authorization_endpoint\":\"" + issuer + "/protocol/openid-connect/auth\","
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"response_types_supported\":[\"code\"]}";
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/realms/energymon/.well-known/openid-configuration", ex -> json(ex, discovery));
        server.createContext("/realms/energymon/protocol/openid-connect/certs", ex -> json(ex, jwks));
        server.createContext("/realms/energymon/protocol/openid-connect/token", this::clientCredentials);
        server.start();
    }

    /** The provider the services of this test JVM trust (started at first use). */
    public static synchronized TestIdentityProvider shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A new provider of its own (another issuer and key). */
    public static TestIdentityProvider start() {
        try {
            return new TestIdentityProvider();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** A token of a service account (role service, no tenant). */
    public String service() {
        return token().roles(Role.SERVICE).mint();
    }

    /** A token of a platform operator. */
    public String platformOperator() {
        return token().roles(Role.PLATFORM_OPERATOR).mint();
    }

    /** A token of a tenant's user with a role on the given enterprises. */
    public String user(String tenant, Role role, String... enterprises) {
        return token().tenant(tenant).enterprises(enterprises).roles(role).mint();
    }

    public TokenBuilder token() {
        return new TokenBuilder();
    }

    /** The secret of a confidential client with a service account (client credentials), registered at first call. */
    public String clientSecret(String clientId) {
        return clientSecrets.computeIfAbsent(clientId, c -> {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            SecretRegistry.register("client secret of " + c + " at a TestIdentityProvider", secret);
            return secret;
        });
    }

    /** How many tokens the token endpoint granted to this client. */
    public int tokensIssued(String clientId) {
        AtomicInteger n = tokensIssued.get(clientId);
        return n == null ? 0 : n.get();
    }

    /** The lifetime ({@code expires_in}) of the client-credentials tokens granted from now on (default 5 minutes). */
    public void serviceTokenLifetime(Duration lifetime) {
        this.serviceTokenLifetime = lifetime;
    }

    /** The token endpoint: the client-credentials grant with the secret in the form (client_secret_post). */
    private void clientCredentials(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            send(ex, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String clientId = form.getOrDefault("client_id", "");
        String secret = clientSecrets.get(clientId);
        if (secret == null || !secret.equals(form.get("client_secret"))) {
            // Keycloak's answer to a wrong or unknown client secret
            send(ex, 401, "{\"error\":\"unauthorized_client\","
                    + "\"error_description\":\"Invalid client or Invalid client credentials\"}");
            return;
        }
        Duration lifetime = serviceTokenLifetime;
        String token = token().username("service-account-" + clientId).clientId(clientId).roles(Role.SERVICE)
                .issuedAt(Instant.now(), lifetime).mint();
        tokensIssued.computeIfAbsent(clientId, c -> new AtomicInteger()).incrementAndGet();
        send(ex, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetime.toSeconds()
                + ",\"token_type\":\"Bearer\",\"scope\":\"profile email\"}");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        send(ex, 200, body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The claims of one token; every setter has a sensible default (a valid 5-minute token of no role). */
    public final class TokenBuilder {
        private String subject = UUID.randomUUID().toString();
        private String username = "test-user";
        private String clientId = "energymon-cli";
        private String tenant;
        private List<String> enterprises = List.of();
        private List<String> roles = List.of();
        private List<String> audience = List.of(AUDIENCE, "account");
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofMinutes(5);

        public TokenBuilder username(String value) {
            this.username = value;
            return this;
        }

        /** The client the token was issued to ({@code azp}; default the CLI client). */
        public TokenBuilder clientId(String value) {
            this.clientId = value;
            return this;
        }

        public TokenBuilder tenant(String value) {
            this.tenant = value;
            return this;
        }

        public TokenBuilder enterprises(String... values) {
            this.enterprises = List.of(values);
            return this;
        }

        public TokenBuilder roles(Role... values) {
            this.roles = Arrays.stream(values).map(Role::claimValue).toList();
            return this;
        }

        /** Roles by their claim value, e.g. Keycloak's defaults. */
        public TokenBuilder roleNames(String... values) {
            this.roles = List.of(values);
            return this;
        }

        public TokenBuilder audience(String... values) {
            this.audience = List.of(values);
            return this;
        }

        /** Issued at this instant, valid for the lifetime (an expired token: issued an hour ago). */
        public TokenBuilder issuedAt(Instant value, Duration validFor) {
            this.issuedAt = value;
            this.lifetime = validFor;
            return this;
        }

        /** The signed token (compact serialisation). */
        public String mint() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                    .audience(audience).issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt))
                    .expirationTime(Date.from(issuedAt.plus(lifetime))).jwtID(UUID.randomUUID().toString())
                    .claim("preferred_username", username).claim("azp", clientId)
                    .claim("realm_access", Map.of("roles", roles));
            if (tenant != null) {
                claims.claim("tenant", tenant);
            }
            if (!enterprises.isEmpty()) {
                claims.claim("enterprises", enterprises);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            try {
                jwt.sign(new RSASSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            String token = jwt.serialize();
            // ... and each token's signature (the whole token is found by the scan's JWT rule anyway)
            SecretRegistry.registerTokenSignature("signature of a token minted by TestIdentityProvider", token);
            return token;
        }
    }
}
