package io.energymon.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.energymon.security.testing.TestIdentityProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client-credentials token source against an identity provider speaking the protocol over HTTP (discovery
 * document, token endpoint): caching until shortly before expiry, one request for many threads, a clear error when
 * the client is refused. The same class against the real Keycloak: portal-service's ServiceTokensKeycloakTest.
 */
class ServiceTokensTest {
    private static final String CLIENT = "energymon-test-service";

    private final TestIdentityProvider idp = TestIdentityProvider.start();

    @AfterEach
    void stop() {
        idp.close();
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTokenIsAServiceTokenOfTheClientAndIsKeptUntilShortlyBeforeItExpires() throws Exception {
        idp.serviceTokenLifetime(Duration.ofSeconds(300));
        ManualClock clock = new ManualClock();
        ServiceTokens tokens = new ServiceTokens(idp.issuer() + "/", CLIENT, idp.clientSecret(CLIENT), clock);
        assertThat(tokens.configured()).isTrue();

        String first = tokens.token();
        var claims = SignedJWT.parse(first).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(idp.issuer());
        assertThat(claims.getStringClaim("azp")).isEqualTo(CLIENT);
        assertThat((List<Object>) claims.getJSONObjectClaim("realm_access").get("roles")).containsExactly("service");
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(269)); // 300 s lifetime, replaced 30 s before it ends
        assertThat(tokens.token()).isSameAs(first);
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        String second = tokens.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(2);
        assertThat(tokens.token()).isSameAs(second);
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsReplacedAtHalfItsLifetime() {
        idp.serviceTokenLifetime(Duration.ofSeconds(20));
        ManualClock clock = new ManualClock();
        ServiceTokens tokens = new ServiceTokens(idp.issuer(), CLIENT, idp.clientSecret(CLIENT), clock);

        String first = tokens.token();
        clock.advance(Duration.ofSeconds(9));
        assertThat(tokens.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token()).isNotEqualTo(first);
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(2);
    }

    @Test
    void manyThreadsAskingAtOnceCauseOneTokenRequest() throws Exception {
        ServiceTokens tokens = new ServiceTokens(idp.issuer(), CLIENT, idp.clientSecret(CLIENT));
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        Callable<String> ask = () -> {
            start.await();
            return tokens.token();
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> answers = IntStream.range(0, threads).mapToObj(i -> pool.submit(ask)).toList();
            start.countDown();
            List<String> got = answers.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().toList();
            assertThat(got).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(1);
    }

    @Test
    void anInvalidatedTokenIsReplacedAtTheNextCall() {
        ServiceTokens tokens = new ServiceTokens(idp.issuer(), CLIENT, idp.clientSecret(CLIENT));
        String first = tokens.token();
        tokens.invalidate("some other token");
        assertThat(tokens.token()).isSameAs(first);

        tokens.invalidate(first);
        assertThat(tokens.token()).isNotEqualTo(first);
        assertThat(idp.tokensIssued(CLIENT)).isEqualTo(2);
    }

    @Test
    void aWrongSecretGivesAClearErrorThatNamesTheClientButNotTheSecret() {
        idp.clientSecret(CLIENT);
        String wrong = "wrong-secret-0123456789";
        ServiceTokens tokens = new ServiceTokens(idp.issuer(), CLIENT, wrong);

        assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokens.ServiceTokenException.class)
                .hasMessageContaining("refused the client credentials of " + CLIENT)
                .hasMessageContaining("HTTP 401 unauthorized_client")
                .hasMessageContaining("ENERGYMON_SECURITY_CLIENT_SECRET")
                .message().doesNotContain(wrong);
        assertThat(idp.tokensIssued(CLIENT)).isZero();
    }

    @Test
    void anUnreachableIssuerGivesAClearError() {
        TestIdentityProvider gone = TestIdentityProvider.start();
        String issuer = gone.issuer();
        gone.close();
        ServiceTokens tokens = new ServiceTokens(issuer, CLIENT, "any-secret-value");

        assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokens.ServiceTokenException.class)
                .hasMessageContaining("discovery for " + CLIENT + " to " + issuer + "/.well-known/openid-configuration failed");
    }

    @Test
    void withoutASecretTheServiceHasNoIdentityOfItsOwn() {
        ServiceTokens tokens = new ServiceTokens(idp.issuer(), CLIENT, " ");

        assertThat(tokens.configured()).isFalse();
        assertThatThrownBy(tokens::token).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ENERGYMON_SECURITY_CLIENT_SECRET");
        assertThat(new ServiceTokens(idp.issuer(), CLIENT, "s3cret-value").toString()).doesNotContain("s3cret");
        assertThat(new EnergymonSecurityProperties(true, "energymon-api", List.of(), CLIENT, "s3cret-value")
                .toString()).doesNotContain("s3cret").contains("clientSecret=(set)");
    }
}
