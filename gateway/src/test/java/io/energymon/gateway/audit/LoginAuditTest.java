package io.energymon.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.energymon.gateway.ratelimit.RateLimitProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * {@link LoginAudit} when the broker cannot be reached (a real Kafka client against a port nobody listens on): the
 * failed login is neither thrown at the caller nor lost silently: it is counted and logged, without the callback's
 * code or state.
 */
class LoginAuditTest {

    @Test
    void aFailedLoginThatCannotBeSentIsCountedAndLoggedWithoutCodeOrState() throws Exception {
        DefaultKafkaProducerFactory<String, byte[]> unreachable = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        LoginAudit audit = new LoginAudit(new KafkaTemplate<>(unreachable),
                new WebSessionServerOAuth2AuthorizedClientRepository(), "audit-unreachable",
                new RateLimitProperties(null, null, null, null, null), metrics);
        Logger logger = (Logger) LoggerFactory.getLogger(LoginAudit.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        String code = "code-" + UUID.randomUUID();
        String state = "state-" + UUID.randomUUID();
        try {
            MockServerWebExchange callback = MockServerWebExchange.from(MockServerHttpRequest
                    .get("/login/oauth2/code/keycloak?code={code}&state={state}", code, state)
                    .remoteAddress(new InetSocketAddress("203.0.113.9", 40000)).header("User-Agent", "probe/1"));

            audit.loginFailed(new OAuth2AuthenticationException(new OAuth2Error("invalid_grant")), callback)
                    .block(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    metrics.counter("gateway_audit_send_failures_total").count() == 1.0);
            // once: the send that fails at once is not counted a second time by its callback
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                    metrics.counter("gateway_audit_send_failures_total").count() == 1.0);
            List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).singleElement().satisfies(l -> assertThat(l).contains("LOGIN_FAILED")
                    .contains("audit-unreachable"));
            assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(code).doesNotContain(state));
        } finally {
            logger.detachAppender(logged);
            audit.destroy();
            unreachable.destroy();
        }
    }

    @Test
    void theReasonIsTheOAuth2ErrorCodeOrOtherWhenTheCallbackSentSomethingElse() {
        assertThat(LoginAudit.reasonOf(new OAuth2AuthenticationException(new OAuth2Error("access_denied"))))
                .isEqualTo("access_denied");
        assertThat(LoginAudit.reasonOf(new OAuth2AuthenticationException(new OAuth2Error("<b>code=abc</b>"))))
                .isEqualTo("other");
        assertThat(LoginAudit.reasonOf(new OAuth2AuthenticationException(new OAuth2Error("x".repeat(65)))))
                .isEqualTo("other");
        assertThat(LoginAudit.reasonOf(new BadCredentialsException("no"))).isEqualTo("authentication_failed");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
