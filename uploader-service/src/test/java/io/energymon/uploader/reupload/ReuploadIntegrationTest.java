package io.energymon.uploader.reupload;

import static io.energymon.uploader.testing.UploaderTestSupport.CODE;
import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.item;
import static io.energymon.uploader.testing.UploaderTestSupport.itemValue;
import static io.energymon.uploader.testing.UploaderTestSupport.platformDate;
import static io.energymon.uploader.testing.UploaderTestSupport.slotHoursAgo;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.Role;
import io.energymon.uploader.config.ReplicaId;
import io.energymon.uploader.delivery.RealtimeDelivery;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.outbox.OutboxProperties;
import io.energymon.uploader.outbox.OutboxRelay;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import io.energymon.security.testing.TestIdentityProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The re-upload action (补传) over the uploader's HTTP API, against the platform simulator, real PostgreSQL and Kafka:
 * the accepted values the request names are sent once more by the next delivery round, the others not, and the
 * attempt history shows both requests; bad requests get a bilingual 400, unknown platforms and enterprises a 404.
 * The audit event of a request goes through the outbox: nothing is lost while the broker cannot be reached, and a
 * crash between send and record sends the same event again. Each test has its own enterprise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"energymon.uploader.delivery-interval=PT1H",
                // a claim that a crashed replica left runs out within seconds here
                "energymon.uploader.outbox.lease=PT5S", "energymon.uploader.outbox.send-timeout=PT3S"})
class ReuploadIntegrationTest {
    private static final String TENANT = "tenant-reupload";
    private static final String R = uscc(901);
    private static final String CHECKED = uscc(902);
    private static final String BROKER_DOWN = uscc(903);
    private static final String CRASHED = uscc(904);
    private static final List<String> ENTERPRISES = List.of(R, CHECKED, BROKER_DOWN, CRASHED);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUDIT_TOPIC = UploaderTestSupport.newTopic("audit", false);

    @TempDir
    static Path tempDir;

    private static PlatformFixture fixture;

    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EnterpriseDirectory directory;
    @Autowired
    OutboxRelay relay;
    @Autowired
    OutboxProperties outboxProperties;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @LocalServerPort
    int port;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "reupload", ENTERPRISES, 1)
                    .withCredentials(TENANT, ENTERPRISES.toArray(String[]::new));
            for (String uscc : ENTERPRISES) {
                UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                        config(TENANT, uscc, 1, List.of(item(CODE, 0)), target("sim", true)));
            }
        }
        return fixture;
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        fixture().register(r, "uploader_reupload", "sim");
        r.add("energymon.uploader.audit-topic", () -> AUDIT_TOPIC);
    }

    @BeforeEach
    void firstRoundDone() {
        for (String uscc : ENTERPRISES) {
            awaitRevision(directory, TENANT, uscc, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void theMarkedValueIsSentOnceMoreByTheNextRoundAndTheHistoryShowsBothRequests() throws Exception {
        LocalDateTime again = slotHoursAgo(5);
        LocalDateTime untouched = again.plusMinutes(15);
        publish(R, again, "5.50");
        publish(R, untouched, "6.60");
        awaitQueued(R, again);
        awaitQueued(R, untouched);
        delivery.deliverAll();
        ReceivedValue first = received(R, again);
        ReceivedValue untouchedFirst = received(R, untouched);
        assertThat(first.dataValue()).isEqualTo("5.50");
        long elementsBefore = fixture.sim().acceptedElements(R);

        String manager = TestIdentityProvider.shared().token().tenant(TENANT).enterprises(R)
                .roles(Role.ENTERPRISE_MANAGER).username("reupload-manager").mint();
        HttpResponse<String> answer = post(R, """
                {"platformId": "sim", "dataCodes": ["%s"], "statType": 0, "from": "%s", "to": "%s"}
                """.formatted(CODE, again, untouched), manager);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("marked").asInt()).isEqualTo(1);
        AuditEvent audited = auditEventOf(R);
        assertThat(audited.action()).isEqualTo("REUPLOAD_REQUESTED");
        assertThat(audited.tenantId()).isEqualTo(TENANT);
        assertThat(audited.actor().username()).isEqualTo("reupload-manager");
        assertThat(audited.actor().roles()).containsExactly("enterprise-manager");
        assertThat(audited.target()).isEqualTo(new AuditEvent.Target("reupload", "sim"));
        assertThat(audited.detail()).containsEntry("marked", 1).containsEntry("statType", 0)
                .containsEntry("from", again.toString());
        assertThat(audited.clientAddress()).isEqualTo("198.51.100.77");
        JsonNode rows = JSON.readTree(get("/api/v1/tenants/" + TENANT + "/enterprises/" + R + "/uploads").body());
        JsonNode marked = rowAt(rows, again);
        assertThat(marked.get("status").asString()).isEqualTo("PENDING");
        assertThat(marked.get("reupload").asBoolean()).isTrue();
        assertThat(rowAt(rows, untouched).get("status").asString()).isEqualTo("SENT");

        delivery.deliverAll();

        ReceivedValue second = received(R, again);
        assertThat(second.dataValue()).isEqualTo("5.50");
        assertThat(second.receivedAt()).isAfter(first.receivedAt()); // the platform received it a second time
        assertThat(received(R, untouched).receivedAt()).isEqualTo(untouchedFirst.receivedAt());
        assertThat(fixture.sim().acceptedElements(R)).isEqualTo(elementsBefore + 1);
        JsonNode after = rowAt(JSON.readTree(get("/api/v1/tenants/" + TENANT + "/enterprises/" + R + "/uploads")
                .body()), again);
        assertThat(after.get("status").asString()).isEqualTo("SENT");
        assertThat(after.get("reupload").asBoolean()).isFalse();

        // the history: the first request with both values, then the re-upload of one (newest first)
        List<Integer> uploads = new ArrayList<>();
        for (JsonNode a : JSON.readTree(get("/api/v1/tenants/" + TENANT + "/enterprises/" + R + "/upload-attempts")
                .body())) {
            if (a.get("operation").asString().equals("uploadData") && a.get("accepted").asBoolean()) {
                uploads.add(a.get("itemCount").asInt());
            }
        }
        assertThat(uploads).containsExactly(1, 2);

        // once: a further round sends nothing
        delivery.deliverAll();
        assertThat(fixture.sim().acceptedElements(R)).isEqualTo(elementsBefore + 1);
    }

    @Test
    void badRangesAreBilingual400sAndUnknownPlatformsOrEnterprisesAre404s() throws Exception {
        LocalDateTime from = slotHoursAgo(2);
        HttpResponse<String> reversed = post(CHECKED, """
                {"platformId": "sim", "statType": 0, "from": "%s", "to": "%s"}""".formatted(from, from.minusHours(1)));
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(detail(reversed)).contains("from").contains(" / ").contains("必须早于");

        HttpResponse<String> tooLong = post(CHECKED, """
                {"platformId": "sim", "statType": 0, "from": "%s", "to": "%s"}""".formatted(from, from.plusDays(32)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(detail(tooLong)).contains("31 days").contains("31 天");

        LocalDateTime month = LocalDateTime.of(2024, 1, 1, 0, 0);
        HttpResponse<String> months = post(CHECKED, """
                {"platformId": "sim", "statType": 2, "from": "%s", "to": "%s"}""".formatted(month, month.plusMonths(24)));
        assertThat(months.statusCode()).as(months.body()).isEqualTo(200);
        assertThat(JSON.readTree(months.body()).get("marked").asInt()).isZero(); // nothing of this enterprise sent
        HttpResponse<String> tooManyMonths = post(CHECKED, """
                {"platformId": "sim", "statType": 2, "from": "%s", "to": "%s"}""".formatted(month, month.plusMonths(25)));
        assertThat(tooManyMonths.statusCode()).isEqualTo(400);
        assertThat(detail(tooManyMonths)).contains("24 months");

        HttpResponse<String> badStatType = post(CHECKED, """
                {"platformId": "sim", "statType": 7, "from": "%s", "to": "%s"}""".formatted(from, from.plusHours(1)));
        assertThat(badStatType.statusCode()).isEqualTo(400);
        assertThat(detail(badStatType)).contains("statType").contains(" / ");
        HttpResponse<String> unreadable = post(CHECKED, """
                {"platformId": "sim", "statType": 0, "from": "yesterday", "to": "%s"}""".formatted(from));
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(detail(unreadable)).contains("请求体无法解析").contains("cannot be read");

        HttpResponse<String> unknownPlatform = post(CHECKED, """
                {"platformId": "nowhere", "statType": 0, "from": "%s", "to": "%s"}""".formatted(from, from.plusHours(1)));
        assertThat(unknownPlatform.statusCode()).isEqualTo(404);
        assertThat(detail(unknownPlatform)).contains("nowhere").contains("未配置");
        HttpResponse<String> unknownEnterprise = post(uscc(999), """
                {"platformId": "sim", "statType": 0, "from": "%s", "to": "%s"}""".formatted(from, from.plusHours(1)));
        assertThat(unknownEnterprise.statusCode()).isEqualTo(404);
        assertThat(detail(unknownEnterprise)).contains(uscc(999)).contains("not configured");
    }

    @Test
    void aRequestWhileTheBrokerCannotBeReachedStaysInTheOutboxAndIsPublishedOnceTheRelayReachesIt() throws Exception {
        stopRelayWhenIdle();
        SimpleMeterRegistry cutOffMetrics = new SimpleMeterRegistry();
        OutboxRow row;
        try {
            HttpResponse<String> answer = post(BROKER_DOWN, reuploadBody());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            row = outboxRowOf(BROKER_DOWN);
            assertThat(row.publishedAt()).isNull();

            // a relay whose broker connection fails (nothing listens on its port): the event stays, the attempt is
            // counted and backed off
            DefaultKafkaProducerFactory<String, byte[]> unreachable = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            try {
                OutboxRelay cutOff = new OutboxRelay(jdbc, new KafkaTemplate<>(unreachable), outboxProperties,
                        new ReplicaId("cut-off"), cutOffMetrics);
                assertThat(cutOff.relayOnce()).isEqualTo(1);
            } finally {
                unreachable.destroy();
            }
            OutboxRow failed = outboxRowOf(BROKER_DOWN);
            assertThat(failed.publishedAt()).isNull();
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).isNotBlank();
            assertThat(failed.nextAttemptAt()).isAfter(failed.createdAt());
            assertThat(cutOffMetrics.counter("uploader_outbox_send_failures_total").count()).isEqualTo(1.0);
            assertThat(cutOffMetrics.counter("uploader_outbox_published_total").count()).isZero();
        } finally {
            relay.start();
        }

        // the relay that reaches the broker publishes it after the back-off: the same event, once
        AuditEvent published = auditEventOf(BROKER_DOWN);
        assertThat(published.eventId()).isEqualTo(row.eventId());
        assertThat(published.action()).isEqualTo("REUPLOAD_REQUESTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRowOf(BROKER_DOWN).publishedAt() != null);
    }

    @Test
    void aCrashBetweenSendAndRecordSendsTheSameEventAgainOnceTheClaimRanOut() throws Exception {
        stopRelayWhenIdle();
        OutboxRow row;
        try {
            HttpResponse<String> answer = post(CRASHED, reuploadBody());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            row = outboxRowOf(CRASHED);

            // claim, commit, send ... and the replica dies before it records the acknowledgement
            OutboxRelay.Claim claim = relay.claim();
            assertThat(claim.rows()).extracting(OutboxRelay.Row::eventId).containsExactly(row.eventId());
            assertThat(relay.send(claim).published()).containsExactly(row.id());
            // another replica leaves the claimed row alone while the claim holds
            OutboxRelay other = new OutboxRelay(jdbc, kafka, outboxProperties, new ReplicaId("other"),
                    new SimpleMeterRegistry());
            assertThat(other.claim().rows()).isEmpty();
            assertThat(outboxRowOf(CRASHED).publishedAt()).isNull();
        } finally {
            relay.start();
        }

        // the claim runs out (5 s here): the relay sends the row again, with the same event id (the portal stores
        // an event id once, AuditIntegrationTest), and records it this time
        List<AuditEvent> events = auditEventsOf(CRASHED, 2);
        assertThat(events).hasSize(2).extracting(AuditEvent::eventId).containsOnly(row.eventId());
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRowOf(CRASHED).publishedAt() != null);
    }

    private static String reuploadBody() {
        LocalDateTime from = slotHoursAgo(3);
        return """
                {"platformId": "sim", "statType": 0, "from": "%s", "to": "%s"}""".formatted(from, from.plusHours(1));
    }

    /** Stops the application's relay once it has published every pending row (those of the other tests). */
    private void stopRelayWhenIdle() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from outbox "
                + "where published_at is null and parked_at is null").query(Long.class).single() == 0);
        relay.stop();
    }

    private record OutboxRow(long id, UUID eventId, int attempts, String lastError, Instant createdAt,
                             Instant nextAttemptAt, Instant publishedAt) {
    }

    /** The single outbox row of this enterprise's audit events. */
    private OutboxRow outboxRowOf(String uscc) {
        List<OutboxRow> rows = new ArrayList<>();
        jdbc.sql("select id, event_id, attempts, last_error, created_at, next_attempt_at, published_at, payload "
                        + "from outbox where topic = ?")
                .param(AUDIT_TOPIC)
                .query(rs -> {
                    if (uscc.equals(EventCodec.decode(rs.getBytes(8), AuditEvent.class).enterpriseCode())) {
                        Timestamp published = rs.getTimestamp(7);
                        rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                                published == null ? null : published.toInstant()));
                    }
                });
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static JsonNode rowAt(JsonNode rows, LocalDateTime statDate) {
        for (JsonNode row : rows) {
            if (LocalDateTime.parse(row.get("statDate").asString()).equals(statDate)) {
                return row;
            }
        }
        throw new AssertionError("no upload row at " + statDate + " in " + rows);
    }

    private static String detail(HttpResponse<String> answer) {
        return JSON.readTree(answer.body()).get("detail").asString();
    }

    /** The audit event of this enterprise on the audit topic (keyed by tenant; read from the start): exactly one. */
    private static AuditEvent auditEventOf(String uscc) {
        List<AuditEvent> found = auditEventsOf(uscc, 1);
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** The audit events of this enterprise on the audit topic, read from the start until at least {@code count}. */
    private static List<AuditEvent> auditEventsOf(String uscc, int count) {
        List<AuditEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(AUDIT_TOPIC)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(r.key()).isEqualTo(TENANT);
                    AuditEvent e = EventCodec.decode(r.value(), AuditEvent.class);
                    if (uscc.equals(e.enterpriseCode())) {
                        found.add(e);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    private HttpResponse<String> post(String uscc, String body) throws Exception {
        return post(uscc, body, TestIdentityProvider.shared().service());
    }

    private HttpResponse<String> post(String uscc, String body, String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/" + TENANT
                                    + "/enterprises/" + uscc + "/uploads/reupload"))
                            .header("Content-Type", "application/json")
                            .header("X-Forwarded-For", "198.51.100.77")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TestIdentityProvider.shared().service()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void publish(String uscc, LocalDateTime slot, String value) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), itemValue(TENANT, uscc, slot, value, 1));
    }

    private void awaitQueued(String uscc, LocalDateTime slot) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from upload_item "
                        + "where enterprise_code = ? and stat_date = ?")
                .params(uscc, Timestamp.valueOf(slot)).query(Long.class).single() == 1);
    }

    private static ReceivedValue received(String uscc, LocalDateTime slot) {
        String d = platformDate(slot);
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(uscc) && v.statDate().equals(d)).findFirst().orElseThrow();
    }
}
