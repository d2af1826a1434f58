package io.energymon.aggregator.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.domain.config.EnterpriseConfig;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * METER_IMBALANCE (§9.7): a main meter and two sub-meters fed with quarter-hourly counter readings, day by day; the
 * alarm job, driven with its own clock after each local day closed, judges each complete day once: a balanced day
 * raises nothing, a day whose main meter exceeds its sub-meters by more than the 5 % tolerance raises exactly one
 * alarm, a later balanced day clears it exactly once, and a day with a missing reading is not judged either way. The
 * events reach {@code alarms.v1} on the broker.
 */
@SpringBootTest
@ActiveProfiles("test")
class MeterBalanceIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String TENANT = "tenant-balance";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static final String MAIN = "170100001001";
    private static final String SUB_A = "170100002002";
    private static final String SUB_B = "170100002003";

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    AlarmJob job;

    /** The counters' current values: main, a, b. */
    private final Map<String, BigDecimal> counters = new LinkedHashMap<>(Map.of("main.kwh", new BigDecimal("1000"),
            "a.kwh", new BigDecimal("500"), "b.kwh", new BigDecimal("300")));

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_balance", CONFIG_TOPIC);
        r.add("energymon.aggregator.alarm-interval", () -> "PT1H");
    }

    @BeforeAll
    static void clients() {
        producer = SharedInfra.newProducer();
        // the topic exists before the consumer subscribes (a consumer learns of a later topic only minutes later)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.ALARMS, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void closeClients() {
        producer.close();
    }

    @Test
    void aMainMeterAboveItsSubMetersBeyondTheToleranceRaisesOnceAndABalancedDayClearsItWhileDaysWithGapsAreNotJudged() {
        configure();
        LocalDate d1 = LocalDate.parse("2027-07-01");
        ingest.ingest(batch(List.of(reading("main.kwh", start(d1)), reading("a.kwh", start(d1)),
                reading("b.kwh", start(d1)))));

        // day 1: 10 kWh per quarter on the main meter, 6 + 3.8 on the sub-meters: 2 % apart, within 5 %
        day(d1, "10", "6", "3.8", null);
        judgeAfter(d1);
        assertThat(events()).isEmpty();

        // day 2: 960 kWh on the main meter, 96 × (6 + 2) = 768 on the sub-meters: 192 / 960 = 20 % apart
        LocalDate d2 = d1.plusDays(1);
        day(d2, "10", "6", "2", null);
        judgeAfter(d2);
        assertThat(events()).extracting(AlarmEvent::type, AlarmEvent::subject, AlarmEvent::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("METER_IMBALANCE", MAIN + " kWh",
                        AlarmEvent.State.RAISED));
        assertThat(events().getFirst().message()).contains("960 kWh", "768 kWh", "20.0%", "5%", d2.toString(),
                SUB_A, SUB_B, " / ");

        // day 3: balanced but for one lost reading of sub-meter b: not judged, so not cleared (its usable
        // intervals alone would count as balanced: 960 against 960 - 2 × 4)
        LocalDate d3 = d2.plusDays(1);
        day(d3, "10", "6", "4", "b.kwh");
        judgeAfter(d3);
        assertThat(events()).extracting(AlarmEvent::state).containsExactly(AlarmEvent.State.RAISED);

        // day 4: balanced and complete: cleared once
        LocalDate d4 = d3.plusDays(1);
        day(d4, "10", "6", "4", null);
        judgeAfter(d4);
        List<AlarmEvent> events = events();
        assertThat(events).extracting(AlarmEvent::state)
                .containsExactly(AlarmEvent.State.RAISED, AlarmEvent.State.CLEARED);
        assertThat(events.get(1).alarmId()).isEqualTo(events.get(0).alarmId());

        // day 5: 20 % apart but the main meter lost a reading: not judged, nothing raised
        LocalDate d5 = d4.plusDays(1);
        day(d5, "10", "6", "2", "main.kwh");
        judgeAfter(d5);
        assertThat(events()).hasSize(2);
        assertThat(jdbc.sql("select count(*) from alarm_state where tenant_id = ? and type = 'METER_IMBALANCE'")
                .param(TENANT).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select cleared_at is not null from alarm_history where tenant_id = ?").param(TENANT)
                .query(Boolean.class).list()).containsExactly(true);

        // and both events went out on alarms.v1
        try (KafkaConsumer<String, byte[]> alarms = SharedInfra.newConsumer(Topics.ALARMS)) {
            List<AlarmEvent> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                alarms.poll(Duration.ofMillis(300)).forEach(r -> {
                    AlarmEvent e = EventCodec.decode(r.value(), AlarmEvent.class);
                    if (e.tenantId().equals(TENANT)) {
                        published.add(e);
                    }
                });
                assertThat(published).extracting(AlarmEvent::eventId)
                        .containsExactlyInAnyOrderElementsOf(events.stream().map(AlarmEvent::eventId).toList());
            });
        }
    }

    private void configure() {
        List<MeterConfig> meters = List.of(new MeterConfig(MAIN, "总进线", null, null, "0.5S", null, null, null, "3300"),
                new MeterConfig(SUB_A, "一车间", null, null, "1", null, null, null, "3300", MAIN),
                new MeterConfig(SUB_B, "二车间", null, null, "1", null, null, null, "3300", MAIN));
        List<PointConfig> points = List.of(counter("main.kwh", MAIN), counter("a.kwh", SUB_A),
                counter("b.kwh", SUB_B), new PointConfig("a.kw", "一车间功率", null, SUB_A, null, PointKind.INSTANTANEOUS,
                        "kW", null, null, null, null));
        EnterpriseConfig base = TestConfigs.enterprise(TENANT, A, 1, points, List.of());
        TestConfigs.publish(producer, CONFIG_TOPIC, new EnterpriseConfig(base.tenantId(), base.enterpriseCode(), 1,
                base.updatedAt(), base.profile(), null, null, null, meters, null, null, points, List.of(), null));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> catalog.enterprise(new EnterpriseRef(TENANT, A)).map(EnterpriseCatalog::revision)
                        .orElse(0L) == 1);
    }

    private static PointConfig counter(String id, String meter) {
        return new PointConfig(id, id, null, meter, null, PointKind.CUMULATIVE, "kWh", null, null, null, null);
    }

    /**
     * The readings of a local day's quarter hours 00:15 … 24:00, each counter advancing by its consumption per
     * quarter; {@code lose} a point whose 12:00 reading is lost (or null).
     */
    private void day(LocalDate day, String main, String a, String b, String lose) {
        Map<String, BigDecimal> perSlot = Map.of("main.kwh", new BigDecimal(main), "a.kwh", new BigDecimal(a),
                "b.kwh", new BigDecimal(b));
        Instant noon = start(day).plus(Duration.ofHours(12));
        List<Reading> readings = new ArrayList<>();
        for (int q = 1; q <= 96; q++) {
            Instant ts = start(day).plus(SLOT.multipliedBy(q));
            for (String point : Set.of("main.kwh", "a.kwh", "b.kwh")) {
                counters.merge(point, perSlot.get(point), BigDecimal::add);
                if (!(point.equals(lose) && ts.equals(noon))) {
                    readings.add(reading(point, ts));
                }
            }
        }
        ingest.ingest(batch(readings));
    }

    /** Runs the alarm job after the day closed, before the check delay, after it, and again later the same day. */
    private void judgeAfter(LocalDate day) {
        Instant end = start(day.plusDays(1));
        job.runOnce(end.plus(Duration.ofMinutes(10)));
        job.runOnce(end.plus(Duration.ofMinutes(31)));
        job.runOnce(end.plus(Duration.ofHours(3)));
    }

    private Reading reading(String point, Instant ts) {
        return Reading.good(point, ts, counters.get(point), 4);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    private static ReadingBatch batch(List<Reading> readings) {
        return new ReadingBatch(UUID.randomUUID(), TENANT, A, "test", readings.getLast().ts(), SLOT, readings);
    }

    private List<AlarmEvent> events() {
        return jdbc.sql("select payload from outbox where topic = ? order by id").param(Topics.ALARMS)
                .query((rs, i) -> EventCodec.decode(rs.getBytes(1), AlarmEvent.class)).list().stream()
                .filter(e -> e.tenantId().equals(TENANT) && e.type().equals(AlarmKind.METER_IMBALANCE.name()))
                .toList();
    }
}
