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
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.Replica;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * A send that hangs (the simulator holds the request) holds no lock: the Kafka listener upserts a newer version of
 * the item in flight without waiting — it is done while the flight still hangs — and the newer version is delivered
 * after, whether the hanging request comes back within its lease or after another instance took the expired lease
 * over. The lease is 3 s here; the platform timeout stays 30 s, so the held request outlasts the lease.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.lease=PT3S"})
class LeaseIntegrationTest {
    private static final String TENANT = "tenant-lease";
    private static final String EXPIRED = uscc(401);
    private static final String WITHIN = uscc(402);
    private static final List<String> ALL = List.of(EXPIRED, WITHIN);

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
    ApplicationContext context;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "lease", ALL, 1).withCredentials(TENANT, ALL.toArray(String[]::new));
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
        fixture().register(r, "uploader_lease", "sim");
    }

    @BeforeEach
    void firstRoundDone() {
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void aNewVersionArrivingWhileASendHangsPastItsLeaseIsQueuedAtOnceAndDeliveredAfter() throws Exception {
        configure(EXPIRED);
        LocalDateTime slot = slotHoursAgo(3);
        publish(itemValue(TENANT, EXPIRED, slot, "1.00", 1));
        awaitQueued(EXPIRED, slot, 1);
        PlatformSimulator sim = fixture.sim();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Replica other = new Replica(context, Clock.systemUTC(), "replica-b")) {
            sim.holdNext(1);
            Future<?> flight = thread.submit(delivery::deliverAll);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.heldRequests() == 1);
            UUID token = claimToken(EXPIRED, slot);
            assertThat(token).isNotNull();

            // the listener writes version 2 into the row in flight: done while the flight still hangs
            publish(itemValue(TENANT, EXPIRED, slot, "2.00", 2));
            awaitQueued(EXPIRED, slot, 2);
            assertThat(flight.isDone()).isFalse();
            assertThat(sim.heldRequests()).isEqualTo(1);
            assertThat(claimToken(EXPIRED, slot)).isEqualTo(token);
            assertThat(status(EXPIRED, slot)).isEqualTo("PENDING");

            // the lease runs out: the other instance takes the row over and sends version 2
            Instant leaseUntil = leaseUntil(EXPIRED, slot);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(leaseUntil));
            other.deliverAll();
            assertThat(received(EXPIRED, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("2.00"));
            assertThat(status(EXPIRED, slot)).isEqualTo("SENT");

            // the hanging request of version 1 comes back accepted: the platform may now hold the older value, so
            // the row goes back to the queue and version 2 is sent again
            sim.releaseHeld();
            flight.get(60, TimeUnit.SECONDS);
            assertThat(received(EXPIRED, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("1.00"));
            assertThat(row(EXPIRED, slot)).containsEntry("status", "PENDING").containsEntry("version", 2L)
                    .containsEntry("reupload", true);

            delivery.deliverAll();
            assertThat(received(EXPIRED, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("2.00"));
            assertThat(row(EXPIRED, slot)).containsEntry("status", "SENT").containsEntry("version", 2L)
                    .containsEntry("sent_version", 2L).containsEntry("reupload", false);
        } finally {
            sim.releaseHeld();
            thread.shutdownNow();
        }
    }

    @Test
    void aNewVersionArrivingDuringASendThatReturnsWithinItsLeaseStaysPendingAsReUploadAndIsSentNext()
            throws Exception {
        configure(WITHIN);
        LocalDateTime slot = slotHoursAgo(5);
        publish(itemValue(TENANT, WITHIN, slot, "3.00", 1));
        awaitQueued(WITHIN, slot, 1);
        PlatformSimulator sim = fixture.sim();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            sim.holdNext(1);
            Future<?> flight = thread.submit(delivery::deliverAll);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.heldRequests() == 1);

            publish(itemValue(TENANT, WITHIN, slot, "4.00", 2));
            awaitQueued(WITHIN, slot, 2);
            assertThat(flight.isDone()).isFalse();
            assertThat(sim.heldRequests()).isEqualTo(1);

            sim.releaseHeld();
            flight.get(60, TimeUnit.SECONDS);
            assertThat(received(WITHIN, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("3.00"));
            assertThat(row(WITHIN, slot)).containsEntry("status", "PENDING").containsEntry("version", 2L)
                    .containsEntry("sent_version", 1L).containsEntry("reupload", true);
            assertThat(claimToken(WITHIN, slot)).isNull();

            delivery.deliverAll();
            assertThat(received(WITHIN, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("4.00"));
            assertThat(row(WITHIN, slot)).containsEntry("status", "SENT").containsEntry("sent_version", 2L)
                    .containsEntry("reupload", false);
        } finally {
            sim.releaseHeld();
            thread.shutdownNow();
        }
    }

    private void configure(String uscc) {
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), config(TENANT, uscc, 1, target("sim", true)));
        awaitRevision(directory, TENANT, uscc, 1);
    }

    private static void publish(ItemValue v) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), v);
    }

    private void awaitQueued(String uscc, LocalDateTime statDate, long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                        "select version from upload_item where tenant_id = ? and enterprise_code = ? and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query(Long.class).optional()).contains(version));
    }

    private Map<String, Object> row(String uscc, LocalDateTime statDate) {
        return jdbc.sql("select status, reupload, version, sent_version from upload_item "
                        + "where tenant_id = ? and enterprise_code = ? and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query().singleRow();
    }

    private String status(String uscc, LocalDateTime statDate) {
        return (String) row(uscc, statDate).get("status");
    }

    private UUID claimToken(String uscc, LocalDateTime statDate) {
        return jdbc.sql("select claim_token from upload_item where tenant_id = ? and enterprise_code = ? "
                        + "and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query((rs, i) -> rs.getObject(1, UUID.class))
                .list().getFirst(); // null when not in flight
    }

    private Instant leaseUntil(String uscc, LocalDateTime statDate) {
        return jdbc.sql("select lease_until from upload_item where tenant_id = ? and enterprise_code = ? "
                        + "and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query(OffsetDateTime.class).single().toInstant();
    }

    private static Optional<ReceivedValue> received(String uscc, LocalDateTime statDate) {
        String d = platformDate(statDate);
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(uscc) && v.statDate().equals(d)).findFirst();
    }
}
