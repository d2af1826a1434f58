package io.energymon.aggregator.alarm;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.testing.TestIdentityProvider;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each alarm kind of the aggregator is raised once and cleared once (§9.7), with its events in the outbox for
 * {@code alarms.v1} and in {@code alarm_history}; a replay raises nothing more. Each test owns its tenant; the
 * periodic round is slowed down so that the test drives it with its own clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AlarmIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2027-05-01T00:00:00Z");
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final String X = "0000000002330011";

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    AlarmJob job;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_alarm", CONFIG_TOPIC);
        r.add("energymon.aggregator.alarm-interval", () -> "PT1H");
    }

    @BeforeAll
    static void clients() {
        producer = SharedInfra.newProducer();
    }

    @AfterAll
    static void closeClients() {
        producer.close();
    }

    @Test
    void aCounterGoingBackwardsRaisesOnceAndTwoNormalIntervalsClearIt() {
        String tenant = "tenant-negative";
        configure(tenant, 1, List.of(cumulative("e")), List.of(TestConfigs.item(X, "[e]")), List.of());
        ReadingBatch down = batch(tenant, good("e", T0, 100), good("e", at(1), 110), good("e", at(2), 105));
        ingest.ingest(down);
        ingest.ingest(down); // a replay observes nothing new
        assertThat(events(tenant, AlarmKind.NEGATIVE_CONSUMPTION)).extracting(AlarmEvent::type, AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(tuple("NEGATIVE_CONSUMPTION", "e", AlarmEvent.State.RAISED));
        assertThat(events(tenant, AlarmKind.NEGATIVE_CONSUMPTION).getFirst().message()).contains("110").contains("105").contains(" / ");

        ingest.ingest(batch(tenant, good("e", at(3), 106))); // one normal interval: not cleared yet (hysteresis)
        assertThat(events(tenant, AlarmKind.NEGATIVE_CONSUMPTION)).hasSize(1);
        ingest.ingest(batch(tenant, good("e", at(4), 107)));
        List<AlarmEvent> events = events(tenant, AlarmKind.NEGATIVE_CONSUMPTION);
        assertThat(events).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
        assertThat(events.get(1).alarmId()).isEqualTo(events.get(0).alarmId());
        assertThat(history(tenant)).containsExactly(tuple("NEGATIVE_CONSUMPTION", "e", true));
    }

    @Test
    void aConsumptionTenTimesItsRecentBaselineRaisesOnceAndTwoOrdinaryIntervalsClearIt() {
        String tenant = "tenant-spike";
        configure(tenant, 1, List.of(cumulative("e")), List.of(TestConfigs.item(X, "[e]")), List.of());
        List<Reading> steady = new java.util.ArrayList<>();
        for (int q = 0; q <= 10; q++) {
            steady.add(good("e", at(q), 1000 + 10L * q)); // 10 intervals of 10 kWh: a baseline of 40 kWh per hour
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), tenant, A, "test", at(10), SLOT, steady));
        assertThat(events(tenant, AlarmKind.CONSUMPTION_SPIKE)).isEmpty();

        ingest.ingest(batch(tenant, good("e", at(11), 1200))); // 100 kWh in a quarter hour: 400 per hour
        assertThat(events(tenant, AlarmKind.CONSUMPTION_SPIKE)).extracting(AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(tuple("e", AlarmEvent.State.RAISED));
        assertThat(events(tenant, AlarmKind.CONSUMPTION_SPIKE).getFirst().message()).contains("400").contains("40");

        ingest.ingest(batch(tenant, good("e", at(12), 1212), good("e", at(13), 1221)));
        assertThat(events(tenant, AlarmKind.CONSUMPTION_SPIKE)).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
    }

    @Test
    void anItemValueAboveItsPlausibleMaximumRaisesOnceAndClearsWhenBackInRange() {
        String tenant = "tenant-implausible";
        ItemConfig bounded = new ItemConfig(X, "bounded", List.of(0), "[e]", 4, 1, "kWh", BigDecimal.ZERO,
                new BigDecimal("50"));
        configure(tenant, 1, List.of(cumulative("e")), List.of(bounded), List.of());
        ingest.ingest(batch(tenant, good("e", T0, 0), good("e", at(1), 60), good("e", at(2), 130)));
        assertThat(events(tenant, AlarmKind.IMPLAUSIBLE_VALUE)).extracting(AlarmEvent::type, AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(tuple("IMPLAUSIBLE_VALUE", X, AlarmEvent.State.RAISED));
        assertThat(events(tenant, AlarmKind.IMPLAUSIBLE_VALUE).getFirst().message()).contains("60").contains("0..50");

        ingest.ingest(batch(tenant, good("e", at(3), 140), good("e", at(4), 150)));
        assertThat(events(tenant, AlarmKind.IMPLAUSIBLE_VALUE)).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
    }

    @Test
    void aPolledPointWithoutUsableReadingsForFourSlotsRaisesOnceAndItsNextReadingClearsIt() {
        String tenant = "tenant-silent";
        PointConfig polled = new PointConfig("p", "polled", "dev-1", null, null, PointKind.CUMULATIVE, "kWh", null,
                SLOT, null, null);
        configure(tenant, 1, List.of(polled), List.of(TestConfigs.item(X, "[p]")), List.of());
        ingest.ingest(batch(tenant, good("p", T0, 1), good("p", at(1), 2)));
        job.runOnce(at(4)); // usable readings within the last 4 slots: fine
        assertThat(events(tenant, AlarmKind.POINT_SILENT)).isEmpty();

        ingest.ingest(batch(tenant, Reading.bad("p", at(2), 4, "timeout"), Reading.bad("p", at(3), 4, "timeout")));
        job.runOnce(at(6)); // nothing usable since at(2)
        job.runOnce(at(7));
        assertThat(events(tenant, AlarmKind.POINT_SILENT)).extracting(AlarmEvent::type, AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(tuple("POINT_SILENT", "p", AlarmEvent.State.RAISED));

        ingest.ingest(batch(tenant, good("p", at(7), 5)));
        job.runOnce(at(7).plusSeconds(30));
        assertThat(events(tenant, AlarmKind.POINT_SILENT)).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
    }

    @Test
    void aMeterDueForVerificationRaisesOnceAndARecordedVerificationClearsIt() {
        String tenant = "tenant-verification";
        LocalDate today = T0.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
        // verified a year ago less 10 days with a 12-month interval: due in 10 days, inside the 30-day warning
        MeterConfig due = meter(today.minusMonths(12).plusDays(10));
        MeterConfig fine = new MeterConfig("170100002002", "分表", null, null, "1", today.minusMonths(1), 12, null,
                "3300");
        configure(tenant, 1, List.of(cumulative("e")), List.of(), List.of(due, fine));
        job.runOnce(T0);
        job.runOnce(T0.plusSeconds(60)); // same revision and day: not checked again
        assertThat(events(tenant, AlarmKind.METER_VERIFICATION_DUE)).extracting(AlarmEvent::type, AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(tuple("METER_VERIFICATION_DUE", "170100001001", AlarmEvent.State.RAISED));
        assertThat(events(tenant, AlarmKind.METER_VERIFICATION_DUE).getFirst().message()).contains(today.plusDays(10).toString());
        assertThat(get(tenant, "alarms?active=true")).contains("\"type\":\"METER_VERIFICATION_DUE\"")
                .contains("\"subject\":\"170100001001\"").contains("\"clearedAt\":null");
        assertThat(get("tenant-other", "alarms")).isEqualTo("[]"); // another tenant's path sees nothing of it

        configure(tenant, 2, List.of(cumulative("e")), List.of(), List.of(meter(today), fine));
        job.runOnce(T0.plusSeconds(120));
        assertThat(events(tenant, AlarmKind.METER_VERIFICATION_DUE)).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
        assertThat(history(tenant)).containsExactly(tuple("METER_VERIFICATION_DUE", "170100001001", true));
        assertThat(get(tenant, "alarms?active=true")).isEqualTo("[]");
        assertThat(get(tenant, "alarms")).contains("\"subject\":\"170100001001\"").doesNotContain("\"clearedAt\":null");
    }

    private String get(String tenant, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/tenants/" + tenant + "/enterprises/" + A + "/" + path))
                    .header("Authorization", "Bearer " + TestIdentityProvider.shared().service()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDayWithMissingRealTimeValuesRaisesAfterItClosedAndACompleteDayClearsIt() {
        String tenant = "tenant-missing";
        ItemConfig realtime = new ItemConfig(X, "real-time", List.of(0), "[e]", 4, 1, "kWh", null, null);
        configure(tenant, 1, List.of(cumulative("e")), List.of(realtime), List.of());
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Instant day1 = LocalDate.parse("2027-06-01").atStartOfDay(zone).toInstant(); // 2027-05-31T16:00Z
        List<Reading> readings = new java.util.ArrayList<>();
        for (int q = 0; q <= 192; q++) { // two local days of quarter hours, 00:00 to 00:00
            if (q != 40) { // one reading lost: the two quarters around it have no value
                readings.add(good("e", day1.plus(SLOT.multipliedBy(q)), 1000 + q));
            }
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), tenant, A, "test", day1, SLOT, readings.subList(0, 96)));
        job.runOnce(day1.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(10))); // before the check delay: nothing
        assertThat(events(tenant, AlarmKind.MISSING_INTERVALS)).isEmpty();
        job.runOnce(day1.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(31)));
        job.runOnce(day1.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(45))); // that day is counted once
        assertThat(events(tenant, AlarmKind.MISSING_INTERVALS)).extracting(AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(tuple(X, AlarmEvent.State.RAISED));
        assertThat(events(tenant, AlarmKind.MISSING_INTERVALS).getFirst().message()).contains("94/96")
                .contains("2027-06-01");

        ingest.ingest(new ReadingBatch(UUID.randomUUID(), tenant, A, "test", day1, SLOT,
                readings.subList(96, readings.size())));
        job.runOnce(day1.plus(Duration.ofHours(48)).plus(Duration.ofMinutes(31)));
        assertThat(events(tenant, AlarmKind.MISSING_INTERVALS)).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
    }

    private static MeterConfig meter(LocalDate verifiedOn) {
        return new MeterConfig("170100001001", "主表", null, null, "0.5S", verifiedOn, 12, null, "3300");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    /** The events of one kind for one tenant (the periodic round checks every enterprise for every kind). */
    private List<AlarmEvent> events(String tenant, AlarmKind kind) {
        return jdbc.sql("select payload from outbox where topic = ? order by id").param(Topics.ALARMS)
                .query((rs, i) -> EventCodec.decode(rs.getBytes(1), AlarmEvent.class)).list().stream()
                .filter(e -> e.tenantId().equals(tenant) && e.type().equals(kind.name())).toList();
    }

    private List<org.assertj.core.groups.Tuple> history(String tenant) {
        return jdbc.sql("select type, subject, cleared_at is not null from alarm_history where tenant_id = ? "
                        + "and type <> 'MISSING_INTERVALS'")
                .param(tenant).query((rs, i) -> tuple(rs.getString(1), rs.getString(2), rs.getBoolean(3))).list();
    }

    private void configure(String tenant, long revision, List<PointConfig> points, List<ItemConfig> items,
                           List<MeterConfig> meters) {
        EnterpriseConfig base = TestConfigs.enterprise(tenant, A, revision, points, items);
        EnterpriseConfig cfg = new EnterpriseConfig(base.tenantId(), base.enterpriseCode(), revision, base.updatedAt(),
                base.profile(), null, null, null, meters, null, null, points, items, null);
        TestConfigs.publish(producer, CONFIG_TOPIC, cfg);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(tenant, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == revision);
    }

    private static Instant at(int slots) {
        return T0.plus(SLOT.multipliedBy(slots));
    }

    private static Reading good(String point, Instant ts, long value) {
        return Reading.good(point, ts, BigDecimal.valueOf(value), 4);
    }

    private static ReadingBatch batch(String tenant, Reading... readings) {
        return new ReadingBatch(UUID.randomUUID(), tenant, A, "test", readings[readings.length - 1].ts(), SLOT,
                List.of(readings));
    }
}
