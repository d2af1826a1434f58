package io.energymon.uploader.platform.token;

import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.itemValue;
import static io.energymon.uploader.testing.UploaderTestSupport.platformDate;
import static io.energymon.uploader.testing.UploaderTestSupport.slotHoursAgo;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.uploader.delivery.RealtimeDelivery;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * The uploader with a platform configured as {@code dialect: token}: values arrive over Kafka, wait in the
 * PostgreSQL queue and reach the simulator's token platform over mutual TLS with a bearer token; a token the platform
 * invalidated is answered by exactly one new login.
 */
@SpringBootTest(properties = "energymon.uploader.delivery-interval=PT1H")
class TokenDeliveryIntegrationTest {
    private static final String TENANT = "tenant-token";
    private static final String A = uscc(301);
    private static final String PIN = "13579246";

    @TempDir
    static Path tempDir;

    private static Fixture fixture;

    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    EnterpriseDirectory directory;
    @Autowired
    JdbcClient jdbc;

    private record Fixture(DevPki pki, PlatformSimulator platform, KafkaProducer<String, byte[]> producer,
                           String configTopic, String itemValuesTopic, Path credentials) {
    }

    private static synchronized Fixture fixture() {
        if (fixture == null) {
            DevPki pki = DevPki.create(tempDir.resolve("pki"), List.of(A));
            PlatformSimulator platform = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki,
                    Map.of(A, UploaderTestSupport.REGION)));
            platform.setTokenPin(A, PIN);
            Path credentials = tempDir.resolve("credentials");
            UploaderTestSupport.writeCredentials(pki, credentials, TENANT, A);
            try {
                Files.writeString(credentials.resolve(TENANT).resolve(A + ".pin"), PIN + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fixture = new Fixture(pki, platform, SharedInfra.newProducer(),
                    UploaderTestSupport.newTopic("config-token", true),
                    UploaderTestSupport.newTopic("item-values-token", false), credentials);
            UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                    config(TENANT, A, 1, target("token-sim", true)));
        }
        return fixture;
    }

    @AfterAll
    static void stopPlatform() {
        if (fixture != null) {
            fixture.producer().close();
            fixture.platform().close();
            fixture = null;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        Fixture f = fixture();
        UploaderTestSupport.registerInfra(r, "uploader_token", f.configTopic(), f.itemValuesTopic(), f.credentials());
        // a list binds from one property source only: every member of platforms[0] is given here
        r.add("energymon.uploader.platforms[0].id", () -> "token-sim");
        r.add("energymon.uploader.platforms[0].dialect", () -> "token");
        r.add("energymon.uploader.platforms[0].register-url", () -> f.platform().tokenBaseUrl().toString());
        r.add("energymon.uploader.platforms[0].truststore", () -> f.pki().truststore().toString());
        r.add("energymon.uploader.platforms[0].truststore-password", () -> new String(f.pki().password()));
    }

    @BeforeEach
    void configurationReadAndFirstRoundDone() {
        awaitRevision(directory, TENANT, A, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
    }

    @Test
    void valuesReachTheTokenPlatformAndAnInvalidatedTokenCostsOneLogin() {
        LocalDateTime first = slotHoursAgo(4);
        publish(first, "21.5");
        awaitQueued(first);
        delivery.deliverAll();
        assertThat(received(first)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("21.5"));
        long loginsBefore = fixture.platform().tokenLogins();
        assertThat(loginsBefore).isPositive();

        fixture.platform().invalidateTokens();
        LocalDateTime second = first.plusMinutes(15);
        publish(second, "22.75");
        awaitQueued(second);
        delivery.deliverAll();

        assertThat(received(second)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("22.75"));
        assertThat(fixture.platform().tokenUnauthorized()).isEqualTo(1);
        assertThat(fixture.platform().tokenLogins()).isEqualTo(loginsBefore + 1);
        assertThat(jdbc.sql("select count(*) from upload_item where tenant_id = ? and status = 'SENT'")
                .param(TENANT).query(Long.class).single()).isEqualTo(2);
    }

    private void publish(LocalDateTime statDate, String value) {
        UploaderTestSupport.publish(fixture.producer(), fixture.itemValuesTopic(),
                itemValue(TENANT, A, statDate, value, 1));
    }

    private void awaitQueued(LocalDateTime statDate) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select count(*) from upload_item where tenant_id = ? and enterprise_code = ? and stat_date = ?")
                .params(TENANT, A, java.sql.Timestamp.valueOf(statDate)).query(Long.class).single() == 1);
    }

    private Optional<ReceivedValue> received(LocalDateTime statDate) {
        return fixture.platform().received().stream()
                .filter(v -> v.enterpriseCode().equals(A) && v.statDate().equals(platformDate(statDate)))
                .findFirst();
    }
}
