package io.energymon.aggregator.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.Role;
import io.energymon.security.testing.TestIdentityProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Acknowledging an alarm with a comment over HTTP on real PostgreSQL and Kafka: stored with who and when, every
 * acknowledgement kept and the newest listed by {@code GET /alarms}, an {@code ALARM_ACKNOWLEDGED} audit event
 * relayed from the outbox to the (test's own) audit topic; a viewer refused, a bad comment 400, an alarm of another
 * enterprise of the tenant or an unknown one 404. Each test owns its tenant and alarms (inserted as the alarm job
 * would have raised them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AlarmAcknowledgementIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360100MA35K8P340";
    private static final String AUDIT_TOPIC = newTopic();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_alarm_ack", TestConfigs.newConfigTopic());
        r.add("energymon.aggregator.audit-topic", () -> AUDIT_TOPIC);
    }

    @Test
    void anAcknowledgementIsStoredListedNewestFirstAndAudited() {
        String tenant = "tenant-ack";
        UUID alarm = raise(tenant, A, Instant.parse("2027-05-01T01:00:00Z"));
        UUID other = raise(tenant, A, Instant.parse("2027-05-01T00:00:00Z"));
        String operator = TestIdentityProvider.shared().token().username("op-li").tenant(tenant).enterprises(A)
                .roles(Role.ENTERPRISE_OPERATOR).mint();

        HttpResponse<String> first = post(tenant, A, alarm, "{\"comment\":\"  电表已检查 / meter checked  \"}", operator);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode ack = JSON.readTree(first.body());
        assertThat(ack.path("alarmId").asString()).isEqualTo(alarm.toString());
        assertThat(ack.path("acknowledgedBy").asString()).isEqualTo("op-li");
        assertThat(ack.path("comment").asString()).isEqualTo("电表已检查 / meter checked"); // trimmed

        String manager = TestIdentityProvider.shared().token().username("mgr-wang").tenant(tenant).enterprises(A)
                .roles(Role.ENTERPRISE_MANAGER).mint();
        String longest = "x".repeat(500);
        assertThat(post(tenant, A, alarm, "{\"comment\":\"" + longest + "\"}", manager).statusCode()).isEqualTo(201);

        JsonNode list = JSON.readTree(get(tenant, A, "alarms", TestIdentityProvider.shared().user(tenant, Role.VIEWER,
                A)).body());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("alarmId").asString()).isEqualTo(alarm.toString());
        assertThat(list.get(0).path("acknowledgedBy").asString()).isEqualTo("mgr-wang");
        assertThat(list.get(0).path("comment").asString()).isEqualTo(longest);
        assertThat(list.get(0).path("acknowledgedAt").isNull()).isFalse();
        assertThat(list.get(1).path("alarmId").asString()).isEqualTo(other.toString());
        assertThat(list.get(1).path("acknowledgedBy").isNull()).isTrue();
        assertThat(list.get(1).path("acknowledgedAt").isNull()).isTrue();
        assertThat(list.get(1).path("comment").isNull()).isTrue();

        // both acknowledgements are kept
        assertThat(jdbc.sql("select acknowledged_by from alarm_acknowledgement where alarm_id = ? order by ack_id")
                .param(alarm).query(String.class).list()).containsExactly("op-li", "mgr-wang");

        List<AuditEvent> audited = auditEventsOf(tenant, 2);
        assertThat(audited).extracting(AuditEvent::action).containsOnly("ALARM_ACKNOWLEDGED");
        assertThat(audited).extracting(e -> e.actor().username()).containsExactlyInAnyOrder("op-li", "mgr-wang");
        AuditEvent byOperator = audited.stream().filter(e -> e.actor().username().equals("op-li")).findFirst()
                .orElseThrow();
        assertThat(byOperator.enterpriseCode()).isEqualTo(A);
        assertThat(byOperator.actor().roles()).containsExactly("enterprise-operator");
        assertThat(byOperator.target()).isEqualTo(new AuditEvent.Target("alarms", alarm.toString()));
        assertThat(byOperator.detail()).containsEntry("comment", "电表已检查 / meter checked")
                .containsEntry("type", "POINT_SILENT").containsEntry("subject", "e");
    }

    @Test
    void aViewerIsRefusedABadCommentIs400AndAnotherEnterprisesAlarm404() {
        String tenant = "tenant-ack-refused";
        UUID alarm = raise(tenant, A, Instant.parse("2027-05-02T00:00:00Z"));
        UUID ofB = raise(tenant, B, Instant.parse("2027-05-02T00:00:00Z"));
        String operator = TestIdentityProvider.shared().user(tenant, Role.ENTERPRISE_OPERATOR, A);

        assertThat(post(tenant, A, alarm, "{\"comment\":\"ok\"}",
                TestIdentityProvider.shared().user(tenant, Role.VIEWER, A)).statusCode()).isEqualTo(403);

        for (String bad : List.of("{\"comment\":\"   \"}", "{\"comment\":\"\"}", "{}", "{\"comment\":null}",
                "{\"comment\":\"" + "x".repeat(501) + "\"}", "", "not json")) {
            HttpResponse<String> r = post(tenant, A, alarm, bad, operator);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains(" / ");
        }
        HttpResponse<String> notUuid = post(tenant, A, "not-a-uuid", "{\"comment\":\"ok\"}", operator);
        assertThat(notUuid.statusCode()).isEqualTo(400);

        // B's alarm on A's path, by the tenant admin who may see both; an unknown alarm
        String admin = TestIdentityProvider.shared().user(tenant, Role.TENANT_ADMIN);
        HttpResponse<String> foreign = post(tenant, A, ofB, "{\"comment\":\"ok\"}", admin);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).contains("不存在").contains("not found");
        assertThat(post(tenant, A, UUID.randomUUID(), "{\"comment\":\"ok\"}", admin).statusCode()).isEqualTo(404);

        assertThat(jdbc.sql("select count(*) from alarm_acknowledgement where tenant_id = ?").param(tenant)
                .query(Long.class).single()).isZero();
        assertThat(JSON.readTree(get(tenant, B, "alarms", admin).body()).get(0).path("acknowledgedBy").isNull())
                .isTrue();
    }

    private UUID raise(String tenant, String uscc, Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into alarm_history (alarm_id, tenant_id, enterprise_code, type, subject, message, raised_at)
                        values (?, ?, ?, 'POINT_SILENT', 'e', '采集点 e 无数据 / point e silent', ?)""")
                .params(id, tenant, uscc, at.atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    /** The audit events of this tenant on the test's audit topic, read from the start until at least {@code count}. */
    private static List<AuditEvent> auditEventsOf(String tenant, int count) {
        List<AuditEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(AUDIT_TOPIC)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (tenant.equals(r.key())) {
                        found.add(EventCodec.decode(r.value(), AuditEvent.class));
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    private static String newTopic() {
        String topic = "audit-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        return topic;
    }

    private HttpResponse<String> post(String tenant, String uscc, Object alarmId, String body, String token) {
        return send(HttpRequest.newBuilder(uri(tenant, uscc, "alarms/" + alarmId + "/acknowledgement"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private HttpResponse<String> get(String tenant, String uscc, String path, String token) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(tenant, uscc, path)).GET(), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private URI uri(String tenant, String uscc, String path) {
        return URI.create("http://localhost:" + port + "/api/v1/tenants/" + tenant + "/enterprises/" + uscc + "/" + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
