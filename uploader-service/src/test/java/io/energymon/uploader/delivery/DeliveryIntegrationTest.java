package io.energymon.uploader.delivery;

import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.itemValue;
import static io.energymon.uploader.testing.UploaderTestSupport.platformDate;
import static io.energymon.uploader.testing.UploaderTestSupport.slotHoursAgo;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.ItemValue;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import io.energymon.security.testing.TestIdentityProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * uploader-service against real PostgreSQL, a real Kafka broker and the platform simulator over mutual TLS: the
 * enterprise and its upload target arrive as master data on a config topic, item values in over the item-values
 * topic, into the durable queue, out to the platform; re-upload of a corrected value (补传), stale replays ignored,
 * failures recorded and backed off, values of an enterprise without configuration parked until it arrives; the
 * reconciliation of what the platform holds against local history, over the uploader's HTTP API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S"})
class DeliveryIntegrationTest {
    private static final String TENANT = "tenant-a";
    private static final String A = uscc(101);
    /** An enterprise whose configuration arrives only after its values (another tenant). */
    private static final String LATE = uscc(102);
    private static final String LATE_TENANT = "tenant-x";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    MeterRegistry meters;
    @LocalServerPort
    int port;

    /** Platform, topics and certificates of this class; built once, before the application context. */

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "delivery", List.of(A, LATE), 1)
                    .withCredentials(TENANT, A).withCredentials(LATE_TENANT, LATE);
            UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), config(TENANT, A, 1, target("sim", true)));
        }
        return fixture;
    }

    @AfterAll
    static void stopPlatform() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        fixture().register(r, "uploader_delivery", "sim");
    }

    @BeforeEach
    void configurationReadAndFirstRoundDone() {
        awaitRevision(directory, TENANT, A, 1);
        // the first round runs by itself once config.v1 was read; the tests run their own rounds after it
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void deliversThenReUploadsACorrectionAndIgnoresAStaleReplay() {
        LocalDateTime statDate = slotHoursAgo(3);
        publish(itemValue(TENANT, A, statDate, "12.34", 1));
        awaitQueued(TENANT, statDate, 1);

        delivery.deliverAll();

        assertThat(received(A, statDate)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("12.34"));
        assertThat(row(TENANT, statDate)).containsEntry("status", "SENT").containsEntry("reupload", false);

        long elementsBefore = fixture.sim().acceptedElements(A);
        publish(itemValue(TENANT, A, statDate, "13.50", 2));
        awaitQueued(TENANT, statDate, 2);
        assertThat(row(TENANT, statDate)).containsEntry("status", "PENDING").containsEntry("reupload", true);
        delivery.deliverAll();
        // the platform holds the corrected value under the same item and period, received once
        assertThat(fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(A) && v.statDate().equals(platformDate(statDate))))
                .singleElement().satisfies(v -> {
                    assertThat(v.dataValue()).isEqualTo("13.50");
                    assertThat(v.dataCode()).isEqualTo(UploaderTestSupport.CODE);
                    assertThat(v.statType()).isZero();
                });
        assertThat(fixture.sim().acceptedElements(A)).isEqualTo(elementsBefore + 1);
        // the 补传 was accepted: the row is an ordinary sent row again, and the next round sends nothing
        assertThat(row(TENANT, statDate)).containsEntry("status", "SENT").containsEntry("sent_version", 2L)
                .containsEntry("reupload", false);
        delivery.deliverAll();
        assertThat(fixture.sim().acceptedElements(A)).isEqualTo(elementsBefore + 1);

        // a replay of version 1 changes nothing; a later value on the same partition proves it was consumed
        publish(itemValue(TENANT, A, statDate, "12.34", 1));
        LocalDateTime marker = statDate.plusMinutes(15);
        publish(itemValue(TENANT, A, marker, "1", 1));
        awaitQueued(TENANT, marker, 1);
        assertThat(row(TENANT, statDate)).containsEntry("status", "SENT").containsEntry("version", 2L);
        assertThat(jdbc.sql("select count(*) from upload_attempt where operation = 'register' and tenant_id = ?")
                .param(TENANT).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aFailedUploadStaysQueuedWithBackOffAndIsRecorded() {
        LocalDateTime statDate = slotHoursAgo(6);
        publish(itemValue(TENANT, A, statDate, "7.00", 1));
        awaitQueued(TENANT, statDate, 1);
        fixture.sim().failNext(1, 503);
        Instant before = Instant.now();

        delivery.deliverAll();

        Map<String, Object> r = row(TENANT, statDate);
        assertThat(r).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) r.get("last_error")).contains("503");
        Instant next = jdbc.sql("select next_attempt_at from upload_item where tenant_id = ? and stat_date = ?")
                .params(TENANT, Timestamp.valueOf(statDate)).query(OffsetDateTime.class).single().toInstant();
        assertThat(next).isAfter(before.plusSeconds(25)).isBefore(before.plusSeconds(60));
        assertThat(jdbc.sql("select count(*) from upload_attempt where operation = 'uploadData' and not accepted")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
        assertThat(received(A, statDate)).isEmpty();
    }

    @Test
    void oneElementThePlatformRejectsDoesNotHoldBackTheOthers() {
        LocalDateTime good = slotHoursAgo(12);
        // the platform refuses values dated in the future: this one stays queued with the platform's reason
        LocalDateTime future = LocalDateTime.now(UploaderTestSupport.SHANGHAI).truncatedTo(ChronoUnit.HOURS).plusHours(2);
        publish(itemValue(TENANT, A, good, "3.30", 1));
        publish(itemValue(TENANT, A, future, "4.40", 1));
        awaitQueued(TENANT, good, 1);
        awaitQueued(TENANT, future, 1);

        delivery.deliverAll();

        assertThat(received(A, good)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("3.30"));
        assertThat(row(TENANT, good)).containsEntry("status", "SENT");
        Map<String, Object> bad = row(TENANT, future);
        assertThat(bad).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) bad.get("last_error")).startsWith("rejected: 1").contains("statDate");
        assertThat(received(A, future)).isEmpty();
    }

    @Test
    void aValueArrivingBeforeItsEnterprisesConfigurationIsParkedThenDeliveredWhenTheConfigurationArrives() {
        LocalDateTime statDate = slotHoursAgo(9);
        LocalDateTime marker = statDate.plusMinutes(15);
        publish(itemValue(LATE_TENANT, LATE, statDate, "5.00", 2));
        publish(itemValue(LATE_TENANT, LATE, statDate, "4.00", 1)); // a lower version: the park keeps version 2
        publish(itemValue(LATE_TENANT, LATE, marker, "6.00", 1));   // same key, same partition: consumed after them
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedVersion(marker).isPresent());

        assertThat(parkedVersion(statDate)).contains(2L);
        assertThat(jdbc.sql("select count(*) from upload_item where tenant_id = ?").param(LATE_TENANT)
                .query(Long.class).single()).isZero();
        assertThat(meters.get("uploader_parked_items").gauge().value()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("uploader_items_parked_total").counter().count()).isGreaterThanOrEqualTo(2);

        // the configuration arrives: no restart, the parked values move into the queue and go out
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                config(LATE_TENANT, LATE, 1, target("sim", true)));
        awaitQueued(LATE_TENANT, statDate, 2);
        awaitQueued(LATE_TENANT, marker, 1);
        assertThat(jdbc.sql("select count(*) from parked_item_value where tenant_id = ?").param(LATE_TENANT)
                .query(Long.class).single()).isZero();

        delivery.deliverAll();

        assertThat(received(LATE, statDate)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("5.00"));
        assertThat(received(LATE, marker)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("6.00"));
        assertThat(row(LATE_TENANT, statDate)).containsEntry("status", "SENT").containsEntry("version", 2L);
    }

    @Test
    void aReconciliationReportsWhatThePlatformHoldsAgainstTheLocalHistory() throws Exception {
        LocalDateTime same = slotHoursAgo(21);
        LocalDateTime corrected = same.plusMinutes(15);
        LocalDateTime forgotten = same.plusMinutes(30);
        LocalDateTime notSent = same.plusMinutes(45);
        publish(itemValue(TENANT, A, same, "1.10", 1));
        publish(itemValue(TENANT, A, corrected, "2.20", 1));
        publish(itemValue(TENANT, A, forgotten, "3.30", 1));
        awaitQueued(TENANT, forgotten, 1);
        awaitQueued(TENANT, corrected, 1);
        awaitQueued(TENANT, same, 1);
        delivery.deliverAll();
        // local history loses a row (as after restoring an older backup); a correction and a new value wait
        jdbc.sql("delete from upload_item where tenant_id = ? and stat_date = ?")
                .params(TENANT, Timestamp.valueOf(forgotten)).update();
        publish(itemValue(TENANT, A, corrected, "2.25", 2));
        publish(itemValue(TENANT, A, notSent, "4.40", 1));
        awaitQueued(TENANT, corrected, 2);
        awaitQueued(TENANT, notSent, 1);

        HttpResponse<String> answer = get("/api/v1/tenants/" + TENANT + "/enterprises/" + A
                + "/platforms/sim/reconciliation?from=" + same + "&to=" + notSent.plusMinutes(15));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(answer.body());
        assertThat(report.get("platformValues").asInt()).isEqualTo(3);
        assertThat(report.get("localValues").asInt()).isEqualTo(3);
        assertThat(report.get("matching").asInt()).isEqualTo(1);
        JsonNode d = report.get("differences");
        assertThat(d).hasSize(3);
        assertThat(LocalDateTime.parse(d.get(0).get("statDate").asString())).isEqualTo(corrected);
        assertThat(d.get(0).get("kind").asString()).isEqualTo("VALUE_DIFFERS");
        assertThat(d.get(0).get("platformValue").decimalValue()).isEqualByComparingTo("2.20");
        assertThat(d.get(0).get("localValue").decimalValue()).isEqualByComparingTo("2.25");
        assertThat(d.get(0).get("localStatus").asString()).isEqualTo("PENDING");
        assertThat(d.get(0).get("localVersion").asLong()).isEqualTo(2);
        assertThat(d.get(0).get("sentVersion").asLong()).isEqualTo(1);
        assertThat(LocalDateTime.parse(d.get(1).get("statDate").asString())).isEqualTo(forgotten);
        assertThat(d.get(1).get("kind").asString()).isEqualTo("ONLY_ON_PLATFORM");
        assertThat(d.get(1).get("platformValue").decimalValue()).isEqualByComparingTo("3.30");
        assertThat(LocalDateTime.parse(d.get(2).get("statDate").asString())).isEqualTo(notSent);
        assertThat(d.get(2).get("kind").asString()).isEqualTo("NOT_ON_PLATFORM");
        assertThat(d.get(2).get("localValue").decimalValue()).isEqualByComparingTo("4.40");
        assertThat(d.get(2).get("dataCode").asString()).isEqualTo(UploaderTestSupport.CODE);
        assertThat(jdbc.sql("select count(*) from upload_attempt where operation = 'downloadData' and accepted "
                + "and enterprise_code = ?").param(A).query(Long.class).single()).isGreaterThanOrEqualTo(1);

        // bad input: a clear error, nothing downloaded
        HttpResponse<String> reversed = get("/api/v1/tenants/" + TENANT + "/enterprises/" + A
                + "/platforms/sim/reconciliation?from=" + notSent + "&to=" + same);
        assertThat(reversed.statusCode()).isEqualTo(400);
        HttpResponse<String> unknownPlatform = get("/api/v1/tenants/" + TENANT + "/enterprises/" + A
                + "/platforms/nowhere/reconciliation?from=" + same + "&to=" + notSent);
        assertThat(unknownPlatform.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TestIdentityProvider.shared().service()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void publish(ItemValue v) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), v);
    }

    private Optional<Long> parkedVersion(LocalDateTime statDate) {
        return jdbc.sql("select version from parked_item_value where tenant_id = ? and enterprise_code = ? "
                        + "and stat_date = ?")
                .params(LATE_TENANT, LATE, Timestamp.valueOf(statDate)).query(Long.class).optional();
    }

    private void awaitQueued(String tenant, LocalDateTime statDate, long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.sql("select version from upload_item where tenant_id = ? and stat_date = ?")
                        .params(tenant, Timestamp.valueOf(statDate)).query(Long.class).optional()).contains(version));
    }

    private Map<String, Object> row(String tenant, LocalDateTime statDate) {
        return jdbc.sql("select status, reupload, attempts, version, sent_version, last_error from upload_item "
                        + "where tenant_id = ? and stat_date = ?")
                .params(tenant, Timestamp.valueOf(statDate)).query().singleRow();
    }

    private static Optional<ReceivedValue> received(String uscc, LocalDateTime statDate) {
        String d = platformDate(statDate);
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(uscc) && v.statDate().equals(d)).findFirst();
    }
}
