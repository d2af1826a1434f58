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

import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.delivery.RealtimeDelivery;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
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

    private static PlatformFixture fixture;

    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    EnterpriseDirectory directory;
    @Autowired
    JdbcClient jdbc;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "token", List.of(A), 1).withCredentials(TENANT, A);
            fixture.sim().setTokenPin(A, PIN);
            try {
                Files.writeString(fixture.credentials().resolve(TENANT).resolve(A + ".pin"), PIN + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                    config(TENANT, A, 1, target("token-sim", true)));
        }
        return fixture;
    }

    @AfterAll
    static void stopPlatform() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        PlatformFixture f = fixture();
        f.registerInfra(r, "uploader_token");
        // a list binds from one property source only: every member of platforms[0] is given here
        r.add("energymon.uploader.platforms[0].id", () -> "token-sim");
        r.add("energymon.uploader.platforms[0].dialect", () -> "token");
        r.add("energymon.uploader.platforms[0].register-url", () -> f.sim().tokenBaseUrl().toString());
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
        long loginsBefore = fixture.sim().tokenLogins();
        assertThat(loginsBefore).isPositive();

        fixture.sim().invalidateTokens();
        LocalDateTime second = first.plusMinutes(15);
        publish(second, "22.75");
        awaitQueued(second);
        delivery.deliverAll();

        assertThat(received(second)).hasValueSatisfying(v -> assertThat(v.dataValue()).isEqualTo("22.75"));
        assertThat(fixture.sim().tokenUnauthorized()).isEqualTo(1);
        assertThat(fixture.sim().tokenLogins()).isEqualTo(loginsBefore + 1);
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
        return fixture.sim().received().stream()
                .filter(v -> v.enterpriseCode().equals(A) && v.statDate().equals(platformDate(statDate)))
                .findFirst();
    }
}
