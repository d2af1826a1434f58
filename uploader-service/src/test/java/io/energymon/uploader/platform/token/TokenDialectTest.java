package io.energymon.uploader.platform.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformRejectedException;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.platform.http.HttpSettings;
import io.energymon.uploader.platform.national.ValidPolarity;
import io.energymon.uploader.platform.tls.Pkcs12TlsContextProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token dialect against the simulator's own token platform over mutual TLS. */
class TokenDialectTest {

    static final String A = "91360100123456788W";
    static final EnterpriseIdentity ENTERPRISE_A = new EnterpriseIdentity("tenant-1", A, "360100");
    static final LocalDateTime UPLOAD = LocalDateTime.of(2025, 3, 2, 1, 38, 0);

    @TempDir
    static Path dir;
    static DevPki pki;

    PlatformSimulator sim;
    TokenDialect dialect;

    @BeforeAll
    static void pki() {
        pki = DevPki.create(dir.resolve("pki"), List.of(A));
    }

    @BeforeEach
    void start() {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, Map.of(A, "360100"))
                .withUploadTime(LocalTime.of(3, 15)));
        sim.setTokenPin(A, "246810");
        dialect = dialect("246810");
    }

    @AfterEach
    void stop() {
        dialect.close();
        sim.close();
    }

    static TokenDialect dialect(String pin) {
        return new TokenDialect(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                ValidPolarity.BOOLEAN_TRUE, pin::toCharArray,
                new Pkcs12TlsContextProvider(pki.clientKeystore(A), pki.password(), pki.truststore(), pki.password(),
                        Pkcs12TlsContextProvider.DEFAULT_PROTOCOLS));
    }

    static DataRecord day(String dataCode, String value, int day) {
        return new DataRecord(dataCode, new BigDecimal(value), 4, 1, LocalDateTime.of(2025, 3, day, 0, 0), UPLOAD, 1,
                true);
    }

    @Test
    void pinBlockLayout() {
        assertThat(PinBlock.clear("123456".toCharArray())).isEqualTo("06123456FFFFFFFF");
        assertThat(PinBlock.encrypt("123456".toCharArray(), "0123456789abcdef", A)).matches("[0-9a-f]{32}");
        assertThatThrownBy(() -> PinBlock.clear("123".toCharArray())).hasMessageNotContaining("123");
    }

    @Test
    void registersLogsInAndUploadsOneItemPerCall() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.tokenBaseUrl());
        assertThat(registration.deviceId()).isEqualTo(A);
        assertThat(registration.secretKey()).hasSize(16);
        assertThat(registration.uploadTime()).isEqualTo(LocalTime.of(3, 15));
        assertThat(sim.tokenLogins()).isEqualTo(1);

        PlatformVersions versions = dialect.checkVersion(registration);
        assertThat(versions).isEqualTo(new PlatformVersions(sim.regVersion(), sim.dicVersion()));
        assertThat(dialect.downloadBaseData(registration).list("dataClasses")).hasSize(10);

        UploadOutcome outcome = dialect.uploadData(registration, List.of(day("0000000002330011", "10.5", 1),
                day("0000000002330011", "11.5", 2), day("0000000001150011", "3", 2)));
        assertThat(outcome.accepted()).as(outcome.responseMessage()).isTrue();
        assertThat(outcome.responseCode()).isEqualTo("200");
        assertThat(sim.requestCounts()).containsEntry("/YNEnergy/dataEnterpriseEnergy", 3L);
        assertThat(sim.received()).extracting(ReceivedValue::dataCode, ReceivedValue::statDate, ReceivedValue::dataValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0000000002330011", "2025-03-01 00:00:00", "10.5"),
                        org.assertj.core.groups.Tuple.tuple("0000000002330011", "2025-03-02 00:00:00", "11.5"),
                        org.assertj.core.groups.Tuple.tuple("0000000001150011", "2025-03-02 00:00:00", "3"));
        assertThat(sim.tokenLogins()).as("one token for all calls").isEqualTo(1);
    }

    @Test
    void anInvalidatedTokenIsRenewedOnceAndTheCallRepeated() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.tokenBaseUrl());
        sim.invalidateTokens();

        UploadOutcome outcome = dialect.uploadData(registration, List.of(day("0000000002330011", "7", 1)));

        assertThat(outcome.accepted()).as(outcome.responseMessage()).isTrue();
        assertThat(sim.tokenUnauthorized()).isEqualTo(1);
        assertThat(sim.tokenLogins()).isEqualTo(2);
        assertThat(sim.received()).singleElement().satisfies(v -> assertThat(v.dataValue()).isEqualTo("7"));
    }

    @Test
    void aRefusedItemStopsThePacketWithThePlatformsMessage() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.tokenBaseUrl());
        DataRecord unaligned = new DataRecord("0000000002330011", BigDecimal.ONE, 4, 0,
                LocalDateTime.of(2025, 3, 1, 0, 7), UPLOAD, 1, true);

        UploadOutcome outcome = dialect.uploadData(registration, List.of(unaligned, day("0000000002330011", "1", 1)));

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.responseMessage()).contains("统计日期与统计类型不符");
        assertThat(sim.requestCounts()).containsEntry("/YNEnergy/dataEnterpriseEnergy", 1L);
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void aWrongPinIsARefusal() {
        try (TokenDialect wrong = dialect("999999")) {
            assertThatThrownBy(() -> wrong.register(ENTERPRISE_A, sim.tokenBaseUrl()))
                    .isInstanceOf(PlatformRejectedException.class)
                    .hasMessageContaining("wrong password").hasMessageNotContaining("999999");
        }
        assertThat(sim.tokenLogins()).isZero();
    }
}
