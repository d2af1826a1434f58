package io.energymon.uploader.platform.national;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.platformsim.ReceivedValue;
import io.energymon.uploader.platform.BaseDataSet;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformRejectedException;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.platform.tls.Pkcs12TlsContextProvider;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The national dialect against a real {@link PlatformSimulator} over mutual TLS. */
class NationalDialectTest {

    static final String A = "91360100123456788W";
    static final EnterpriseIdentity ENTERPRISE_A = new EnterpriseIdentity("tenant-1", A, "360100");
    static final LocalDateTime UPLOAD = LocalDateTime.of(2025, 3, 2, 1, 38, 0);

    @TempDir
    static Path dir;
    static DevPki pki;

    PlatformSimulator sim;
    NationalDialect dialect;

    @BeforeAll
    static void pki() {
        pki = DevPki.create(dir.resolve("pki"), List.of(A));
    }

    @BeforeEach
    void start() {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, Map.of(A, "360100")));
        dialect = dialect(NationalDialectSettings.defaults());
    }

    @AfterEach
    void stop() {
        dialect.close();
        sim.close();
    }

    static NationalDialect dialect(NationalDialectSettings settings) {
        return new NationalDialect(settings, new Pkcs12TlsContextProvider(pki.clientKeystore(A), pki.password(),
                pki.truststore(), pki.password(), Pkcs12TlsContextProvider.DEFAULT_PROTOCOLS));
    }

    static DataRecord record(String dataCode, String value, int statType, LocalDateTime statDate, int scope) {
        return new DataRecord(dataCode, new BigDecimal(value), 4, statType, statDate, UPLOAD, scope, true);
    }

    static DataRecord electricityDay(String value) {
        return record("0000000002330011", value, 1, LocalDateTime.of(2025, 3, 1, 0, 0), 1);
    }

    @Test
    void registersChecksVersionsAndUploadsEncryptedData() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.registerUrl());
        assertThat(registration.deviceId()).matches("[0-9a-f]{32}").isEqualTo(sim.deviceId(A).orElseThrow());
        assertThat(registration.secretKey()).matches("[0-9a-f]{32}");
        assertThat(registration.toString()).doesNotContain(registration.secretKey()).contains("***");
        assertThat(registration.uploadTime()).isEqualTo(LocalTime.of(1, 38));
        assertThat(registration.serviceUrls()).containsKeys(Registration.LOAD_DIC_VERSION_URL,
                Registration.CENTER_INFO_URL, Registration.CENTER_DATA_URL, Registration.CENTER_INFO_DOWNLOAD_URL,
                Registration.CENTER_DATA_DOWNLOAD_URL, Registration.DOWNLOAD_BASE_DATA_URL);

        PlatformVersions before = dialect.checkVersion(registration);
        assertThat(before).isEqualTo(new PlatformVersions(sim.regVersion(), sim.dicVersion()));
        sim.bumpVersions();
        PlatformVersions after = dialect.checkVersion(registration);
        assertThat(after.regVersion()).isNotEqualTo(before.regVersion());
        assertThat(after.dicVersion()).isNotEqualTo(before.dicVersion());

        UploadOutcome outcome = dialect.uploadData(registration, List.of(
                electricityDay("1206.42"),
                record("0000000002330011", "1E+3", 0, LocalDateTime.of(2025, 3, 1, 0, 15), 1),
                record("0100000001150011", "7.5", 2, LocalDateTime.of(2025, 2, 1, 0, 0), 2)));

        assertThat(outcome.accepted()).as(outcome.responseMessage()).isTrue();
        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(outcome.responseCode()).isEqualTo("0");
        assertThat(outcome.latency()).isPositive();
        assertThat(outcome.requestBody()).contains(registration.deviceId()).contains(A)
                .doesNotContain("0000000002330011").doesNotContain("1206.42").doesNotContain("2025-03-01");
        assertThat(sim.received()).containsExactlyInAnyOrder(
                new ReceivedValue(A, "0000000002330011", 1, "2025-03-01 00:00:00", "1206.42", 4, 1, "true",
                        "2025-03-02 01:38:00", sim.received().get(0).receivedAt()),
                new ReceivedValue(A, "0000000002330011", 0, "2025-03-01 00:15:00", "1000", 4, 1, "true",
                        "2025-03-02 01:38:00", sim.received().get(0).receivedAt()),
                new ReceivedValue(A, "0100000001150011", 2, "2025-02-01 00:00:00", "7.5", 4, 2, "true",
                        "2025-03-02 01:38:00", sim.received().get(0).receivedAt()));
    }

    @Test
    void plainModeAndZeroIsValidPolarity() {
        sim.close();
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, Map.of(A, "360100"))
                .withEncryptFields(false));
        dialect.close();
        dialect = dialect(new NationalDialectSettings(false, ValidPolarity.ZERO_IS_VALID, Duration.ofSeconds(5)));
        Registration registration = dialect.register(ENTERPRISE_A, sim.registerUrl());
        DataRecord invalid = new DataRecord("0000000002330011", new BigDecimal("3.0"), 5, 1,
                LocalDateTime.of(2025, 3, 1, 0, 0), UPLOAD, 1, false);

        UploadOutcome outcome = dialect.uploadData(registration, List.of(invalid));

        assertThat(outcome.accepted()).as(outcome.responseMessage()).isTrue();
        assertThat(outcome.requestBody()).contains("\"dataCode\":\"0000000002330011\"").contains("\"valid\":\"1\"")
                .contains("\"statDate\":\"2025-03-01 00:00:00\"").contains("\"dataValue\":\"3.0\"");
        assertThat(sim.received()).singleElement().satisfies(v -> {
            assertThat(v.valid()).isEqualTo("1");
            assertThat(v.inputType()).isEqualTo(5);
        });
    }

    @Test
    void downloadsBaseDataAndUploadsEnterpriseInfo() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.registerUrl());
        BaseDataSet base = dialect.downloadBaseData(registration);
        assertThat(base.dicVersion()).isEqualTo(sim.dicVersion());
        assertThat(base.list("dataClasses")).hasSize(10);
        assertThat(base.list("dataSources")).extracting(BaseDataSet.CodeEntry::code)
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(base.list("energyTypes")).filteredOn(e -> e.code().equals("3300")).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("dataClass", "02"));
        assertThat(base.list("useCodes")).extracting(BaseDataSet.CodeEntry::code).contains("11");

        UploadOutcome info = dialect.uploadEnterpriseInfo(registration, Map.of(
                "enterprise", Map.of("code", A, "name", "江西示例钢铁有限公司", "regionCode", "360100")));
        assertThat(info.accepted()).isTrue();
        assertThat(sim.lastEnterpriseInfo(A)).hasValueSatisfying(json -> assertThat(json).contains("江西示例钢铁有限公司"));

        UploadOutcome noName = dialect.uploadEnterpriseInfo(registration, Map.of("enterprise", Map.of("code", A)));
        assertThat(noName.accepted()).isFalse();
        assertThat(noName.responseMessage()).contains("enterprise.name");
    }

    @Test
    void registrationRefusalIsNotATransportFailure() {
        assertThatThrownBy(() -> dialect.register(new EnterpriseIdentity("t", A, "360200"), sim.registerUrl()))
                .isInstanceOf(PlatformRejectedException.class)
                .satisfies(e -> assertThat(((PlatformRejectedException) e).responseCode()).isEqualTo("1"))
                .hasMessageContaining("region");
    }

    @Test
    void unknownDeviceIsRejected() {
        Registration real = dialect.register(ENTERPRISE_A, sim.registerUrl());
        Registration unknown = new Registration(A, "0123456789abcdef0123456789abcdef", real.secretKey(),
                real.serviceUrls(), real.uploadTime());

        UploadOutcome outcome = dialect.uploadData(unknown, List.of(electricityDay("1")));

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(outcome.responseCode()).isEqualTo("1");
        assertThat(outcome.responseMessage()).contains("设备ID未注册").contains("unknown deviceId");
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void wrongKeyFailsDecryption() {
        Registration real = dialect.register(ENTERPRISE_A, sim.registerUrl());
        Registration wrongKey = new Registration(A, real.deviceId(), "ffeeddccbbaa99887766554433221100",
                real.serviceUrls(), real.uploadTime());

        UploadOutcome outcome = dialect.uploadData(wrongKey, List.of(electricityDay("1")));

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.responseCode()).isEqualTo("1");
        assertThat(outcome.responseMessage()).startsWith("解密失败！");
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void badDataCodesAreRejectedNamingTheField() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.registerUrl());

        UploadOutcome scope = dialect.uploadData(registration, List.of(electricityDay("1"),
                record("0100000002330011", "2", 1, LocalDateTime.of(2025, 3, 1, 0, 0), 1)));
        assertThat(scope.accepted()).isFalse();
        assertThat(scope.responseCode()).isEqualTo("1");
        assertThat(scope.responseMessage()).contains("data[1].dataCode").contains("scope 1");

        UploadOutcome length = dialect.uploadData(registration,
                List.of(record("00000000023300111", "2", 1, LocalDateTime.of(2025, 3, 1, 0, 0), 1)));
        assertThat(length.accepted()).isFalse();
        assertThat(length.responseMessage()).contains("data[0].dataCode").contains("16 digits");

        assertThat(sim.received()).isEmpty();
        assertThat(sim.acceptedPackets()).isZero();
    }

    @Test
    void unalignedOrFutureStatDatesAreRejected() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.registerUrl());

        UploadOutcome unaligned = dialect.uploadData(registration,
                List.of(record("0000000002330011", "2", 0, LocalDateTime.of(2025, 3, 1, 0, 10), 1)));
        assertThat(unaligned.accepted()).isFalse();
        assertThat(unaligned.responseMessage()).contains("data[0].statDate").contains("15-minute");

        UploadOutcome month = dialect.uploadData(registration,
                List.of(record("0000000002330011", "2", 2, LocalDateTime.of(2025, 3, 1, 1, 0), 1)));
        assertThat(month.accepted()).isFalse();
        assertThat(month.responseMessage()).contains("data[0].statDate").contains("first day");

        LocalDateTime tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).atStartOfDay();
        UploadOutcome future = dialect.uploadData(registration,
                List.of(record("0000000002330011", "2", 1, tomorrow, 1)));
        assertThat(future.accepted()).isFalse();
        assertThat(future.responseMessage()).contains("data[0].statDate").contains("future");
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void http5xxIsARetryableTransportFailure() {
        Registration registration = dialect.register(ENTERPRISE_A, sim.registerUrl());
        sim.failNext(1, 503);

        assertThatThrownBy(() -> dialect.uploadData(registration, List.of(electricityDay("1"))))
                .isInstanceOf(PlatformTransportException.class)
                .satisfies(e -> {
                    PlatformTransportException t = (PlatformTransportException) e;
                    assertThat(t.retryable()).isTrue();
                    assertThat(t.httpStatus()).hasValue(503);
                });
        assertThat(dialect.uploadData(registration, List.of(electricityDay("1"))).accepted()).isTrue();
        assertThat(sim.received()).hasSize(1);
    }

    @Test
    void refusedConnectionIsATransportFailure() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("https://localhost:" + port + "/nhjc/register");
        assertThatThrownBy(() -> dialect.register(ENTERPRISE_A, closed))
                .isInstanceOf(PlatformTransportException.class);
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             NationalDialect quick = dialect(
                     new NationalDialectSettings(true, ValidPolarity.BOOLEAN_TRUE, Duration.ofMillis(400)))) {
            URI url = URI.create("https://localhost:" + silent.getLocalPort() + "/nhjc/register");
            long start = System.nanoTime();
            assertThatThrownBy(() -> quick.register(ENTERPRISE_A, url))
                    .isInstanceOf(PlatformTransportException.class)
                    .hasMessageContaining("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
