package io.energymon.uploader.secrets;

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

import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.delivery.RealtimeDelivery;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.registration.RegistrationService;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
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
 * The platform's secretKey at rest, against the platform simulator (which decrypts the SM4-encrypted data fields with
 * the key it issued, so an accepted value proves the uploader used the right one), real PostgreSQL and Kafka: stored
 * encrypted; a row written in plaintext before encryption still works and is encrypted by the start-up step; a
 * tampered row counts as a lost registration and the enterprise registers again instead of sending with a wrong key.
 * Each test has its own enterprise.
 */
@SpringBootTest(properties = "energymon.uploader.delivery-interval=PT1H")
class SecretsAtRestIntegrationTest {
    private static final String TENANT = "tenant-secrets";
    private static final String STORED = uscc(801);
    private static final String LEGACY = uscc(802);
    private static final String TAMPERED = uscc(803);

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
    RegistrationService registrations;
    @Autowired
    SecretBox box;
    @Autowired
    LegacySecretsMigration migration;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "secrets", List.of(STORED, LEGACY, TAMPERED), 1)
                    .withCredentials(TENANT, STORED, LEGACY, TAMPERED);
            for (String uscc : List.of(STORED, LEGACY, TAMPERED)) {
                UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                        config(TENANT, uscc, 1, List.of(item(CODE, 0)), target("sim", true)));
            }
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
        fixture().register(r, "uploader_secrets", "sim");
    }

    @BeforeEach
    void registered() {
        for (String uscc : List.of(STORED, LEGACY, TAMPERED)) {
            awaitRevision(directory, TENANT, uscc, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void theSecretKeyIsStoredEncryptedAndDecryptsToTheKeyThePlatformAccepts() {
        String stored = storedSecret(STORED);
        String secret = box.decrypt(stored, rowId(STORED));
        assertThat(secret).matches("[0-9a-f]{32}"); // the SM4 key the simulator issued: 32 hex digits
        assertThat(stored).startsWith("v1:").doesNotContain(secret);
        assertThat(registrations.stored("sim", enterprise(STORED))).map(Registration::secretKey).contains(secret);

        LocalDateTime slot = slotHoursAgo(3);
        deliver(STORED, slot, "11.00");
        assertThat(received(STORED, slot)).extracting(ReceivedValue::dataValue).containsExactly("11.00");
    }

    @Test
    void aPlaintextRowFromBeforeEncryptionStillWorksAndIsEncryptedByTheStartUpStep() {
        String secret = box.decrypt(storedSecret(LEGACY), rowId(LEGACY));
        String deviceId = fixture.sim(0).deviceId(LEGACY).orElseThrow();
        jdbc.sql("update platform_registration set secret_key = ? where enterprise_code = ?")
                .params(secret, LEGACY).update();

        assertThat(registrations.stored("sim", enterprise(LEGACY))).map(Registration::secretKey).contains(secret);
        LocalDateTime before = slotHoursAgo(4);
        deliver(LEGACY, before, "21.00");
        assertThat(received(LEGACY, before)).extracting(ReceivedValue::dataValue).containsExactly("21.00");

        assertThat(migration.encryptPlaintextRows()).isEqualTo(1);
        String encrypted = storedSecret(LEGACY);
        assertThat(encrypted).startsWith("v1:").doesNotContain(secret);
        assertThat(box.decrypt(encrypted, rowId(LEGACY))).isEqualTo(secret);
        assertThat(migration.encryptPlaintextRows()).isZero();

        LocalDateTime after = slotHoursAgo(3);
        deliver(LEGACY, after, "22.00");
        assertThat(received(LEGACY, after)).extracting(ReceivedValue::dataValue).containsExactly("22.00");
        assertThat(fixture.sim(0).deviceId(LEGACY)).contains(deviceId); // no new registration was needed
    }

    @Test
    void aTamperedSecretIsRefusedAndTheEnterpriseRegistersAgainInsteadOfSendingWithAWrongKey() {
        String stored = storedSecret(TAMPERED);
        byte[] raw = Base64.getDecoder().decode(stored.substring("v1:".length()));
        raw[20] ^= 0x55;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        jdbc.sql("update platform_registration set secret_key = ? where enterprise_code = ?")
                .params(tampered, TAMPERED).update();

        assertThat(registrations.stored("sim", enterprise(TAMPERED))).isEmpty();
        LocalDateTime slot = slotHoursAgo(3);
        deliver(TAMPERED, slot, "31.00");

        assertThat(received(TAMPERED, slot)).extracting(ReceivedValue::dataValue).containsExactly("31.00");
        assertThat(jdbc.sql("select count(*) from upload_attempt where enterprise_code = ? and operation = 'register' "
                + "and accepted").param(TAMPERED).query(Long.class).single()).isEqualTo(2);
        assertThat(fixture.sim(0).refusals()).noneMatch(r -> TAMPERED.equals(r.clientCn()));
        String rewritten = storedSecret(TAMPERED);
        assertThat(rewritten).startsWith("v1:").isNotEqualTo(tampered);
        assertThat(box.decrypt(rewritten, rowId(TAMPERED))).matches("[0-9a-f]{32}");
    }

    private String storedSecret(String uscc) {
        return jdbc.sql("select secret_key from platform_registration where platform_id = 'sim' and enterprise_code = ?")
                .param(uscc).query(String.class).single();
    }

    private static String rowId(String uscc) {
        return SecretBox.registrationRowId("sim", TENANT, uscc);
    }

    private Enterprise enterprise(String uscc) {
        return directory.find(TENANT, uscc).orElseThrow();
    }

    private void deliver(String uscc, LocalDateTime slot, String value) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(), itemValue(TENANT, uscc, slot, value, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from upload_item "
                        + "where enterprise_code = ? and stat_date = ?")
                .params(uscc, Timestamp.valueOf(slot)).query(Long.class).single() == 1);
        delivery.deliverAll();
    }

    private static List<ReceivedValue> received(String uscc, LocalDateTime slot) {
        String d = platformDate(slot);
        return fixture.sim(0).received().stream()
                .filter(v -> v.enterpriseCode().equals(uscc) && v.statDate().equals(d)).toList();
    }
}
