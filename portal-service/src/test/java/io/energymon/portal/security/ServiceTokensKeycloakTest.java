package io.energymon.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.energymon.infra.keycloak.KeycloakServer;
import io.energymon.infra.keycloak.SharedKeycloak;
import io.energymon.portal.Api;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.ServiceTokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal's own identity against the real Keycloak with the project's realm: the portal trusts that Keycloak as
 * its issuer and holds the secret Keycloak generated for its client {@code energymon-portal-service}. Its
 * {@link ServiceTokens} obtains a client-credentials token that a resource server (the portal itself, validating
 * against Keycloak's JWKS) accepts where a service is required; a wrong secret gives a clear error.
 */
class ServiceTokensKeycloakTest extends PortalTestBase {
    private static final String CLIENT = "energymon-portal-service";
    private static final KeycloakServer KEYCLOAK = SharedKeycloak.get();

    @Autowired
    ServiceTokens tokens;

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry r) {
        r.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", KEYCLOAK::issuer);
        r.add("energymon.security.client-secret", () -> KEYCLOAK.clientSecret(CLIENT));
    }

    private Api as(String token) {
        return api().as(() -> token);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePortalsOwnTokenCarriesRoleServiceAndIsAcceptedWhereAServiceIsRequired() throws Exception {
        assertThat(tokens.configured()).isTrue();
        assertThat(tokens.clientId()).isEqualTo(CLIENT);
        String token = tokens.token();

        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(KEYCLOAK.issuer());
        assertThat(claims.getAudience()).contains(KeycloakServer.API_AUDIENCE);
        assertThat(claims.getStringClaim("azp")).isEqualTo(CLIENT);
        assertThat((List<Object>) claims.getJSONObjectClaim("realm_access").get("roles")).contains("service");
        assertThat(claims.getClaim("tenant")).isNull();

        // the resource server (signature against Keycloak's JWKS, issuer, expiry, audience) admits it: actuator
        // endpoints other than health need platform-operator or service, as the collector's /actuator/devices does
        assertThat(as(token).get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(as(token).get("/api/v1/tenants").status()).isEqualTo(200);
        // a user's token is refused there
        assertThat(as(KEYCLOAK.token("hongdu-admin")).get("/actuator/prometheus").status()).isEqualTo(403);
        // and the token is kept, not fetched again for each call
        assertThat(tokens.token()).isSameAs(token);
    }

    @Test
    void aWrongSecretIsRefusedByKeycloakWithAClearErrorThatHoldsNoSecret() {
        String wrong = "not-the-secret-of-the-portal";
        ServiceTokens wrongTokens = new ServiceTokens(KEYCLOAK.issuer(), CLIENT, wrong);

        assertThatThrownBy(wrongTokens::token).isInstanceOf(ServiceTokens.ServiceTokenException.class)
                .hasMessageContaining("refused the client credentials of " + CLIENT)
                .hasMessageContaining("HTTP 401 unauthorized_client")
                .hasMessageContaining(KEYCLOAK.tokenEndpoint().toString())
                .message().doesNotContain(wrong).doesNotContain(KEYCLOAK.clientSecret(CLIENT));
    }
}
