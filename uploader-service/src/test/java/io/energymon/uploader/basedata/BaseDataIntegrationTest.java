package io.energymon.uploader.basedata;

import static io.energymon.uploader.testing.UploaderTestSupport.CODE;
import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.item;
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
import io.energymon.uploader.delivery.RealtimeDelivery;
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
 * Base data (基础数据) against the platform simulator over mutual TLS, real PostgreSQL and Kafka: downloaded at the
 * first registration and stored per platform; after the platform withdraws a code and changes its dicVersion, the
 * next version check (here the daily one, on an injected clock) downloads the lists again, the configured item whose
 * code left the list raises one alarm and its values are held back, never sent with the withdrawn code and never
 * dropped. Each test has its own platform and enterprise.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S"})
class BaseDataIntegrationTest {
    private static final String TENANT = "tenant-basedata";
    /** Registers with platform "first" in the first round. */
    private static final String FIRST = uscc(501);
    /** Uploads to platform "changing", whose code list changes. */
    private static final String CHANGING = uscc(502);
    /** Whole plant, secondary energy, waste heat and pressure (3700), consumption: the code the platform withdraws. */
    private static final String WASTE_HEAT = "0000000002370011";

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
            fixture = PlatformFixture.start(tempDir, "basedata", List.of(FIRST, CHANGING), 2)
                    .withCredentials(TENANT, FIRST, CHANGING);
            alarmsTopic = UploaderTestSupport.newTopic("alarms-basedata", false);
            UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                    config(TENANT, FIRST, 1, List.of(item(CODE, 0)), target("first", true)));
            UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                    config(TENANT, CHANGING, 1, List.of(item(CODE, 0), item(WASTE_HEAT, 0)),
                            target("changing", true)));
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
        fixture().register(r, "uploader_basedata", "first", "changing");
        r.add("energymon.uploader.alarms-topic", () -> alarmsTopic);
    }

    @BeforeEach
    void firstRoundDone() {
        awaitRevision(directory, TENANT, FIRST, 1);
        awaitRevision(directory, TENANT, CHANGING, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void theFirstRegistrationDownloadsAndStoresThePlatformsBaseData() {
        PlatformSimulator sim = fixture.sim(0);
        Map<String, Object> stored = jdbc.sql("select reg_version, dic_version, downloaded_by, "
                        + "jsonb_path_query_array(code_lists, '$.energyTypes[*].code')::text as energy "
                        + "from platform_base_data where platform_id = 'first'")
                .query().singleRow();
        assertThat(stored).containsEntry("reg_version", sim.regVersion()).containsEntry("dic_version", sim.dicVersion())
                .containsEntry("downloaded_by", TENANT + "/" + FIRST);
        assertThat((String) stored.get("energy")).contains("\"3300\"").contains("\"3700\"");
        // registration, version check, download, in this order; later version checks (another instance's start-up
        // check, the daily one) find the same versions and download nothing
        List<String> operations = jdbc.sql("select operation from upload_attempt where platform_id = 'first' "
                        + "and enterprise_code = ? and operation <> 'uploadData' order by id")
                .param(FIRST).query(String.class).list();
        assertThat(operations).startsWith("register", "checkVersion", "downloadBaseData")
                .containsOnlyOnce("register", "downloadBaseData");
        assertThat(count("select count(*) from item_code_invalid where enterprise_code = ?", FIRST)).isZero();
        assertThat(sim.requestCounts()).containsEntry("/nhjc/downloadBaseData", 1L);
    }

    @Test
    void aChangedCodeListIsDownloadedAgainAndAnItemWhoseCodeLeftItIsAlarmedOnceAndHeldBack() {
        PlatformSimulator sim = fixture.sim(1);
        String versionBefore = sim.dicVersion();
        assertThat(storedDicVersion()).isEqualTo(versionBefore);
        LocalDateTime before = slotHoursAgo(6);
        publish(itemValue(TENANT, CHANGING, CODE, 0, before, "1.00", 1));
        publish(itemValue(TENANT, CHANGING, WASTE_HEAT, 0, before, "2.00", 1));
        awaitQueued(WASTE_HEAT, before);
        awaitQueued(CODE, before);
        delivery.deliverAll();
        assertThat(received(WASTE_HEAT, before)).hasSize(1);
        assertThat(received(CODE, before)).hasSize(1);

        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        sim.useClock(clock); // the platform and the uploader agree on the time
        try (Replica replica = new Replica(context, clock, "replica-basedata");
             KafkaConsumer<String, byte[]> alarms = SharedInfra.newConsumer(alarmsTopic)) {
            replica.deliverAll(); // its start-up version check: same versions, nothing downloaded

            sim.retireCode("energyTypes", "3700");
            assertThat(sim.dicVersion()).isNotEqualTo(versionBefore);
            clock.advance(Duration.ofHours(1));
            replica.deliverAll(); // checked an hour ago: no check yet, the stored lists stay
            assertThat(storedDicVersion()).isEqualTo(versionBefore);

            LocalDateTime after = slotHoursAgo(5);
            publish(itemValue(TENANT, CHANGING, CODE, 0, after, "3.00", 1));
            publish(itemValue(TENANT, CHANGING, WASTE_HEAT, 0, after, "4.00", 1));
            awaitQueued(WASTE_HEAT, after);
            awaitQueued(CODE, after);
            clock.advance(Duration.ofHours(24));
            replica.deliverAll(); // the daily check sees the new dicVersion: download, validate, send

            assertThat(storedDicVersion()).isEqualTo(sim.dicVersion());
            assertThat(jdbc.sql("select jsonb_path_query_array(code_lists, '$.energyTypes[*].code')::text "
                    + "from platform_base_data where platform_id = 'changing'").query(String.class).single())
                    .contains("\"3300\"").doesNotContain("\"3700\"");
            assertThat(count("select count(*) from upload_attempt where platform_id = 'changing' "
                    + "and operation = 'downloadBaseData' and accepted and enterprise_code = ?", CHANGING))
                    .isEqualTo(2);
            assertThat(received(CODE, after)).extracting(ReceivedValue::dataValue).containsExactly("3.00");
            assertThat(received(WASTE_HEAT, after)).isEmpty();
            Map<String, Object> held = row(WASTE_HEAT, after);
            assertThat(held).containsEntry("status", "PENDING");
            assertThat((String) held.get("last_error")).contains("3700").contains(sim.dicVersion()).contains(" / ");

            // more rounds, of both instances, raise nothing new and still send nothing of the withdrawn code
            replica.deliverAll();
            delivery.deliverAll();
            assertThat(received(WASTE_HEAT, after)).isEmpty();
            assertThat(row(WASTE_HEAT, after)).containsEntry("status", "PENDING").containsEntry("version", 1L);

            List<AlarmEvent> events = alarmsOf(alarms, CHANGING);
            assertThat(events).hasSize(1);
            AlarmEvent raised = events.getFirst();
            assertThat(raised.state()).isEqualTo(AlarmEvent.State.RAISED);
            assertThat(raised.type()).isEqualTo(ItemCodeCheck.TYPE);
            assertThat(raised.subject()).isEqualTo("changing/" + WASTE_HEAT);
            assertThat(raised.tenantId()).isEqualTo(TENANT);
            assertThat(raised.message()).contains(WASTE_HEAT).contains("3700").contains(" / ");
        } finally {
            sim.useClock(null);
        }
    }

    private String storedDicVersion() {
        return jdbc.sql("select dic_version from platform_base_data where platform_id = 'changing'")
                .query(String.class).single();
    }

    private long count(String sql, String uscc) {
        return jdbc.sql(sql).param(uscc).query(Long.class).single();
    }

    private static void publish(ItemValue v) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), v);
    }

    private void awaitQueued(String dataCode, LocalDateTime statDate) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from upload_item "
                        + "where enterprise_code = ? and data_code = ? and stat_date = ?")
                .params(CHANGING, dataCode, Timestamp.valueOf(statDate)).query(Long.class).single() == 1);
    }

    private Map<String, Object> row(String dataCode, LocalDateTime statDate) {
        return jdbc.sql("select status, version, last_error from upload_item "
                        + "where enterprise_code = ? and data_code = ? and stat_date = ?")
                .params(CHANGING, dataCode, Timestamp.valueOf(statDate)).query().singleRow();
    }

    private static List<ReceivedValue> received(String dataCode, LocalDateTime statDate) {
        String d = platformDate(statDate);
        return fixture.sim(1).received().stream()
                .filter(v -> v.enterpriseCode().equals(CHANGING) && v.dataCode().equals(dataCode)
                        && v.statDate().equals(d))
                .toList();
    }

    /** Every alarm of the enterprise published until the topic stays quiet for two seconds. */
    private static List<AlarmEvent> alarmsOf(KafkaConsumer<String, byte[]> consumer, String uscc) {
        List<AlarmEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int quiet = 0;
        while (System.nanoTime() < deadline && (events.isEmpty() || quiet < 4)) {
            boolean any = false;
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                AlarmEvent e = EventCodec.decode(r.value(), AlarmEvent.class);
                if (e.enterpriseCode().equals(uscc)) {
                    events.add(e);
                    any = true;
                }
            }
            quiet = any ? 0 : quiet + 1;
        }
        return events;
    }
}
