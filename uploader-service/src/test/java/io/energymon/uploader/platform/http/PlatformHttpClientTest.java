package io.energymon.uploader.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.pki.DevPki;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.platform.national.NationalDialect;
import io.energymon.uploader.platform.national.NationalDialectSettings;
import io.energymon.uploader.platform.national.ValidPolarity;
import io.energymon.uploader.platform.tls.Pkcs12TlsContextProvider;
import io.energymon.uploader.platform.tls.TlsContextProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform HTTP client against web stacks that answer HTTP/1.0 and close, or close kept-alive connections with
 * or without answering ({@link RawHttpsServer}), through the national dialect's data upload.
 */
class PlatformHttpClientTest {

    static final String A = "91360100MA35K8P233";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static DevPki pki;
    static TlsContextProvider tls;

    @BeforeAll
    static void pki() {
        pki = DevPki.create(dir.resolve("pki"), List.of(A));
        tls = new Pkcs12TlsContextProvider(pki.clientKeystore(A), pki.password(), pki.truststore(), pki.password(),
                Pkcs12TlsContextProvider.DEFAULT_PROTOCOLS);
    }

    static NationalDialect plainDialect(HttpSettings http) {
        return new NationalDialect(new NationalDialectSettings(false, ValidPolarity.BOOLEAN_TRUE,
                http.responseTimeout()), http, tls);
    }

    static Registration registration(RawHttpsServer server) {
        return new Registration(A, "0123456789abcdef0123456789abcdef", null,
                Map.of(Registration.CENTER_DATA_URL, server.url("/nhjc/centerData")), null);
    }

    static DataRecord value(int i) {
        return new DataRecord("0000000002330011", BigDecimal.valueOf(i), 4, 0,
                LocalDateTime.of(2025, 3, 1, 0, 0).plusMinutes(15L * i), LocalDateTime.of(2025, 3, 2, 1, 38), 1, true);
    }

    static String sentValue(String body) {
        return JSON.readTree(body).get("data").get(0).get("dataValue").asString();
    }

    @Test
    void hundredSequentialUploadsAllSucceedOnAStackThatClosesConnections() throws Exception {
        try (RawHttpsServer server = new RawHttpsServer(pki, 0);
             NationalDialect dialect = plainDialect(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                     Duration.ofSeconds(30)))) {
            Registration registration = registration(server);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                UploadOutcome outcome = dialect.uploadData(registration, List.of(value(i)));
                assertThat(outcome.accepted()).as("upload %d: %s", i, outcome.responseMessage()).isTrue();
                expected.add(Integer.toString(i));
            }
            // every value answered exactly once, in order; the dropped requests were sent again on a new connection
            assertThat(server.answered()).extracting(PlatformHttpClientTest::sentValue)
                    .containsExactlyElementsOf(expected);
            assertThat(server.dropped()).as("requests dropped by the server").isGreaterThanOrEqualTo(20);
            assertThat(server.requests()).isEqualTo(100 + server.dropped());
        }
    }

    @Test
    void clientsNeedNoThreadOfTheirOwn() throws Exception {
        try (RawHttpsServer server = new RawHttpsServer(pki, 0)) {
            // warm-up: the JVM-wide idle-connection reaper starts with the first client
            try (NationalDialect first = plainDialect(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(30)))) {
                assertThat(first.uploadData(registration(server), List.of(value(0))).accepted()).isTrue();
            }
            // threads of this JVM are shared with other tests: only HTTP threads started meanwhile count (a JDK
            // HttpClient would start "HttpClient-N-SelectorManager", an async Apache client "httpclient-dispatch-N")
            java.util.Set<Long> before = liveThreadIds();
            List<NationalDialect> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    NationalDialect d = plainDialect(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                            Duration.ofSeconds(30)));
                    clients.add(d);
                    assertThat(d.uploadData(registration(server), List.of(value(i))).accepted()).isTrue();
                }
                assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t.threadId()))
                        .extracting(Thread::getName).as("HTTP threads started by 30 clients")
                        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("http"));
            } finally {
                clients.forEach(NationalDialect::close);
            }
        }
    }

    private static java.util.Set<Long> liveThreadIds() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> ids.add(t.threadId()));
        return ids;
    }

    @Test
    void aSlowAnswerIsATimeoutAndIsNotSentTwice() throws Exception {
        try (RawHttpsServer server = new RawHttpsServer(pki, 2_000);
             NationalDialect dialect = plainDialect(new HttpSettings(Duration.ofSeconds(5), Duration.ofMillis(300),
                     Duration.ofSeconds(30)))) {
            assertThatThrownBy(() -> dialect.uploadData(registration(server), List.of(value(1))))
                    .isInstanceOf(PlatformTransportException.class)
                    .hasMessageContaining("timeout");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (RawHttpsServer server = new RawHttpsServer(pki, 1);
             PlatformHttpClient client = new PlatformHttpClient(new HttpSettings(Duration.ofSeconds(5),
                     Duration.ofSeconds(5), Duration.ofMillis(50)), tls)) {
            HttpAnswer answer = client.post(server.url("/nhjc/centerData"), "{}", Map.of());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(RawHttpsServer.OK_JSON);
            assertThat(client.openConnections()).isEqualTo(1);
            // once it has been idle longer than the 50 ms idle timeout, the sweep closes it
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        client.closeIdleConnections();
                        return client.openConnections() == 0;
                    });
            assertThat(client.openConnections()).isZero();
        }
    }

    @Test
    void onlyDeadConnectionsAreRepeated() {
        assertThat(PlatformHttpClient.deadConnection(new org.apache.hc.core5.http.NoHttpResponseException("x")))
                .isTrue();
        assertThat(PlatformHttpClient.deadConnection(new java.net.SocketException("Connection reset"))).isTrue();
        assertThat(PlatformHttpClient.deadConnection(new java.net.ConnectException("refused"))).isFalse();
        assertThat(PlatformHttpClient.deadConnection(new java.net.SocketTimeoutException("Read timed out")))
                .isFalse();
    }
}
