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

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.ItemValue;
import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.directory.ConfigFeedHealthIndicator;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
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
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Enterprises and their upload targets come from {@code config.v1} and change without a restart: a second target
 * (一端多传), a paused target, a target naming a platform this uploader does not have, a certificate put in place or
 * replaced; and an enterprise's values only ever leave under its own tenant's certificate.
 */
@SpringBootTest(properties = {"energymon.uploader.delivery-interval=PT1H", "energymon.uploader.first-backoff=PT30S"})
class ConfigDrivenDeliveryIntegrationTest {
    private static final String MULTI = uscc(201);
    private static final String T1_ENTERPRISE = uscc(202);
    private static final String T2_ENTERPRISE = uscc(203);
    private static final String UNKNOWN_TARGET = uscc(204);
    private static final String REPLACED = uscc(205);
    private static final String NO_TARGET = uscc(206);
    private static final String ONE_DOWN = uscc(207);
    private static final List<String> ALL = List.of(MULTI, T1_ENTERPRISE, T2_ENTERPRISE, UNKNOWN_TARGET, REPLACED,
            NO_TARGET, ONE_DOWN);

    @TempDir
    static Path tempDir;

    private static PlatformFixture fixture;

    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    PlatformClients clients;
    @Autowired
    UploaderProperties props;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EnterpriseDirectory directory;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ConfigFeedHealthIndicator configFeedHealth;
    @Autowired
    HealthEndpoint healthEndpoint;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            // two platforms (e.g. provincial and national) trusting the same development CA
            fixture = PlatformFixture.start(tempDir, "targets", ALL, 2);
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
        fixture().register(r, "uploader_targets", "sim1", "sim2");
    }

    @BeforeEach
    void firstRoundDone() {
        // the first round runs by itself once config.v1 was read; the tests run their own rounds after it
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void aSecondTargetGetsLaterValuesAndAPausedTargetKeepsItsQueueUntilEnabledAgain() {
        String tenant = "tenant-multi";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, MULTI);
        LocalDateTime d1 = slotHoursAgo(2);
        LocalDateTime d2 = slotHoursAgo(3);
        LocalDateTime d3 = slotHoursAgo(4);

        apply(config(tenant, MULTI, 1, target("sim1", true)));
        publish(itemValue(tenant, MULTI, d1, "1.00", 1));
        awaitQueued("sim1", tenant, d1);
        delivery.deliverAll();
        assertThat(received(fixture.sim(0), MULTI, d1)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("1.00"));
        assertThat(received(fixture.sim(1), MULTI, d1)).isEmpty();

        // 一端多传: a second platform in a new revision gets the later values too
        apply(config(tenant, MULTI, 2, target("sim1", true), target("sim2", true)));
        publish(itemValue(tenant, MULTI, d2, "2.00", 1));
        awaitQueued("sim1", tenant, d2);
        awaitQueued("sim2", tenant, d2);
        delivery.deliverAll();
        assertThat(received(fixture.sim(0), MULTI, d2)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("2.00"));
        assertThat(received(fixture.sim(1), MULTI, d2)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("2.00"));

        // pausing sim1 stops deliveries to it; its values are queued, not lost
        apply(config(tenant, MULTI, 3, target("sim1", false), target("sim2", true)));
        publish(itemValue(tenant, MULTI, d3, "3.00", 1));
        awaitQueued("sim1", tenant, d3);
        awaitQueued("sim2", tenant, d3);
        delivery.deliverAll();
        assertThat(received(fixture.sim(1), MULTI, d3)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("3.00"));
        assertThat(received(fixture.sim(0), MULTI, d3)).isEmpty();
        assertThat(status("sim1", tenant, d3)).isEqualTo("PENDING");

        apply(config(tenant, MULTI, 4, target("sim1", true), target("sim2", true)));
        delivery.deliverAll();
        assertThat(received(fixture.sim(0), MULTI, d3)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("3.00"));
        assertThat(status("sim1", tenant, d3)).isEqualTo("SENT");
    }

    @Test
    void aPlatformThatIsDownForAnEnterpriseHoldsOnlyItsOwnQueueAndGetsTheValuesWhenBack() {
        String tenant = "tenant-one-down";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, ONE_DOWN);
        // the second platform refuses every TLS handshake of this enterprise: down, as far as it is concerned
        fixture.sim(1).revokeCertificate(ONE_DOWN);
        LocalDateTime d1 = slotHoursAgo(11);
        LocalDateTime d2 = slotHoursAgo(12);
        try {
            apply(config(tenant, ONE_DOWN, 1, target("sim1", true), target("sim2", true)));
            publish(itemValue(tenant, ONE_DOWN, d1, "4.00", 1));
            publish(itemValue(tenant, ONE_DOWN, d2, "5.00", 1));
            awaitQueued("sim1", tenant, d2);
            awaitQueued("sim2", tenant, d2);

            delivery.deliverAll();

            assertThat(received(fixture.sim(0), ONE_DOWN, d1)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("4.00"));
            assertThat(received(fixture.sim(0), ONE_DOWN, d2)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("5.00"));
            assertThat(status("sim1", tenant, d1)).isEqualTo("SENT");
            assertThat(status("sim2", tenant, d1)).isEqualTo("PENDING");
            assertThat(status("sim2", tenant, d2)).isEqualTo("PENDING");
            assertThat(received(fixture.sim(1), ONE_DOWN, d1)).isEmpty();
        } finally {
            fixture.sim(1).restoreCertificate(ONE_DOWN);
        }
        // back: later rounds (after the back-off) deliver what it missed, and the first platform gets nothing twice
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            delivery.deliverAll();
            assertThat(status("sim2", tenant, d1)).isEqualTo("SENT");
            assertThat(status("sim2", tenant, d2)).isEqualTo("SENT");
        });
        assertThat(received(fixture.sim(1), ONE_DOWN, d2)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("5.00"));
        assertThat(fixture.sim(0).received().stream().filter(v -> v.enterpriseCode().equals(ONE_DOWN))).hasSize(2);
    }

    @Test
    void anEnterpriseIsOnlyEverSentUnderItsOwnTenantsCertificate() {
        // tenant-1 and tenant-2 each have an enterprise; tenant-2 also names tenant-1's USCC, without a certificate
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), "tenant-1", T1_ENTERPRISE);
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), "tenant-2", T2_ENTERPRISE);
        apply(config("tenant-1", T1_ENTERPRISE, 1, target("sim1", true)));
        apply(config("tenant-2", T2_ENTERPRISE, 1, target("sim1", true)));
        apply(config("tenant-2", T1_ENTERPRISE, 1, target("sim1", true)));
        LocalDateTime d1 = slotHoursAgo(5);
        LocalDateTime d2 = slotHoursAgo(6);
        LocalDateTime d3 = slotHoursAgo(7);
        publish(itemValue("tenant-1", T1_ENTERPRISE, d1, "11.00", 1));
        publish(itemValue("tenant-2", T2_ENTERPRISE, d2, "22.00", 1));
        publish(itemValue("tenant-2", T1_ENTERPRISE, d3, "33.00", 1));
        awaitQueued("sim1", "tenant-1", d1);
        awaitQueued("sim1", "tenant-2", d2);
        awaitQueued("sim1", "tenant-2", d3);

        delivery.deliverAll();

        // the simulator accepts a value only from the certificate whose CN is the value's enterprise
        assertThat(received(fixture.sim(0), T1_ENTERPRISE, d1)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("11.00"));
        assertThat(received(fixture.sim(0), T2_ENTERPRISE, d2)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("22.00"));
        assertThat(fixture.sim(0).received()).noneMatch(v -> v.statDate().equals(platformDate(d3)));
        // tenant-2's value for that USCC is not sent with tenant-1's certificate: a failure of its own, recorded
        Path expected = fixture.credentials().resolve("tenant-2").resolve(T1_ENTERPRISE + ".p12").toAbsolutePath();
        Map<String, Object> attempt = jdbc.sql("""
                        select operation, accepted, response_message from upload_attempt
                         where tenant_id = 'tenant-2' and enterprise_code = ? order by id desc limit 1
                        """).param(T1_ENTERPRISE).query().singleRow();
        assertThat(attempt).containsEntry("accepted", false).containsEntry("operation", "register");
        assertThat((String) attempt.get("response_message")).contains("客户端证书缺失").contains("missing")
                .contains(expected.toString());
        assertThat(jdbc.sql("select last_error from upload_item where tenant_id = 'tenant-2' and enterprise_code = ?")
                .param(T1_ENTERPRISE).query(String.class).single()).contains(expected.toString());
        assertThat(status("sim1", "tenant-2", d3)).isEqualTo("PENDING");

        // the certificate is put in place: the next round uses it, without a restart
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), "tenant-2", T1_ENTERPRISE);
        delivery.deliverAll();
        assertThat(received(fixture.sim(0), T1_ENTERPRISE, d3)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("33.00"));
    }

    @Test
    void aTargetNamingAnUnconfiguredPlatformIsRecordedAndTheOtherTargetsWork() {
        String tenant = "tenant-unknown";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, UNKNOWN_TARGET);
        apply(config(tenant, UNKNOWN_TARGET, 1, target("nowhere", true), target("sim2", true)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        select count(*) from upload_attempt where tenant_id = ? and operation = 'config'
                           and platform_id = 'nowhere' and not accepted and response_message like '%nowhere%'
                        """).param(tenant).query(Long.class).single() == 1);
        LocalDateTime d = slotHoursAgo(8);
        publish(itemValue(tenant, UNKNOWN_TARGET, d, "8.00", 1));
        awaitQueued("sim2", tenant, d);
        awaitQueued("nowhere", tenant, d); // kept for the day the platform is configured

        delivery.deliverAll();

        assertThat(received(fixture.sim(1), UNKNOWN_TARGET, d)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("8.00"));
        assertThat(status("nowhere", tenant, d)).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.get("uploader_config_unknown_platform_targets").gauge().value() >= 1);
        assertThat(healthEndpoint.healthForPath("configFeed").getStatus()).isEqualTo(Status.UP);
        assertThat(configFeedHealth.health().getDetails()).containsEntry("topic", fixture.configTopic())
                .containsEntry("unknownPlatformTargets", 1);
    }

    @Test
    void aClientIsBuiltAgainWhenTheConfigurationOrTheCertificateChanges() throws Exception {
        String tenant = "tenant-replaced";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, REPLACED);
        apply(config(tenant, REPLACED, 1, target("sim1", true)));
        PlatformConfig sim1 = props.platforms().getFirst();
        Enterprise e = directory.find(tenant, REPLACED).orElseThrow();

        PlatformDialect first = clients.dialect(sim1, e);
        assertThat(clients.dialect(sim1, e)).isSameAs(first);

        // the certificate file is replaced (here: the same key under a new password, as a rotated secret would be)
        Path dir = fixture.credentials().resolve(tenant);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(REPLACED + ".p12"))) {
            ks.load(in, fixture.pki().password());
        }
        char[] rotated = "rotated-password".toCharArray();
        KeyStore copy = KeyStore.getInstance("PKCS12");
        copy.load(null, null);
        copy.setKeyEntry(DevPki.CLIENT_ALIAS, ks.getKey(DevPki.CLIENT_ALIAS, fixture.pki().password()), rotated,
                ks.getCertificateChain(DevPki.CLIENT_ALIAS));
        try (OutputStream out = Files.newOutputStream(dir.resolve(REPLACED + ".p12"))) {
            copy.store(out, rotated);
        }
        Files.writeString(dir.resolve(REPLACED + ".p12.pass"), "  rotated-password  \n");
        PlatformDialect second = clients.dialect(sim1, e);
        assertThat(second).isNotSameAs(first);

        apply(config(tenant, REPLACED, 2, target("sim1", true)));
        Enterprise revised = directory.find(tenant, REPLACED).orElseThrow();
        assertThat(clients.dialect(sim1, revised)).isNotSameAs(second);

        // and the rebuilt client works
        LocalDateTime d = slotHoursAgo(10);
        publish(itemValue(tenant, REPLACED, d, "10.00", 1));
        awaitQueued("sim1", tenant, d);
        delivery.deliverAll();
        assertThat(received(fixture.sim(0), REPLACED, d)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("10.00"));
    }

    @Test
    void valuesOfAnEnterpriseWithoutTargetsAreParkedUntilItGainsOneAndAfterItIsRetired() {
        String tenant = "tenant-no-target";
        UploaderTestSupport.writeCredentials(fixture.pki(), fixture.credentials(), tenant, NO_TARGET);
        apply(config(tenant, NO_TARGET, 1));
        LocalDateTime d1 = slotHoursAgo(11);
        publish(itemValue(tenant, NO_TARGET, d1, "1.10", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedReason(tenant, d1).isPresent());
        assertThat(parkedReason(tenant, d1)).contains("no upload target in config.v1");

        apply(config(tenant, NO_TARGET, 2, target("sim2", true)));
        awaitQueued("sim2", tenant, d1);
        assertThat(parkedReason(tenant, d1)).isEmpty();
        delivery.deliverAll();
        assertThat(received(fixture.sim(1), NO_TARGET, d1)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("1.10"));

        // retired (tombstone): forgotten at once; its later values are parked, not sent and not lost
        UploaderTestSupport.publishTombstone(fixture.producer(), fixture.configTopic(), tenant, NO_TARGET);
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(tenant, NO_TARGET).isEmpty());
        LocalDateTime d2 = slotHoursAgo(12);
        publish(itemValue(tenant, NO_TARGET, d2, "2.20", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedReason(tenant, d2).isPresent());
        assertThat(parkedReason(tenant, d2)).contains("enterprise not (yet) in config.v1");
    }

    private Optional<String> parkedReason(String tenant, LocalDateTime statDate) {
        return jdbc.sql("select reason from parked_item_value where tenant_id = ? and stat_date = ?")
                .params(tenant, Timestamp.valueOf(statDate)).query(String.class).optional();
    }

    private void apply(EnterpriseConfig c) {
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), c);
        awaitRevision(directory, c.tenantId(), c.enterpriseCode(), c.revision());
    }

    private static void publish(ItemValue v) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), v);
    }

    private void awaitQueued(String platformId, String tenant, LocalDateTime statDate) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select count(*) from upload_item where platform_id = ? and tenant_id = ? and stat_date = ?")
                .params(platformId, tenant, Timestamp.valueOf(statDate)).query(Long.class).single() == 1);
    }

    private String status(String platformId, String tenant, LocalDateTime statDate) {
        return jdbc.sql("select status from upload_item where platform_id = ? and tenant_id = ? and stat_date = ?")
                .params(platformId, tenant, Timestamp.valueOf(statDate)).query(String.class).single();
    }

    private static Optional<ReceivedValue> received(PlatformSimulator sim, String uscc, LocalDateTime statDate) {
        String d = platformDate(statDate);
        return sim.received().stream().filter(v -> v.enterpriseCode().equals(uscc) && v.statDate().equals(d)).findFirst();
    }
}
