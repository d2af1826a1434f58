package io.energymon.portal.manualentry;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.EntryPeriod;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.portal.Api;
import io.energymon.portal.Api.Response;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Manual entries through the portal's API against the real PostgreSQL and Kafka: an operator's entry reaches this
 * class's readings topic (through the outbox and the relay) as a source-5 period reading at the local period start; a
 * correction is a new version and a new reading, history kept; an identical re-submission publishes nothing; entries
 * the aggregator would dead-letter or that name no manual point of the enterprise are refused field by field, in
 * Chinese and English, with nothing stored or published; each change is audited; evidence files round-trip with their
 * SHA-256 behind the tenant wall. Each test owns its tenant.
 */
class ManualEntryIntegrationTest extends PortalTestBase {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String OUTPUT = "product-output";
    private static final String MARKER = "marker-output";
    private static final int MAX_ATTACHMENT_BYTES = 64 * 1024;
    private static String readingsTopic;

    @DynamicPropertySource
    static void manualEntryTopic(DynamicPropertyRegistry r) {
        readingsTopic = "readings-manual-" + UUID.randomUUID();
        r.add("energymon.portal.manual-entry.readings-topic", () -> readingsTopic);
        r.add("energymon.portal.manual-entry.max-attachment-size", () -> MAX_ATTACHMENT_BYTES + "B");
    }

    @Test
    void anEntryIsPublishedAsASourceFiveReadingAndACorrectionAsANewVersionKeepingHistory() {
        String tenant = "me-publish";
        String e = plant(tenant);
        Api operator = api().as(() -> IDP.token().tenant(tenant).enterprises(Plants.USCC_A)
                .roles(Role.ENTERPRISE_OPERATOR).username("op-zhang").mint());
        LocalDate month = LocalDate.now(SHANGHAI).minusMonths(1).withDayOfMonth(1);

        Response first = operator.post(e + "/manual-entries", entry(OUTPUT, "MONTH", month, "1234.5", "t"));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.json().path("outcome").asString()).isEqualTo("CREATED");
        assertThat(first.json().path("readingPublished").asBoolean()).isTrue();

        Response corrected = operator.post(e + "/manual-entries", obj("pointId", OUTPUT, "period", "MONTH",
                "periodStart", month.toString(), "value", 1240, "unit", "t", "comment", "按财务报表更正"));
        assertThat(corrected.status()).as(corrected.text()).isEqualTo(201);
        assertThat(corrected.json().path("outcome").asString()).isEqualTo("CORRECTED");
        assertThat(corrected.json().path("entry").path("version").asInt()).isEqualTo(2);

        Response again = operator.post(e + "/manual-entries", obj("pointId", OUTPUT, "period", "MONTH",
                "periodStart", month.toString(), "value", new BigDecimal("1240.000"), "unit", "t",
                "comment", "按财务报表更正"));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("outcome").asString()).isEqualTo("UNCHANGED");
        assertThat(again.json().path("readingPublished").asBoolean()).isFalse();

        List<ConsumerRecord<String, byte[]>> published = publishedUntilMarker(operator, e, tenant);
        assertThat(published).extracting(ConsumerRecord::key).containsOnly(Plants.USCC_A);
        List<Reading> readings = readingsOf(published).stream().filter(r -> r.pointId().equals(OUTPUT)).toList();
        assertThat(readings).hasSize(2); // the entry and its correction; the identical re-submission nothing
        for (Reading r : readings) {
            assertThat(r.period()).isEqualTo(EntryPeriod.MONTH);
            assertThat(r.source()).isEqualTo(5);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
            // local midnight of the 1st in Asia/Shanghai: 16:00 UTC of the day before
            assertThat(r.ts()).isEqualTo(month.minusDays(1).atTime(16, 0).toInstant(java.time.ZoneOffset.UTC));
        }
        assertThat(readings).extracting(Reading::value)
                .containsExactly(new BigDecimal("1234.5"), new BigDecimal("1240"));
        ReadingBatch batch = EventCodec.decode(published.getFirst().value(), ReadingBatch.class);
        assertThat(batch.collectorId()).isEqualTo("portal");
        assertThat(batch.tenantId()).isEqualTo(tenant);

        Response list = api().as(() -> IDP.user(tenant, Role.VIEWER, Plants.USCC_A))
                .get(e + "/manual-entries?pointId=" + OUTPUT + "&from=" + month + "&to=" + month.plusMonths(1));
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(1);
        JsonNode entry = list.json().get(0);
        assertThat(entry.path("version").asInt()).isEqualTo(2);
        assertThat(entry.path("periodStart").asString()).isEqualTo(month.toString());
        List<JsonNode> versions = entry.path("versions").valueStream().toList();
        assertThat(versions).extracting(v -> v.path("value").decimalValue().stripTrailingZeros())
                .containsExactly(new BigDecimal("1234.5"), new BigDecimal("1240").stripTrailingZeros());
        assertThat(versions).extracting(v -> v.path("enteredBy").asString()).containsOnly("op-zhang");
        assertThat(versions.get(1).path("comment").asString()).isEqualTo("按财务报表更正");
        assertThat(versions).allSatisfy(v -> assertThat(v.path("readingBatchId").asString()).isNotBlank());

        Response audit = api().as(() -> IDP.user(tenant, Role.TENANT_ADMIN))
                .get("/api/v1/tenants/" + tenant + "/audit?action=MANUAL_ENTRY&actor=op-zhang");
        assertThat(audit.status()).as(audit.text()).isEqualTo(200);
        List<JsonNode> changes = audit.json().valueStream()
                .filter(n -> n.path("target").path("key").asString().startsWith(OUTPUT)).toList();
        assertThat(changes).hasSize(2); // the identical re-submission is no change
        JsonNode correction = changes.get(0);
        assertThat(correction.path("enterpriseCode").asString()).isEqualTo(Plants.USCC_A);
        assertThat(correction.path("target").path("kind").asString()).isEqualTo("manual-entry");
        assertThat(correction.path("target").path("key").asString()).isEqualTo(OUTPUT + "@MONTH/" + month);
        assertThat(correction.path("detail").path("versionBefore").asInt()).isEqualTo(1);
        assertThat(correction.path("detail").path("versionAfter").asInt()).isEqualTo(2);
        assertThat(correction.path("detail").path("valueBefore").asString()).isEqualTo("1234.5");
        assertThat(correction.path("detail").path("valueAfter").asString()).isEqualTo("1240");
        assertThat(changes.get(1).path("detail").has("valueBefore")).isFalse();
    }

    @Test
    void whatTheAggregatorWouldRefuseOrWhatNamesNoManualPointOfTheEnterpriseIsRefusedAndNothingStoredOrPublished() {
        String tenant = "me-refused";
        String e = plant(tenant);
        // another enterprise of the tenant with a manual point of its own
        String other = "/api/v1/tenants/" + tenant + "/enterprises/" + Plants.USCC_B;
        assertThat(api().post("/api/v1/tenants/" + tenant + "/enterprises", obj("enterpriseCode", Plants.USCC_B,
                "profile", Plants.profile("另一家用能单位"))).status()).isEqualTo(201);
        assertThat(api().post(other + "/points", manualPoint("b-output", "t")).status()).isEqualTo(201);
        // a point read by another system (source 2, no device): no manual point
        assertThat(api().post(e + "/points", obj("id", "erp-output", "name", "ERP产量", "unit", "t", "source", 2))
                .status()).isEqualTo(201);
        Api operator = api().as(() -> IDP.user(tenant, Role.ENTERPRISE_OPERATOR, Plants.USCC_A));
        LocalDate today = LocalDate.now(SHANGHAI);
        LocalDate wednesday = today.minusWeeks(2).with(DayOfWeek.WEDNESDAY);
        LocalDate fifteenth = today.minusMonths(2).withDayOfMonth(15);

        Response week = operator.post(e + "/manual-entries", entry(OUTPUT, "WEEK", wednesday, "10", "t"));
        assertThat(week.status()).isEqualTo(400);
        assertThat(week.violationFields()).containsExactly("periodStart");
        JsonNode v = week.json().path("violations").get(0);
        assertThat(v.path("rule").asString()).isEqualTo("manual-entry.period-misaligned");
        assertThat(v.path("messageZh").asString()).contains("周一").contains(wednesday.with(DayOfWeek.MONDAY).toString());
        assertThat(v.path("messageEn").asString()).contains("Monday").contains(wednesday.toString());
        assertThat(week.json().path("messageZh").asString()).isNotBlank();
        assertThat(week.json().path("messageEn").asString()).isNotBlank();

        Response month = operator.post(e + "/manual-entries", entry(OUTPUT, "MONTH", fifteenth, "10", "t"));
        assertThat(month.status()).isEqualTo(400);
        assertThat(month.violationFields()).containsExactly("periodStart");
        assertThat(month.json().path("violations").get(0).path("messageEn").asString()).contains("1st");

        Response future = operator.post(e + "/manual-entries", entry(OUTPUT, "DAY", today.plusDays(1), "10", "t"));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.violationFields()).containsExactly("periodStart");

        Response unknown = operator.post(e + "/manual-entries", entry("no-such-point", "DAY", today, "10", "t"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.violationFields()).containsExactly("pointId");

        Response othersPoint = operator.post(e + "/manual-entries", entry("b-output", "DAY", today, "10", "t"));
        assertThat(othersPoint.status()).isEqualTo(400);
        assertThat(othersPoint.violationFields()).containsExactly("pointId");

        Response notManual = operator.post(e + "/manual-entries", entry("erp-output", "DAY", today, "10", "t"));
        assertThat(notManual.status()).isEqualTo(400);
        assertThat(notManual.json().path("violations").get(0).path("rule").asString())
                .isEqualTo("manual-entry.point-not-manual");

        Response several = operator.post(e + "/manual-entries", obj("pointId", OUTPUT, "period", "DAY",
                "periodStart", today.toString(), "value", -3, "unit", "kg",
                "attachmentIds", List.of(UUID.randomUUID().toString())));
        assertThat(several.status()).isEqualTo(400);
        assertThat(several.violationFields()).containsExactlyInAnyOrder("value", "unit", "attachmentIds[0]");

        Response badPeriod = operator.post(e + "/manual-entries", entry(OUTPUT, "QUARTER", today, "10", "t"));
        assertThat(badPeriod.status()).isEqualTo(400);
        assertThat(badPeriod.violationFields()).containsExactly("period");

        Response unknownEnterprise = api().post("/api/v1/tenants/" + tenant + "/enterprises/91360100MA35K8P26X"
                + "/manual-entries", entry(OUTPUT, "DAY", today, "10", "t"));
        assertThat(unknownEnterprise.status()).isEqualTo(404);
        assertThat(unknownEnterprise.json().path("messageZh").asString()).isNotBlank();

        Response viewer = api().as(() -> IDP.user(tenant, Role.VIEWER, Plants.USCC_A))
                .post(e + "/manual-entries", entry(OUTPUT, "DAY", today, "10", "t"));
        assertThat(viewer.status()).isEqualTo(403);

        assertThat(api().get(e + "/manual-entries").json().size()).isZero();
        List<ConsumerRecord<String, byte[]>> published = publishedUntilMarker(operator, e, tenant);
        assertThat(readingsOf(published)).extracting(Reading::pointId).containsOnly(MARKER);
        Response audit = api().get("/api/v1/tenants/" + tenant + "/audit?action=MANUAL_ENTRY");
        assertThat(audit.json().valueStream().map(n -> n.path("target").path("key").asString()).toList())
                .allMatch(k -> k.startsWith(MARKER));
    }

    @Test
    void evidenceRoundTripsWithItsHashIsListedWithTheEntryAndStaysBehindTheTenantWall() throws Exception {
        String tenant = "me-evidence";
        String e = plant(tenant);
        assertThat(api().post("/api/v1/tenants/" + tenant + "/enterprises", obj("enterpriseCode", Plants.USCC_B,
                "profile", Plants.profile("另一家用能单位"))).status()).isEqualTo(201);
        String other = "/api/v1/tenants/" + tenant + "/enterprises/" + Plants.USCC_B;
        Api operator = api().as(() -> IDP.token().tenant(tenant).enterprises(Plants.USCC_A)
                .roles(Role.ENTERPRISE_OPERATOR).username("op-li").mint());

        byte[] pdf = ("%PDF-1.4\n% invoice 2026-10 no. 42\n" + "x".repeat(2000) + "\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
        Response uploaded = upload(operator, e, "发票-10月.pdf", "application/octet-stream", pdf);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        String id = uploaded.json().path("id").asString();
        assertThat(uploaded.json().path("sha256").asString()).isEqualTo(sha256(pdf));
        assertThat(uploaded.json().path("sizeBytes").asLong()).isEqualTo(pdf.length);
        assertThat(uploaded.json().path("contentType").asString()).isEqualTo("application/pdf");
        assertThat(uploaded.json().path("uploadedBy").asString()).isEqualTo("op-li");

        Response back = api().as(() -> IDP.user(tenant, Role.VIEWER, Plants.USCC_A))
                .get(e + "/manual-entries/attachments/" + id);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(pdf);

        byte[] workbook = xlsx();
        Response xlsx = upload(operator, e, "产量报表.xlsx", "application/octet-stream", workbook);
        assertThat(xlsx.status()).as(xlsx.text()).isEqualTo(201);
        assertThat(xlsx.json().path("contentType").asString()).contains("spreadsheetml");

        Response text = upload(operator, e, "note.pdf", "application/pdf",
                "just text".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.violationFields()).containsExactly("file");
        assertThat(text.json().path("violations").get(0).path("messageZh").asString()).contains("PDF");
        byte[] big = new byte[MAX_ATTACHMENT_BYTES + 1];
        System.arraycopy(pdf, 0, big, 0, pdf.length);
        assertThat(upload(operator, e, "big.pdf", "application/pdf", big).status()).isEqualTo(400);

        // the other enterprise of the tenant does not see it, nor can it name it in an entry
        assertThat(api().get(other + "/manual-entries/attachments/" + id).status()).isEqualTo(404);
        assertThat(api().post(other + "/points", manualPoint("b-output", "t")).status()).isEqualTo(201);
        Response foreign = api().post(other + "/manual-entries", obj("pointId", "b-output", "period", "DAY",
                "periodStart", LocalDate.now(SHANGHAI).toString(), "value", 1, "unit", "t",
                "attachmentIds", List.of(id)));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.violationFields()).containsExactly("attachmentIds[0]");

        LocalDate day = LocalDate.now(SHANGHAI).minusDays(3);
        Response withEvidence = operator.post(e + "/manual-entries", obj("pointId", OUTPUT, "period", "DAY",
                "periodStart", day.toString(), "value", new BigDecimal("12.75"), "unit", "t",
                "attachmentIds", List.of(id, xlsx.json().path("id").asString())));
        assertThat(withEvidence.status()).as(withEvidence.text()).isEqualTo(201);
        // the same value with other evidence: a new version, but no new reading
        Response lessEvidence = operator.post(e + "/manual-entries", obj("pointId", OUTPUT, "period", "DAY",
                "periodStart", day.toString(), "value", new BigDecimal("12.75"), "unit", "t",
                "attachmentIds", List.of(id)));
        assertThat(lessEvidence.status()).as(lessEvidence.text()).isEqualTo(201);
        assertThat(lessEvidence.json().path("readingPublished").asBoolean()).isFalse();

        JsonNode entry = api().get(e + "/manual-entries?pointId=" + OUTPUT).json().get(0);
        List<JsonNode> versions = entry.path("versions").valueStream().toList();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("attachments").valueStream().map(a -> a.path("sha256").asString()).toList())
                .containsExactlyInAnyOrder(sha256(pdf), sha256(workbook));
        JsonNode only = versions.get(1).path("attachments").get(0);
        assertThat(only.path("id").asString()).isEqualTo(id);
        assertThat(only.path("fileName").asString()).isEqualTo("发票-10月.pdf");
        assertThat(only.path("sizeBytes").asLong()).isEqualTo(pdf.length);
        assertThat(versions.get(1).path("readingBatchId").isNull()).isTrue();

        JsonNode audit = api().get("/api/v1/tenants/" + tenant + "/audit?action=MANUAL_ENTRY").json().get(0);
        assertThat(audit.path("detail").path("attachmentsAfter").get(0).path("sha256").asString())
                .isEqualTo(sha256(pdf));
        assertThat(audit.toString()).doesNotContain("invoice 2026-10");

        List<ConsumerRecord<String, byte[]>> published = publishedUntilMarker(operator, e, tenant);
        assertThat(readingsOf(published)).extracting(Reading::pointId).containsExactly(OUTPUT, MARKER);
    }

    // ---- helpers

    /** A tenant with enterprise A, its manual product-output point (t) and a marker point; returns A's path. */
    private String plant(String tenant) {
        String e = Plants.tenantWithEnterprise(api(), tenant, Plants.USCC_A);
        assertThat(api().post(e + "/points", manualPoint(OUTPUT, "t")).status()).isEqualTo(201);
        assertThat(api().post(e + "/points", manualPoint(MARKER, "t")).status()).isEqualTo(201);
        return e;
    }

    private static Map<String, Object> manualPoint(String id, String unit) {
        return obj("id", id, "name", "手工填报 " + id, "unit", unit, "source", 5);
    }

    private static Map<String, Object> entry(String pointId, String period, LocalDate start, String value,
                                             String unit) {
        return obj("pointId", pointId, "period", period, "periodStart", start.toString(),
                "value", new BigDecimal(value), "unit", unit);
    }

    /**
     * Enters a marker value last, then reads this class's readings topic until the marker arrives: every record of the
     * tenant published before it (same key, same partition, so in order) is returned, the marker's included.
     */
    private List<ConsumerRecord<String, byte[]>> publishedUntilMarker(Api operator, String e, String tenant) {
        Response marker = operator.post(e + "/manual-entries", entry(MARKER, "DAY",
                LocalDate.now(SHANGHAI).minusDays(1), "1", "t"));
        assertThat(marker.status()).as(marker.text()).isEqualTo(201);
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(readingsTopic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (EventCodec.decode(r.value(), ReadingBatch.class).tenantId().equals(tenant)) {
                        mine.add(r);
                    }
                }
                return readingsOf(mine).stream().anyMatch(r -> r.pointId().equals(MARKER));
            });
        }
        return mine;
    }

    private static List<Reading> readingsOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().flatMap(r -> EventCodec.decode(r.value(), ReadingBatch.class).readings().stream())
                .toList();
    }

    private Response upload(Api api, String e, String fileName, String type, byte[] content) {
        String boundary = "me-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + e
                        + "/manual-entries/attachments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A minimal XLSX package: a ZIP with the content types and a workbook part. */
    private static byte[] xlsx() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
            zip.write("<workbook/>".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
