package io.energymon.uploader.delivery;

import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.dayDaysAgo;
import static io.energymon.uploader.testing.UploaderTestSupport.item;
import static io.energymon.uploader.testing.UploaderTestSupport.itemValue;
import static io.energymon.uploader.testing.UploaderTestSupport.platformDate;
import static io.energymon.uploader.testing.UploaderTestSupport.slotHoursAgo;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.ItemValue;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A platform receives only the periods each data item is configured to report ({@code ItemConfig.statTypes}),
 * although the aggregator publishes real-time values of every item: values of other periods are not queued, not
 * moved out of the park, and withdrawn from the queue when the configuration stops reporting them; what was sent
 * stays as history.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S"})
class ReportedStatTypesIntegrationTest {
    /** Reported for day and month only: its real-time values are computed (to build them) but never uploaded. */
    private static final String DAY_MONTH = "0000000002330011";
    /** Reported for real-time, day and month (electricity purchased: use codes are from the platform's list). */
    private static final String ALL_PERIODS = "0000000002330012";
    /** Reported for real-time only (electricity in stock). */
    private static final String REALTIME_ONLY = "0000000002330013";

    private static final String DIRECT = uscc(301);
    private static final String PARKED = uscc(302);
    private static final String CHANGED = uscc(303);
    private static final String RACE = uscc(304);
    private static final List<String> ALL = List.of(DIRECT, PARKED, CHANGED, RACE);

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

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "stattypes", ALL, 1);
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
        fixture().register(r, "uploader_stattypes", "sim");
    }

    @BeforeEach
    void firstRoundDone() {
        // the first round runs by itself once config.v1 was read; the tests run their own rounds after it
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void anItemReportedForDayAndMonthGetsNoRealTimeValueUploadedWhileAnItemReportingRealTimeDoes() {
        String tenant = "tenant-direct";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, DIRECT);
        apply(config(tenant, DIRECT, 1, List.of(item(DAY_MONTH, 1, 2), item(ALL_PERIODS, 0, 1, 2)),
                target("sim", true)));
        LocalDateTime slot = slotHoursAgo(2);
        LocalDateTime day = dayDaysAgo(1);
        double before = notReported();

        // one key, one partition: when the last value is queued, the first two were handled
        publish(itemValue(tenant, DIRECT, DAY_MONTH, 0, slot, "5.00", 1));
        publish(itemValue(tenant, DIRECT, DAY_MONTH, 1, day, "480.00", 1));
        publish(itemValue(tenant, DIRECT, ALL_PERIODS, 0, slot, "6.00", 1));
        awaitRows(tenant, DIRECT, ALL_PERIODS, 0, slot, 1);

        assertThat(rows(tenant, DIRECT, DAY_MONTH, 0, slot)).isZero();
        assertThat(rows(tenant, DIRECT, DAY_MONTH, 1, day)).isEqualTo(1); // its day value is reported
        assertThat(notReported() - before).isEqualTo(1.0);

        delivery.deliverAll();

        assertThat(received(DIRECT, ALL_PERIODS, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("6.00"));
        assertThat(fixture.sim().received()) // its day value goes with the daily batch, its real-time one never
                .noneMatch(v -> v.enterpriseCode().equals(DIRECT) && v.dataCode().equals(DAY_MONTH) && v.statType() == 0);
        assertThat(status(tenant, DIRECT, ALL_PERIODS, 0, slot)).isEqualTo("SENT");
    }

    @Test
    void aParkedRealTimeValueOfAnItemNotReportingItIsDroppedWhenTheConfigurationArrivesAndTheOthersAreMoved() {
        String tenant = "tenant-parked";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, PARKED);
        LocalDateTime slot = slotHoursAgo(3);
        LocalDateTime day = dayDaysAgo(1);
        publish(itemValue(tenant, PARKED, DAY_MONTH, 0, slot, "7.00", 1));
        publish(itemValue(tenant, PARKED, DAY_MONTH, 1, day, "560.00", 1));
        publish(itemValue(tenant, PARKED, REALTIME_ONLY, 0, slot, "8.00", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(tenant, PARKED) == 3);
        double before = notReported();

        apply(config(tenant, PARKED, 1, List.of(item(DAY_MONTH, 1, 2), item(REALTIME_ONLY, 0)), target("sim", true)));

        // the move is one transaction: an empty park means the queue holds what was moved
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(tenant, PARKED) == 0);
        assertThat(rows(tenant, PARKED, REALTIME_ONLY, 0, slot)).isEqualTo(1);
        assertThat(rows(tenant, PARKED, DAY_MONTH, 1, day)).isEqualTo(1);
        assertThat(rows(tenant, PARKED, DAY_MONTH, 0, slot)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> notReported() - before >= 1.0);
        assertThat(notReported() - before).isEqualTo(1.0);

        delivery.deliverAll();

        assertThat(received(PARKED, REALTIME_ONLY, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("8.00"));
        assertThat(fixture.sim().received())
                .noneMatch(v -> v.enterpriseCode().equals(PARKED) && v.dataCode().equals(DAY_MONTH) && v.statType() == 0);
    }

    @Test
    void removingRealTimeFromAnItemWithdrawsItsPendingRealTimeRowsAndKeepsWhatWasSent() {
        String tenant = "tenant-changed";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, CHANGED);
        apply(config(tenant, CHANGED, 1, List.of(item(ALL_PERIODS, 0, 1)), target("sim", true)));
        LocalDateTime sent = slotHoursAgo(4);
        LocalDateTime corrected = slotHoursAgo(5);
        LocalDateTime pending1 = slotHoursAgo(6);
        LocalDateTime pending2 = slotHoursAgo(7);
        LocalDateTime afterChange = slotHoursAgo(8);
        LocalDateTime day = dayDaysAgo(1);

        // two real-time values sent; then a correction of one of them (补传 pending) and two new ones pending
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 0, sent, "1.00", 1));
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 0, corrected, "2.00", 1));
        awaitRows(tenant, CHANGED, ALL_PERIODS, 0, corrected, 1);
        delivery.deliverAll();
        assertThat(status(tenant, CHANGED, ALL_PERIODS, 0, sent)).isEqualTo("SENT");
        assertThat(status(tenant, CHANGED, ALL_PERIODS, 0, corrected)).isEqualTo("SENT");
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 0, corrected, "2.50", 2));
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 0, pending1, "3.00", 1));
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 1, day, "300.00", 1));
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 0, pending2, "4.00", 1));
        awaitRows(tenant, CHANGED, ALL_PERIODS, 0, pending2, 1);
        assertThat(status(tenant, CHANGED, ALL_PERIODS, 0, corrected)).isEqualTo("PENDING");

        // statTypes [0, 1] -> [1]
        apply(config(tenant, CHANGED, 2, List.of(item(ALL_PERIODS, 1)), target("sim", true)));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "NOT_REPORTED".equals(status(tenant, CHANGED, ALL_PERIODS, 0, pending2)));
        assertThat(status(tenant, CHANGED, ALL_PERIODS, 0, pending1)).isEqualTo("NOT_REPORTED");
        assertThat(row(tenant, CHANGED, ALL_PERIODS, 0, pending1).get("last_error").toString())
                .contains("not reported").contains("revision 2").contains("[1]");
        // the correction is withdrawn too; the version that was sent stays on record
        assertThat(row(tenant, CHANGED, ALL_PERIODS, 0, corrected)).containsEntry("status", "NOT_REPORTED")
                .containsEntry("version", 2L).containsEntry("sent_version", 1L).containsEntry("reupload", true);
        assertThat(row(tenant, CHANGED, ALL_PERIODS, 0, corrected).get("sent_at")).isNotNull();
        assertThat(status(tenant, CHANGED, ALL_PERIODS, 0, sent)).isEqualTo("SENT");
        assertThat(status(tenant, CHANGED, ALL_PERIODS, 1, day)).isEqualTo("PENDING");

        delivery.deliverAll();

        assertThat(received(CHANGED, ALL_PERIODS, pending1)).isEmpty();
        assertThat(received(CHANGED, ALL_PERIODS, pending2)).isEmpty();
        assertThat(fixture.sim().received()).filteredOn(v -> v.enterpriseCode().equals(CHANGED) && v.statType() == 0)
                .extracting(ReceivedValue::dataValue).containsExactlyInAnyOrder("1.00", "2.00");

        // a later real-time value of the item is not queued at all
        double before = notReported();
        publish(itemValue(tenant, CHANGED, ALL_PERIODS, 0, afterChange, "5.00", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> notReported() - before >= 1.0);
        assertThat(notReported() - before).isEqualTo(1.0);
        assertThat(rows(tenant, CHANGED, ALL_PERIODS, 0, afterChange)).isZero();
    }

    @Test
    void aQueuedValueTheConfigurationNoLongerReportsIsWithdrawnByTheDeliveryInsteadOfSent() {
        // the race the delivery guards against: a value queued under the previous revision, committed after the
        // withdrawal that the new revision triggered had run
        String tenant = "tenant-race";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, RACE);
        LocalDateTime slot = slotHoursAgo(9);
        publish(itemValue(tenant, RACE, REALTIME_ONLY, 0, slot, "10.00", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(tenant, RACE) == 1);
        apply(config(tenant, RACE, 1, List.of(item(DAY_MONTH, 1, 2), item(REALTIME_ONLY, 0)), target("sim", true)));
        // the park is emptied after the withdrawal of the same change, on the same thread: that one is over
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(tenant, RACE) == 0);
        assertThat(rows(tenant, RACE, REALTIME_ONLY, 0, slot)).isEqualTo(1);
        jdbc.sql("""
                        insert into upload_item (platform_id, tenant_id, enterprise_code, data_code, stat_type, stat_date,
                                                 value, version, input_type, scope, valid, status)
                        values ('sim', ?, ?, ?, 0, ?, 9.00, 1, 4, 1, true, 'PENDING')
                        """)
                .params(tenant, RACE, DAY_MONTH, Timestamp.valueOf(slot)).update();

        delivery.deliverAll();

        assertThat(row(tenant, RACE, DAY_MONTH, 0, slot)).containsEntry("status", "NOT_REPORTED")
                .containsEntry("attempts", 0);
        assertThat(received(RACE, REALTIME_ONLY, slot)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("10.00"));
        assertThat(fixture.sim().received())
                .noneMatch(v -> v.enterpriseCode().equals(RACE) && v.dataCode().equals(DAY_MONTH));
    }

    private double notReported() {
        return meters.get("uploader_items_not_reported_total").counter().count();
    }

    private void apply(EnterpriseConfig c) {
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), c);
        awaitRevision(directory, c.tenantId(), c.enterpriseCode(), c.revision());
    }

    private static void publish(ItemValue v) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), v);
    }

    private long parked(String tenant, String uscc) {
        return jdbc.sql("select count(*) from parked_item_value where tenant_id = ? and enterprise_code = ?")
                .params(tenant, uscc).query(Long.class).single();
    }

    private long rows(String tenant, String uscc, String dataCode, int statType, LocalDateTime statDate) {
        return jdbc.sql("""
                        select count(*) from upload_item where platform_id = 'sim' and tenant_id = ?
                           and enterprise_code = ? and data_code = ? and stat_type = ? and stat_date = ?
                        """)
                .params(tenant, uscc, dataCode, statType, Timestamp.valueOf(statDate)).query(Long.class).single();
    }

    private void awaitRows(String tenant, String uscc, String dataCode, int statType, LocalDateTime statDate,
                           long expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(tenant, uscc, dataCode, statType, statDate) == expected);
    }

    private Map<String, Object> row(String tenant, String uscc, String dataCode, int statType, LocalDateTime statDate) {
        return jdbc.sql("""
                        select status, version, sent_version, sent_at, reupload, attempts, last_error from upload_item
                         where platform_id = 'sim' and tenant_id = ? and enterprise_code = ? and data_code = ?
                           and stat_type = ? and stat_date = ?
                        """)
                .params(tenant, uscc, dataCode, statType, Timestamp.valueOf(statDate)).query().singleRow();
    }

    private String status(String tenant, String uscc, String dataCode, int statType, LocalDateTime statDate) {
        return (String) row(tenant, uscc, dataCode, statType, statDate).get("status");
    }

    private static Optional<ReceivedValue> received(String uscc, String dataCode, LocalDateTime statDate) {
        String d = platformDate(statDate);
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(uscc) && v.dataCode().equals(dataCode) && v.statDate().equals(d)
                        && v.statType() == 0)
                .findFirst();
    }
}
