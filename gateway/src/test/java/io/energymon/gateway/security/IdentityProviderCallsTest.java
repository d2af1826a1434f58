package io.energymon.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;

/** A Keycloak that accepts the connection and never answers fails the code exchange after the timeout. */
class IdentityProviderCallsTest {

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSilentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept()); // read nothing, answer nothing
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void aCodeExchangeWithAnIdentityProviderThatNeverAnswersFailsAfterTheTimeout() {
        IdentityProviderCalls calls = new IdentityProviderCalls(Duration.ofSeconds(1));
        String base = "http://127.0.0.1:" + silent.getLocalPort();
        ClientRegistration registration = ClientRegistration.withRegistrationId("keycloak")
                .clientId("energymon-gateway").clientSecret("s")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1/login/oauth2/code/keycloak")
                .authorizationUri(base + "/auth").tokenUri(base + "/token").build();
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(base + "/auth").clientId("energymon-gateway")
                .redirectUri("http://127.0.0.1/login/oauth2/code/keycloak").state("st").build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success("code")
                .redirectUri("http://127.0.0.1/login/oauth2/code/keycloak").state("st").build();
        OAuth2AuthorizationCodeGrantRequest grant = new OAuth2AuthorizationCodeGrantRequest(registration,
                new OAuth2AuthorizationExchange(request, response));

        assertThatThrownBy(() -> calls.authorizationCodeTokenResponseClient().getTokenResponse(grant)
                .block(Duration.ofSeconds(120)))
                .as("the exchange ends with the client's read timeout, not with the test's own 120 s limit")
                .hasStackTraceContaining("ReadTimeout");
        assertThat(accepted).as("the request did reach the silent server").isNotEmpty();
    }

    @Test
    void aZeroTimeoutIsRefusedAtStart() {
        assertThatThrownBy(() -> new IdentityProviderCalls(Duration.ZERO))
                .hasMessageContaining("identity-provider-timeout");
    }
}
