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

import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.uploader.alarm.UploadAlarms;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.MutableClock;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.Replica;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client certificate the platform refuses, end to end (MutualTlsTest covers the handshakes of the dialect alone):
 * the simulator revokes the enterprise's certificate, so the TLS handshake of every new connection fails; the
 * queued value is not marked delivered, each failed attempt is recorded with the TLS failure, the back-off runs on
 * the injected clock and an alarm saying why is raised; once the platform trusts the certificate again the value is
 * delivered and the alarm cleared.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S",
        "energymon.uploader.alarm-after-failures=2"})
class CertificateRejectionIntegrationTest {
    private static final String TENANT = "tenant-cert";
    private static final String REVOKED = uscc(601);

    @TempDir
    static Path tempDir;

    private static PlatformFixture fixture;
    private static String alarmsTopic;

    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EnterpriseDirectory directory;
    @Autowired
    ApplicationContext context;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "cert", List.of(REVOKED), 1).withCredentials(TENANT, REVOKED);
            alarmsTopic = UploaderTestSupport.newTopic("alarms-cert", false);
            UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                    config(TENANT, REVOKED, 1, target("sim", true)));
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
        fixture().register(r, "uploader_cert", "sim");
        r.add("energymon.uploader.alarms-topic", () -> alarmsTopic);
    }

    @BeforeEach
    void registeredInTheFirstRound() {
        awaitRevision(directory, TENANT, REVOKED, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
        assertThat(fixture.sim().registrations(REVOKED)).isEqualTo(1);
    }

    @Test
    void aRevokedClientCertificateDeliversNothingRaisesAnAlarmAndTheValueGoesOutOnceItIsTrustedAgain() {
        PlatformSimulator sim = fixture.sim();
        LocalDateTime slot = slotHoursAgo(3);
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(),
                itemValue(TENANT, REVOKED, slot, "8.25", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from upload_item "
                + "where enterprise_code = ? and stat_date = ?").params(REVOKED, Timestamp.valueOf(slot))
                .query(Long.class).single() == 1);

        sim.revokeCertificate(REVOKED);
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        sim.useClock(clock);
        // a replica of its own: new connections, each with a handshake the platform refuses
        try (Replica replica = new Replica(context, clock, "replica-cert");
             KafkaConsumer<String, byte[]> alarms = SharedInfra.newConsumer(alarmsTopic)) {
            for (int failure = 1; failure <= 2; failure++) {
                replica.deliverAll();
                Map<String, Object> row = row(slot);
                assertThat(row).containsEntry("status", "PENDING").containsEntry("attempts", failure)
                        .containsEntry("sent_at", null);
                assertThat((String) row.get("last_error")).startsWith("transport: ");
                clock.set(((Timestamp) row.get("next_attempt_at")).toInstant());
            }
            assertThat(received(slot)).isEmpty();
            List<String> errors = jdbc.sql("select response_message from upload_attempt where enterprise_code = ? "
                            + "and operation = 'uploadData' and not accepted order by id")
                    .param(REVOKED).query(String.class).list();
            assertThat(errors).hasSize(2).allSatisfy(m -> assertThat(m).contains(sim.registerUrl().getHost())
                    .containsAnyOf("TLS failure", "Connection reset", "Broken pipe"));

            sim.restoreCertificate(REVOKED);
            replica.deliverAll();

            assertThat(received(slot)).extracting(ReceivedValue::dataValue).containsExactly("8.25");
            assertThat(row(slot)).containsEntry("status", "SENT");
            List<AlarmEvent> events = alarmsOf(alarms, 2);
            assertThat(events).extracting(AlarmEvent::state)
                    .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(UploadAlarms.TYPE);
                assertThat(e.subject()).isEqualTo("sim");
                assertThat(e.alarmId()).isEqualTo(events.getFirst().eventId());
            });
            // the alarm says why: the failure of the last attempt
            assertThat(events.getFirst().message()).contains(errors.getLast()).contains(" / ");
        } finally {
            sim.restoreCertificate(REVOKED);
            sim.useClock(null);
        }
    }

    private Map<String, Object> row(LocalDateTime statDate) {
        return jdbc.sql("select status, attempts, last_error, sent_at, next_attempt_at from upload_item "
                        + "where enterprise_code = ? and stat_date = ?")
                .params(REVOKED, Timestamp.valueOf(statDate)).query().singleRow();
    }

    private static List<ReceivedValue> received(LocalDateTime statDate) {
        String d = platformDate(statDate);
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(REVOKED) && v.statDate().equals(d)).toList();
    }

    /** Reads the alarm topic until {@code n} events of the enterprise arrived, and one second more. */
    private static List<AlarmEvent> alarmsOf(KafkaConsumer<String, byte[]> consumer, int n) {
        List<AlarmEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.size() < n && System.nanoTime() < deadline) {
            collect(consumer, Duration.ofMillis(500), events);
        }
        collect(consumer, Duration.ofSeconds(1), events);
        return events;
    }

    private static void collect(KafkaConsumer<String, byte[]> consumer, Duration wait, List<AlarmEvent> into) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            AlarmEvent e = EventCodec.decode(r.value(), AlarmEvent.class);
            if (e.enterpriseCode().equals(REVOKED)) {
                into.add(e);
            }
        }
    }
}
