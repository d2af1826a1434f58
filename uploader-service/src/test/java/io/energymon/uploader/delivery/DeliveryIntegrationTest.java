package io.energymon.uploader.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Topics;
import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * uploader-service against real PostgreSQL, a real Kafka broker and the platform simulator over mutual TLS: item
 * values in over {@code item-values.v1}, into the durable queue, out to the platform; re-upload of a corrected
 * value (补传), stale replays ignored, failures recorded and backed off.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S"})
class DeliveryIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String CODE = "0000000002330011";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Path pkiDir;
    private static PlatformSimulator platform;
    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startPlatform() throws Exception {
        pkiDir = Files.createTempDirectory("uploader-pki");
        DevPki pki = DevPki.create(pkiDir, java.util.List.of(A));
        platform = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, Map.of(A, "360111")));
        producer = SharedInfra.newProducer();
    }

    @AfterAll
    static void stopPlatform() {
        producer.close();
        platform.close();
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) throws Exception {
        if (platform == null) {
            startPlatform();
        }
        String url = SharedInfra.newDatabase("uploader");
        DevPki pki = DevPki.create(pkiDir, java.util.List.of(A));
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> SharedInfra.postgres().username());
        r.add("spring.datasource.password", () -> SharedInfra.postgres().password());
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("energymon.uploader.platforms[0].id", () -> "sim");
        r.add("energymon.uploader.platforms[0].register-url", () -> platform.registerUrl().toString());
        r.add("energymon.uploader.platforms[0].truststore", () -> pki.truststore().toString());
        r.add("energymon.uploader.platforms[0].truststore-password", () -> new String(pki.password()));
        r.add("energymon.uploader.enterprises[0].tenant-id", () -> "tenant-a");
        r.add("energymon.uploader.enterprises[0].enterprise-code", () -> A);
        r.add("energymon.uploader.enterprises[0].region", () -> "360111");
        r.add("energymon.uploader.enterprises[0].keystore", () -> pki.clientKeystore(A).toString());
        r.add("energymon.uploader.enterprises[0].keystore-password", () -> new String(pki.password()));
        r.add("energymon.uploader.enterprises[0].platforms[0]", () -> "sim");
    }

    @Test
    void deliversThenReUploadsACorrectionAndIgnoresAStaleReplay() throws Exception {
        LocalDateTime statDate = slotHoursAgo(3);
        publish(itemValue("tenant-a", A, statDate, "12.34", 1));
        awaitQueued(statDate, 1);

        delivery.deliverAll();

        assertThat(received(statDate)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("12.34"));
        assertThat(row(statDate)).containsEntry("status", "SENT").containsEntry("reupload", false);

        publish(itemValue("tenant-a", A, statDate, "13.50", 2));
        awaitQueued(statDate, 2);
        assertThat(row(statDate)).containsEntry("status", "PENDING").containsEntry("reupload", true);
        delivery.deliverAll();
        assertThat(received(statDate)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("13.50"));
        assertThat(row(statDate)).containsEntry("status", "SENT").containsEntry("sent_version", 2L);

        // a replay of version 1 changes nothing; a later value on the same partition proves it was consumed
        publish(itemValue("tenant-a", A, statDate, "12.34", 1));
        LocalDateTime marker = statDate.plusMinutes(15);
        publish(itemValue("tenant-a", A, marker, "1", 1));
        awaitQueued(marker, 1);
        assertThat(row(statDate)).containsEntry("status", "SENT").containsEntry("version", 2L);
        assertThat(jdbc.sql("select count(*) from upload_attempt where operation = 'register'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aFailedUploadStaysQueuedWithBackOffAndIsRecorded() throws Exception {
        LocalDateTime statDate = slotHoursAgo(6);
        publish(itemValue("tenant-a", A, statDate, "7.00", 1));
        awaitQueued(statDate, 1);
        platform.failNext(1, 503);
        Instant before = Instant.now();

        delivery.deliverAll();

        Map<String, Object> r = row(statDate);
        assertThat(r).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) r.get("last_error")).contains("503");
        Instant next = ((OffsetDateTime) jdbc.sql("select next_attempt_at from upload_item where stat_date = ?")
                .param(Timestamp.valueOf(statDate)).query(OffsetDateTime.class).single()).toInstant();
        assertThat(next).isAfter(before.plusSeconds(25)).isBefore(before.plusSeconds(60));
        assertThat(jdbc.sql("select count(*) from upload_attempt where operation = 'uploadData' and not accepted")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
        assertThat(received(statDate)).isEmpty();
    }

    @Test
    void oneElementThePlatformRejectsDoesNotHoldBackTheOthers() throws Exception {
        LocalDateTime good = slotHoursAgo(12);
        // the platform refuses values dated in the future: this one stays queued with the platform's reason
        LocalDateTime future = LocalDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.HOURS).plusHours(2);
        publish(itemValue("tenant-a", A, good, "3.30", 1));
        publish(itemValue("tenant-a", A, future, "4.40", 1));
        awaitQueued(good, 1);
        awaitQueued(future, 1);

        delivery.deliverAll();

        assertThat(received(good)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("3.30"));
        assertThat(row(good)).containsEntry("status", "SENT");
        Map<String, Object> bad = row(future);
        assertThat(bad).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) bad.get("last_error")).startsWith("rejected: 1").contains("statDate");
        assertThat(received(future)).isEmpty();
    }

    @Test
    void valuesOfAnUnconfiguredEnterpriseAreNotQueued() throws Exception {
        LocalDateTime statDate = slotHoursAgo(9);
        publish(itemValue("tenant-x", "91360700MA37Q2W50Q", statDate, "5", 1));
        LocalDateTime marker = statDate.plusMinutes(15);
        publish(itemValue("tenant-a", A, marker, "5", 1));
        awaitQueued(marker, 1);
        assertThat(jdbc.sql("select count(*) from upload_item where tenant_id = 'tenant-x'").query(Long.class).single())
                .isZero();
    }

    private static LocalDateTime slotHoursAgo(int hours) {
        LocalDateTime now = LocalDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.HOURS);
        return now.minusHours(hours);
    }

    private static ItemValue itemValue(String tenant, String enterprise, LocalDateTime statDate, String value, long version) {
        Instant start = statDate.atZone(SHANGHAI).toInstant();
        return new ItemValue(tenant, enterprise, CODE, 0, statDate, start, start.plus(Duration.ofMinutes(15)),
                new BigDecimal(value), version, 4, 1, true, Instant.now());
    }

    private static void publish(ItemValue v) throws Exception {
        producer.send(new ProducerRecord<>(Topics.ITEM_VALUES, v.enterpriseCode(), EventCodec.encode(v))).get(10, TimeUnit.SECONDS);
    }

    private void awaitQueued(LocalDateTime statDate, long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.sql("select version from upload_item where tenant_id = 'tenant-a' and stat_date = ?")
                        .param(Timestamp.valueOf(statDate)).query(Long.class).optional()).contains(version));
    }

    private Map<String, Object> row(LocalDateTime statDate) {
        return jdbc.sql("select status, reupload, attempts, version, sent_version, last_error from upload_item "
                        + "where tenant_id = 'tenant-a' and stat_date = ?")
                .param(Timestamp.valueOf(statDate)).query().singleRow();
    }

    private static Optional<ReceivedValue> received(LocalDateTime statDate) {
        String d = statDate.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        return platform.received().stream().filter(v -> v.enterpriseCode().equals(A) && v.statDate().equals(d)).findFirst();
    }
}
