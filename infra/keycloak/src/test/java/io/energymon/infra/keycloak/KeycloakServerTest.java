package io.energymon.infra.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Keycloak with the project's realm: tokens carry what the security contract promises. */
class KeycloakServerTest {

    private static final String HONGDU_1 = "91360100MA35K8P233";
    private static final String HONGDU_2 = "91360100MA35K8P158";

    private static KeycloakServer keycloak;
    private static JWKSet jwks;

    @BeforeAll
    static void start() throws Exception {
        keycloak = SharedKeycloak.get();
        jwks = JWKSet.load(keycloak.jwksUri().toURL());
    }

    /** Verifies the RS256 signature against the realm's JWKS and returns the claims. */
    private static JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("signing key %s in the realm's JWKS", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
        assertThat(claims.getAudience()).contains(KeycloakServer.API_AUDIENCE);
        assertThat(claims.getExpirationTime()).isAfter(new Date());
        return claims;
    }

    @SuppressWarnings("unchecked")
    private static List<String> roles(JWTClaimsSet claims) throws Exception {
        Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
        return (List<String>) realmAccess.get("roles");
    }

    @Test
    void enterpriseManagerTokenCarriesTenantOneEnterpriseAndTheRolesItImplies() throws Exception {
        JWTClaimsSet claims = verified(keycloak.token("hongdu-manager"));

        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("hongdu-manager");
        assertThat(claims.getSubject()).isNotBlank();
        assertThat(claims.getStringClaim("tenant")).isEqualTo("hongdu-group");
        assertThat(claims.getStringListClaim("enterprises")).containsExactly(HONGDU_1);
        assertThat(roles(claims)).contains("enterprise-manager", "enterprise-operator", "viewer")
                .doesNotContain("tenant-admin", "platform-operator", "service");
    }

    @Test
    void tenantAdminTokenListsBothEnterprisesOfItsTenant() throws Exception {
        JWTClaimsSet claims = verified(keycloak.token("hongdu-admin"));

        assertThat(claims.getStringClaim("tenant")).isEqualTo("hongdu-group");
        assertThat(claims.getStringListClaim("enterprises")).containsExactlyInAnyOrder(HONGDU_1, HONGDU_2);
        assertThat(roles(claims)).contains("tenant-admin").doesNotContain("platform-operator");
    }

    @Test
    void usersOfTheOtherTenantCarryTheirOwnTenant() throws Exception {
        JWTClaimsSet operator = verified(keycloak.token("ganjiang-operator"));
        assertThat(operator.getStringClaim("tenant")).isEqualTo("ganjiang-saas");
        assertThat(operator.getStringListClaim("enterprises")).containsExactly("91360700MA37Q2W50Q");
        assertThat(roles(operator)).contains("enterprise-operator", "viewer").doesNotContain("enterprise-manager");

        JWTClaimsSet viewer = verified(keycloak.token("hongdu-viewer"));
        assertThat(roles(viewer)).contains("viewer").doesNotContain("enterprise-operator");
    }

    @Test
    void platformOperatorHasTheRoleAndNoTenant() throws Exception {
        JWTClaimsSet claims = verified(keycloak.token("platform-ops"));

        assertThat(roles(claims)).contains("platform-operator").doesNotContain("tenant-admin", "service");
        assertThat(claims.getClaim("tenant")).isNull();
        assertThat(claims.getClaim("enterprises")).isNull();
    }

    @Test
    void everyServiceClientGetsAServiceTokenWithoutTenant() throws Exception {
        assertThat(keycloak.serviceClients()).containsExactlyInAnyOrder("energymon-portal-service",
                "energymon-aggregator", "energymon-uploader", "energymon-collector");
        for (String client : keycloak.serviceClients()) {
            JWTClaimsSet claims = verified(keycloak.serviceToken(client));
            assertThat(roles(claims)).as(client).contains("service").doesNotContain("platform-operator");
            assertThat(claims.getClaim("tenant")).as(client).isNull();
            assertThat(claims.getStringClaim("azp")).isEqualTo(client);
        }
    }

    @Test
    void wrongClientSecretIsRefused() throws Exception {
        String form = "grant_type=client_credentials&client_id=energymon-aggregator&client_secret=not-the-secret";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(keycloak.tokenEndpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("unauthorized_client");
    }

    @Test
    void aWrongPasswordIsALoginErrorInKeycloaksEventLogWithoutThePassword() throws Exception {
        // a wrong password typed on Keycloak's own form never reaches the gateway: Keycloak's events record it
        String wrong = "wrong-" + UUID.randomUUID();
        String form = "grant_type=password&client_id=" + KeycloakServer.CLI_CLIENT + "&username=ganjiang-operator"
                + "&password=" + wrong;
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(keycloak.tokenEndpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_grant");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> errors = List.of();
        while (errors.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            errors = Files.readAllLines(keycloak.logFile(), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("type=\"LOGIN_ERROR\"") && l.contains("username=\"ganjiang-operator\""))
                    .toList();
        }
        assertThat(errors).as("LOGIN_ERROR in %s", keycloak.logFile()).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("error=\"invalid_user_credentials\"")
                        .contains("realmName=\"energymon\"").contains("ipAddress="));
        assertThat(Files.readString(keycloak.logFile(), StandardCharsets.UTF_8)).doesNotContain(wrong);
    }

    @Test
    void secretsAndPasswordsAreGeneratedNotCommitted() throws Exception {
        String realmFile;
        try (InputStream in = getClass().getResourceAsStream("/keycloak/energymon-realm.json")) {
            realmFile = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(keycloak.sampleUsers()).containsExactlyInAnyOrder("hongdu-admin", "hongdu-manager",
                "hongdu-operator", "hongdu-viewer", "ganjiang-admin", "ganjiang-operator", "platform-ops");
        for (String user : keycloak.sampleUsers()) {
            assertThat(keycloak.password(user)).hasSizeGreaterThanOrEqualTo(16);
            assertThat(realmFile).doesNotContain(keycloak.password(user));
        }
        String gatewaySecret = keycloak.clientSecret(KeycloakServer.GATEWAY_CLIENT);
        assertThat(gatewaySecret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(realmFile).doesNotContain(gatewaySecret).contains("{{secret:energymon-gateway}}");
        assertThatThrownBy(() -> keycloak.password("nobody")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShortLivedClientsTokensExpireOneSecondAfterIssue() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(keycloak.shortLivedToken("hongdu-admin")).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
        assertThat(claims.getStringClaim("azp")).isEqualTo(KeycloakServer.SHORT_LIVED_CLIENT);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(1000);
        assertThat(claims.getStringClaim("tenant")).isEqualTo("hongdu-group");
    }

    @Test
    void theOtherRealmsTokenCarriesTheSameClaimsUnderAnotherIssuerAndKeys() throws Exception {
        SignedJWT jwt = SignedJWT.parse(keycloak.otherRealmToken());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(keycloak.otherRealmIssuer()).isNotEqualTo(keycloak.issuer());
        assertThat(claims.getIssuer()).isEqualTo(keycloak.otherRealmIssuer());
        assertThat(claims.getAudience()).contains(KeycloakServer.API_AUDIENCE);
        assertThat(claims.getStringClaim("tenant")).isEqualTo("hongdu-group");
        assertThat(claims.getStringListClaim("enterprises")).containsExactlyInAnyOrder(HONGDU_1, HONGDU_2);
        assertThat(roles(claims)).contains("tenant-admin", "platform-operator");
        assertThat(jwks.getKeyByKeyId(jwt.getHeader().getKeyID())).as("signed by a key of another realm").isNull();
        assertThat(keycloak.otherRealmPasswords().get("hongdu-admin")).isNotEqualTo(keycloak.password("hongdu-admin"));
    }

    @Test
    void discoveryDocumentNamesTheIssuerAndPkce() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(keycloak.discoveryUri()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"issuer\":\"" + keycloak.issuer() + "\"")
                .contains("\"code_challenge_methods_supported\":[").contains("S256");
        assertThat(URI.create(keycloak.issuer()).getHost()).isEqualTo("127.0.0.1");
    }
}
