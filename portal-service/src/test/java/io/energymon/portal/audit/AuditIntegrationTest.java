package io.energymon.portal.audit;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.portal.Api;
import io.energymon.portal.Api.Response;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit log: the portal's own changes recorded with actor, target, versions and origin; audit.v1 records of other
 * services stored once however often delivered, bad ones dead-lettered; the query open to the tenant's admin only.
 */
class AuditIntegrationTest extends PortalTestBase {

    @Test
    void aManagersMasterDataChangeIsRecordedWithActorTargetVersionsAndOrigin() {
        String tenant = "audit-change";
        Api api = api();
        String e = Plants.tenantWithEnterprise(api, tenant, Plants.USCC_A);
        Response created = api.post(e + "/collectors", obj("id", "col-1", "name", "一号采集器"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long before = created.json().path("version").asLong();

        String manager = IDP.token().tenant(tenant).enterprises(Plants.USCC_A).roles(Role.ENTERPRISE_MANAGER)
                .username("audit-manager").mint();
        String body = Api.JSON.writeValueAsString(obj("version", before,
                "data", obj("id", "col-1", "name", "一号采集器（东区）")));
        Response updated = api.as(() -> manager).send(HttpRequest.newBuilder(URI.create(base() + e + "/collectors/col-1"))
                .header("Content-Type", "application/json")
                // a client-sent entry first, then the address the gateway appended: the last one counts
                .header("X-Forwarded-For", "10.9.9.9, 198.51.100.23")
                .header("User-Agent", "audit-test-browser/1.0")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);

        Response log = api.as(() -> IDP.user(tenant, Role.TENANT_ADMIN))
                .get("/api/v1/tenants/" + tenant + "/audit?action=MASTER_DATA_UPDATED");
        assertThat(log.status()).as(log.text()).isEqualTo(200);
        assertThat(log.json().size()).isEqualTo(1);
        JsonNode event = log.json().get(0);
        assertThat(event.path("tenantId").asString()).isEqualTo(tenant);
        assertThat(event.path("enterpriseCode").asString()).isEqualTo(Plants.USCC_A);
        assertThat(event.path("actor").path("username").asString()).isEqualTo("audit-manager");
        assertThat(event.path("actor").path("roles").valueStream().map(JsonNode::asString).toList())
                .containsExactly("enterprise-manager");
        assertThat(event.path("target").path("kind").asString()).isEqualTo("collectors");
        assertThat(event.path("target").path("key").asString()).isEqualTo("col-1");
        assertThat(event.path("detail").path("versionBefore").asLong()).isEqualTo(before);
        assertThat(event.path("detail").path("versionAfter").asLong()).isEqualTo(updated.json().path("version").asLong())
                .isNotEqualTo(before);
        assertThat(event.path("clientAddress").asString()).isEqualTo("198.51.100.23");
        assertThat(event.path("userAgent").asString()).isEqualTo("audit-test-browser/1.0");

        // the creations were recorded too (the service account's), newest first
        Response all = api.as(() -> IDP.user(tenant, Role.TENANT_ADMIN)).get("/api/v1/tenants/" + tenant + "/audit");
        assertThat(all.json().valueStream().map(n -> n.path("action").asString() + " " + n.path("target").path("kind")
                .asString()).toList()).containsExactly("MASTER_DATA_UPDATED collectors",
                "MASTER_DATA_CREATED collectors", "MASTER_DATA_CREATED enterprise", "MASTER_DATA_CREATED tenant");
    }

    @Test
    void theQueryAnswersTheTenantAdminWithItsTenantOnlyAndRefusesEveryoneElse() {
        Api api = api();
        Plants.tenantWithEnterprise(api, "audit-mine", Plants.USCC_A);
        Plants.tenantWithEnterprise(api, "audit-theirs", Plants.USCC_B);
        String path = "/api/v1/tenants/audit-mine/audit";

        Response admin = api.as(() -> IDP.user("audit-mine", Role.TENANT_ADMIN)).get(path);
        assertThat(admin.status()).as(admin.text()).isEqualTo(200);
        assertThat(admin.json().size()).isEqualTo(2); // the tenant and its enterprise
        assertThat(admin.json().valueStream().map(n -> n.path("tenantId").asString()).distinct().toList())
                .containsExactly("audit-mine");

        assertThat(api.as(() -> IDP.user("audit-mine", Role.ENTERPRISE_MANAGER, Plants.USCC_A)).get(path).status())
                .isEqualTo(403);
        assertThat(api.as(() -> IDP.user("audit-mine", Role.VIEWER, Plants.USCC_A)).get(path).status())
                .isEqualTo(403);
        assertThat(api.as(() -> IDP.user("audit-theirs", Role.TENANT_ADMIN)).get(path).status()).isEqualTo(404);
        assertThat(api.as(null).get(path).status()).isEqualTo(401);
        Response ops = api.as(IDP::platformOperator).get("/api/v1/tenants/audit-theirs/audit");
        assertThat(ops.status()).isEqualTo(200);
        assertThat(ops.json().valueStream().map(n -> n.path("tenantId").asString()).distinct().toList())
                .containsExactly("audit-theirs");

        Response badLimit = api.as(() -> IDP.user("audit-mine", Role.TENANT_ADMIN)).get(path + "?limit=0&from=yesterday");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.violationFields()).containsExactlyInAnyOrder("limit", "from");
        assertThat(badLimit.json().path("messageZh").asString()).isNotBlank();
        assertThat(badLimit.json().path("messageEn").asString()).isNotBlank();
    }

    @Test
    void anEventOnTheTopicIsStoredOnceEvenWhenDeliveredTwiceAndABadRecordIsDeadLettered() throws Exception {
        String tenant = "audit-topic";
        Plants.tenantWithEnterprise(api(), tenant, Plants.USCC_A);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AuditEvent reupload = new AuditEvent(UUID.randomUUID(), at, tenant, Plants.USCC_A,
                new AuditEvent.Actor("sub-1", "topic-manager", List.of("enterprise-manager")),
                AuditEvent.Action.REUPLOAD_REQUESTED.name(), new AuditEvent.Target("reupload", "job-7"),
                Map.of("items", 3), "203.0.113.5", "curl/8");
        AuditEvent marker = new AuditEvent(UUID.randomUUID(), at.plusMillis(1), tenant, null,
                new AuditEvent.Actor("sub-2", "topic-admin", List.of("tenant-admin")), "LOGIN",
                new AuditEvent.Target("session", "topic-admin"), Map.of(), null, null);
        byte[] value = EventCodec.encode(reupload);
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            producer.send(new ProducerRecord<>(auditTopic, tenant, value)).get();
            producer.send(new ProducerRecord<>(auditTopic, tenant, "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(auditTopic, tenant, value)).get(); // the re-delivery
            producer.send(new ProducerRecord<>(auditTopic, tenant, EventCodec.encode(marker))).get();
        }

        Api admin = api().as(() -> IDP.user(tenant, Role.TENANT_ADMIN));
        // same key, same partition: once the marker is stored, both deliveries have been consumed
        await().atMost(Duration.ofSeconds(60)).until(() ->
                admin.get("/api/v1/tenants/" + tenant + "/audit?action=LOGIN").json().size() == 1);
        Response stored = admin.get("/api/v1/tenants/" + tenant + "/audit?action=REUPLOAD_REQUESTED&actor=topic-manager"
                + "&enterpriseCode=" + Plants.USCC_A);
        assertThat(stored.json().size()).isEqualTo(1);
        JsonNode e = stored.json().get(0);
        assertThat(e.path("eventId").asString()).isEqualTo(reupload.eventId().toString());
        assertThat(Instant.parse(e.path("at").asString())).isEqualTo(at);
        assertThat(e.path("target").path("key").asString()).isEqualTo("job-7");
        assertThat(e.path("detail").path("items").asInt()).isEqualTo(3);
        assertThat(e.path("clientAddress").asString()).isEqualTo("203.0.113.5");
        assertThat(admin.get("/api/v1/tenants/" + tenant + "/audit?from=" + at.plusMillis(1)).json().size())
                .as("from is inclusive and filters").isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(auditTopic + ".dlt")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
                return !dead.isEmpty();
            });
        }
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(dead.get(0).headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("malformed");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
