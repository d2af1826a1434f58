package io.energymon.uploader.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alarm webhook against a tiny local HTTP server: the alarm's JSON once, per-platform URLs, one attempt only. */
class AlarmWebhookTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.createContext("/hangs", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static AlarmEvent alarm(String platformId) {
        UUID id = UUID.randomUUID();
        return new AlarmEvent(id, id, "tenant-w", UploaderTestSupport.uscc(1), UploadAlarms.SOURCE, UploadAlarms.TYPE,
                platformId, AlarmEvent.State.RAISED, "连续 8 次上传失败 / 8 consecutive uploads failed",
                Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void postsTheAlarmJsonToThePlatformsUrlOrElseTheGlobalOne() throws Exception {
        AlarmWebhook webhook = new AlarmWebhook(new AlarmWebhookProperties(url("/ok/global"),
                Map.of("jiangxi", url("/ok/jiangxi")), Duration.ofSeconds(5)));
        AlarmEvent jiangxi = alarm("jiangxi");
        assertThat(webhook.notify(jiangxi).get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(webhook.notify(alarm("other")).get(30, TimeUnit.SECONDS)).isTrue();
        webhook.destroy();

        assertThat(paths).containsExactly("/ok/jiangxi", "/ok/global");
        AlarmEvent posted = EventCodec.decode(bodies.getFirst().getBytes(StandardCharsets.UTF_8),
                AlarmEvent.class);
        assertThat(posted).isEqualTo(jiangxi);
        assertThat(bodies.getFirst()).contains("\"type\":\"UPLOAD_FAILING\"").contains("\"state\":\"RAISED\"");
    }

    @Test
    void withoutAUrlNothingIsSent() throws Exception {
        AlarmWebhook webhook = new AlarmWebhook(new AlarmWebhookProperties(null, Map.of("jiangxi", url("/ok/j")),
                Duration.ofSeconds(5)));
        assertThat(webhook.notify(alarm("other")).get(30, TimeUnit.SECONDS)).isFalse();
        webhook.destroy();
        assertThat(paths).isEmpty();
    }

    @Test
    void anErrorAnswerOrAnEndpointThatDoesNotAnswerIsOneAttemptLoggedAndNotRetried() throws Exception {
        AlarmWebhook broken = new AlarmWebhook(new AlarmWebhookProperties(url("/broken"), Map.of(),
                Duration.ofSeconds(5)));
        assertThat(broken.notify(alarm("jiangxi")).get(30, TimeUnit.SECONDS)).isFalse();
        broken.destroy();

        AlarmWebhook hanging = new AlarmWebhook(new AlarmWebhookProperties(url("/hangs"), Map.of(),
                Duration.ofMillis(500)));
        assertThat(hanging.notify(alarm("jiangxi")).get(30, TimeUnit.SECONDS)).isFalse(); // gave up at its timeout
        release.countDown();
        hanging.destroy();

        assertThat(paths).containsExactly("/broken", "/hangs");
    }
}
