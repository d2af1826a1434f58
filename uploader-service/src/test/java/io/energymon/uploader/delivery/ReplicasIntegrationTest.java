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
import io.energymon.domain.event.ItemValue;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.MutableClock;
import io.energymon.uploader.testing.Replica;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Issue #10 against real PostgreSQL, Kafka and the HTTPS platform simulator: two uploader instances on one database
 * share the queue and the registration (every item accepted exactly once, one deviceId); a platform that forgot the
 * registration gets one new registration and the send goes through; an outage longer than the back-off cap, on an
 * injected clock, is retried at most 2 h apart and raises one alarm on the alarms topic, cleared when a send works
 * again; a value whose statDate does not fit its statType is refused locally. Each test has its own enterprise.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S",
        "energymon.uploader.batch-size=50", "energymon.uploader.alarm-after-failures=8"})
class ReplicasIntegrationTest {
    private static final String RACE = uscc(301);
    private static final String FORGOTTEN = uscc(302);
    private static final String OUTAGE = uscc(303);
    private static final String MALFORMED = uscc(304);
    private static final String DAILY = uscc(305);
    private static final List<String> ALL = List.of(RACE, FORGOTTEN, OUTAGE, MALFORMED, DAILY);
    private static final String TENANT = "tenant-replicas";

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
            fixture = PlatformFixture.start(tempDir, "replicas", ALL, 1).withCredentials(TENANT, ALL.toArray(String[]::new));
            alarmsTopic = UploaderTestSupport.newTopic("alarms-replicas", false);
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
        fixture().register(r, "uploader_replicas", "sim");
        r.add("energymon.uploader.alarms-topic", () -> alarmsTopic);
    }

    @BeforeEach
    void firstRoundDone() {
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void twoInstancesRacingOnOneQueueSendEveryItemExactlyOnceUnderOneRegistration() throws Exception {
        // the enterprise arrives after the first rounds: neither instance has registered it yet
        configure(RACE);
        int n = 230; // five claims of at most 50
        LocalDateTime first = slotHoursAgo(2 + n / 4);
        for (int i = 0; i < n; i++) {
            publish(itemValue(TENANT, RACE, first.plusMinutes(15L * i), Integer.toString(i), 1));
        }
        awaitQueued(RACE, first.plusMinutes(15L * (n - 1)), 1);
        assertThat(count("select count(*) from upload_item where tenant_id = ? and enterprise_code = ?", RACE))
                .isEqualTo(n);

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Replica other = new Replica(context, Clock.systemUTC(), "replica-b")) {
            Future<?> a = threads.submit(() -> {
                passBarrier(start);
                delivery.deliverAll();
            });
            Future<?> b = threads.submit(() -> {
                passBarrier(start);
                other.deliverAll();
            });
            a.get(120, TimeUnit.SECONDS);
            b.get(120, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        PlatformSimulator sim = fixture.sim();
        assertThat(sim.registrations(RACE)).isEqualTo(1);
        assertThat(sim.acceptedElements(RACE)).isEqualTo(n);
        assertThat(sim.received().stream().filter(v -> v.enterpriseCode().equals(RACE)).count()).isEqualTo(n);
        assertThat(jdbc.sql("select device_id from platform_registration where tenant_id = ? and enterprise_code = ?")
                .params(TENANT, RACE).query(String.class).list()).containsExactly(sim.deviceId(RACE).orElseThrow());
        assertThat(count("select count(*) from upload_item where tenant_id = ? and enterprise_code = ? "
                + "and status = 'SENT' and claim_token is null", RACE)).isEqualTo(n);
        assertThat(count("select count(*) from registration_lease where tenant_id = ? and enterprise_code = ?", RACE))
                .isZero();
    }

    @Test
    void aPlatformThatForgotTheRegistrationGetsOneNewRegistrationAndTheValue() {
        configure(FORGOTTEN);
        LocalDateTime before = slotHoursAgo(5);
        publish(itemValue(TENANT, FORGOTTEN, before, "1.00", 1));
        awaitQueued(FORGOTTEN, before, 1);
        delivery.deliverAll();
        PlatformSimulator sim = fixture.sim();
        String firstDevice = sim.deviceId(FORGOTTEN).orElseThrow();
        assertThat(received(FORGOTTEN, before)).isPresent();

        sim.forgetRegistration(FORGOTTEN);
        LocalDateTime after = before.plusMinutes(15);
        publish(itemValue(TENANT, FORGOTTEN, after, "2.00", 1));
        awaitQueued(FORGOTTEN, after, 1);
        delivery.deliverAll();

        assertThat(received(FORGOTTEN, after)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("2.00"));
        assertThat(sim.registrations(FORGOTTEN)).isEqualTo(2);
        String newDevice = sim.deviceId(FORGOTTEN).orElseThrow();
        assertThat(newDevice).isNotEqualTo(firstDevice);
        assertThat(jdbc.sql("select device_id from platform_registration where tenant_id = ? and enterprise_code = ?")
                .params(TENANT, FORGOTTEN).query(String.class).single()).isEqualTo(newDevice);
        assertThat(count("select count(*) from upload_attempt where tenant_id = ? and enterprise_code = ? "
                + "and operation = 'register' and accepted", FORGOTTEN)).isEqualTo(2);
        assertThat(jdbc.sql("select response_message from upload_attempt where tenant_id = ? and enterprise_code = ? "
                        + "and operation = 'uploadData' and not accepted")
                .params(TENANT, FORGOTTEN).query(String.class).list())
                .containsExactly(PlatformSimulator.UNKNOWN_DEVICE);
        assertThat(status(FORGOTTEN, after)).isEqualTo("SENT");
    }

    @Test
    void anOutageLongerThanTheBackOffCapIsRetriedAtMostTwoHoursApartAndAlarmedOnceThenCleared() {
        configure(OUTAGE);
        LocalDateTime slot = slotHoursAgo(4);
        publish(itemValue(TENANT, OUTAGE, slot, "9.00", 1));
        awaitQueued(OUTAGE, slot, 1);
        PlatformSimulator sim = fixture.sim();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(5));
        Instant outageStart = clock.instant();
        sim.useClock(clock); // the platform and the uploader agree on the time
        List<Duration> gaps = new ArrayList<>();
        try (Replica replica = new Replica(context, clock, "replica-clock");
             KafkaConsumer<String, byte[]> alarms = SharedInfra.newConsumer(alarmsTopic)) {
            sim.failNext(1_000, 503);
            for (int failure = 1; failure <= 12; failure++) {
                replica.deliverAll();
                assertThat(attempts(OUTAGE, slot)).isEqualTo(failure);
                Instant next = nextAttempt(OUTAGE, slot);
                gaps.add(Duration.between(clock.instant(), next));
                // one second before it is due nothing is sent
                clock.set(next.minusSeconds(1));
                replica.deliverAll();
                assertThat(attempts(OUTAGE, slot)).isEqualTo(failure);
                clock.set(next);
            }
            Instant outageEnd = clock.instant();
            sim.failNext(0, 503);
            replica.deliverAll();

            assertThat(status(OUTAGE, slot)).isEqualTo("SENT");
            assertThat(received(OUTAGE, slot)).isPresent();
            assertThat(Duration.between(outageStart, outageEnd)).isGreaterThan(Duration.ofHours(4));
            // 30 s doubling: 30 s, 1 min, 2 min, 4 min, 8 min, 16 min, 32 min, 64 min, then the 2 h cap
            List<Duration> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Duration d = Duration.ofSeconds(30L << i);
                expected.add(d.compareTo(Duration.ofHours(2)) > 0 ? Duration.ofHours(2) : d);
            }
            assertThat(gaps).containsExactlyElementsOf(expected);
            assertThat(gaps).allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(Duration.ofHours(2)));

            List<AlarmEvent> events = alarmsOf(alarms, OUTAGE, 2);
            assertThat(events).extracting(AlarmEvent::state)
                    .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
            assertThat(events).allSatisfy(ev -> {
                assertThat(ev.subject()).isEqualTo("sim");
                assertThat(ev.type()).isEqualTo("UPLOAD_FAILING");
                assertThat(ev.alarmId()).isEqualTo(events.getFirst().eventId());
            });
            assertThat(events.getFirst().message()).contains("503").contains(" / ");
        } finally {
            sim.failNext(0, 503);
            sim.useClock(null);
        }
    }

    @Test
    void aValueWhoseStatDateDoesNotFitItsStatTypeIsRefusedLocallyAndTheOthersAreSent() {
        configure(MALFORMED);
        LocalDateTime good = slotHoursAgo(7);
        LocalDateTime bad = slotHoursAgo(8).plusMinutes(7);
        publish(itemValue(TENANT, MALFORMED, good, "1.50", 1));
        publish(itemValue(TENANT, MALFORMED, bad, "2.50", 1));
        awaitQueued(MALFORMED, good, 1);
        awaitQueued(MALFORMED, bad, 1);
        long rejectedBefore = fixture.sim().rejectedPackets();

        delivery.deliverAll();

        assertThat(received(MALFORMED, good)).isPresent();
        assertThat(received(MALFORMED, bad)).isEmpty();
        assertThat(fixture.sim().rejectedPackets()).isEqualTo(rejectedBefore);
        assertThat(status(MALFORMED, bad)).isEqualTo("FAILED");
        assertThat(status(MALFORMED, good)).isEqualTo("SENT");
        String expectedDate = platformDate(bad);
        assertThat(jdbc.sql("select response_message from upload_attempt where tenant_id = ? and enterprise_code = ? "
                        + "and operation = 'checkLocally' and not accepted")
                .params(TENANT, MALFORMED).query(String.class).list())
                .singleElement().satisfies(m -> assertThat(m).contains("本地校验未通过").contains("refused locally")
                        .contains(expectedDate).contains("not sent"));
        assertThat(jdbc.sql("select last_error from upload_item where tenant_id = ? and enterprise_code = ? "
                        + "and stat_date = ?")
                .params(TENANT, MALFORMED, Timestamp.valueOf(bad)).query(String.class).single())
                .contains("refused locally");
    }

    @Test
    void theDailyBatchGoesAtThePlatformsUploadTimeWithClosedDaysOnly() {
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), config(TENANT, DAILY, 1,
                List.of(UploaderTestSupport.item(UploaderTestSupport.CODE, 0, 1, 2)), target("sim", true)));
        awaitRevision(directory, TENANT, DAILY, 1);
        // the replica's clock is on tomorrow (Shanghai): "yesterday" is today's date, closed by then
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        LocalDate day = LocalDate.now(shanghai).plusDays(1);
        LocalDateTime closed = day.minusDays(1).atStartOfDay();
        LocalDateTime open = day.atStartOfDay();
        publish(UploaderTestSupport.itemValue(TENANT, DAILY, UploaderTestSupport.CODE, 1, closed, "96.50", 1));
        publish(UploaderTestSupport.itemValue(TENANT, DAILY, UploaderTestSupport.CODE, 1, open, "12.00", 1));
        awaitQueued(DAILY, closed, 1);
        awaitQueued(DAILY, open, 1);
        LocalTime uploadTime = LocalTime.parse(PlatformSimulator.UPLOAD_TIME);
        MutableClock clock = new MutableClock(day.atTime(uploadTime).minusMinutes(5).atZone(shanghai).toInstant());
        fixture.sim().useClock(clock); // the platform and the uploader agree on the time
        try (Replica replica = new Replica(context, clock, "replica-daily")) {
            replica.deliverAll();
            assertThat(received(DAILY, closed)).as("before the upload time").isEmpty();

            clock.set(day.atTime(uploadTime).plusMinutes(1).atZone(shanghai).toInstant());
            replica.deliverAll();

            assertThat(received(DAILY, closed)).hasValueSatisfying(v -> assertThat(v.statType()).isEqualTo(1));
            assertThat(status(DAILY, closed)).isEqualTo("SENT");
            assertThat(received(DAILY, open)).as("a day not closed yet").isEmpty();
            assertThat(status(DAILY, open)).isEqualTo("PENDING");
        } finally {
            fixture.sim().useClock(null);
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private void configure(String uscc) {
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), config(TENANT, uscc, 1, target("sim", true)));
        awaitRevision(directory, TENANT, uscc, 1);
    }

    private static void passBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void publish(ItemValue v) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), v);
    }

    private long count(String sql, String uscc) {
        return jdbc.sql(sql).params(TENANT, uscc).query(Long.class).single();
    }

    private void awaitQueued(String uscc, LocalDateTime statDate, long version) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                        "select version from upload_item where tenant_id = ? and enterprise_code = ? and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query(Long.class).optional()).contains(version));
    }

    private String status(String uscc, LocalDateTime statDate) {
        return jdbc.sql("select status from upload_item where tenant_id = ? and enterprise_code = ? and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query(String.class).single();
    }

    private int attempts(String uscc, LocalDateTime statDate) {
        return jdbc.sql("select attempts from upload_item where tenant_id = ? and enterprise_code = ? and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query(Integer.class).single();
    }

    private Instant nextAttempt(String uscc, LocalDateTime statDate) {
        return jdbc.sql("select next_attempt_at from upload_item where tenant_id = ? and enterprise_code = ? "
                        + "and stat_date = ?")
                .params(TENANT, uscc, Timestamp.valueOf(statDate)).query(OffsetDateTime.class).single().toInstant();
    }

    private static Optional<ReceivedValue> received(String uscc, LocalDateTime statDate) {
        String d = platformDate(statDate);
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(uscc) && v.statDate().equals(d)).findFirst();
    }

    /** Reads the alarm topic until {@code n} events of the enterprise arrived (they share a partition: in order). */
    private static List<AlarmEvent> alarmsOf(KafkaConsumer<String, byte[]> consumer, String uscc, int n) {
        List<AlarmEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.size() < n && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                AlarmEvent e = EventCodec.decode(r.value(), AlarmEvent.class);
                if (e.enterpriseCode().equals(uscc)) {
                    assertThat(r.key()).isEqualTo(uscc);
                    events.add(e);
                }
            }
        }
        // anything published after them would be a second raise or clear: none may follow
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
            AlarmEvent e = EventCodec.decode(r.value(), AlarmEvent.class);
            if (e.enterpriseCode().equals(uscc)) {
                events.add(e);
            }
        }
        return events;
    }
}
