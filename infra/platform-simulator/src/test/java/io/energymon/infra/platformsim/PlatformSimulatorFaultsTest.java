package io.energymon.infra.platformsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.codes.itemcode.LayoutProfile;
import io.energymon.infra.pki.DevPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Code layouts and forms, strict dates, configured registration answers, fault injection and the /sim endpoints. */
class PlatformSimulatorFaultsTest {

    static final String A = "91360100123456788W";
    static final Map<String, String> ENTERPRISES = Map.of(A, "360100");

    @TempDir
    static Path dir;
    static DevPki pki;

    PlatformSimulator sim;
    final List<SimClient> clients = new ArrayList<>();

    @BeforeAll
    static void pki() {
        pki = DevPki.create(dir, List.of(A));
    }

    @AfterEach
    void stop() {
        clients.forEach(SimClient::close);
        if (sim != null) {
            sim.close();
        }
    }

    SimClient client() throws Exception {
        SimClient c = new SimClient(pki, pki.clientKeystore(A));
        clients.add(c);
        return c;
    }

    JsonNode register(SimClient c) throws Exception {
        JsonNode answer = c.post(sim.registerUrl(), Map.of("enterpriseCode", A, "region", "360100"));
        assertThat(answer.get("responseCode").asString()).as(answer.toString()).isEqualTo("0");
        return answer;
    }

    static Map<String, String> element(String dataCode, String statType, String statDate, String uploadDate) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("dataCode", dataCode);
        e.put("dataValue", "12.5");
        e.put("inputType", "4");
        e.put("statType", statType);
        e.put("statDate", statDate);
        e.put("uploadDate", uploadDate);
        e.put("scope", "1");
        e.put("valid", "true");
        return e;
    }

    static Map<String, String> day(String dataCode) {
        return element(dataCode, "1", "2025-03-01 00:00:00", "2025-03-02 01:38:00");
    }

    JsonNode upload(SimClient c, JsonNode reg, Map<String, String> element) throws Exception {
        SimSm4 sm4 = new SimSm4(reg.get("secretKey").asString());
        Map<String, String> encrypted = new LinkedHashMap<>();
        element.forEach((k, v) -> encrypted.put(k, sm4.encrypt(v)));
        return c.post(URI.create(reg.get("centerDataURL").asString()),
                Map.of("deviceId", reg.get("deviceId").asString(), "enterpriseCode", A, "data", List.of(encrypted)));
    }

    static String message(JsonNode answer) {
        return answer.get("responseMessage").asString();
    }

    JsonNode admin(String method, String pathAndQuery) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.adminUrl().resolve(pathAndQuery))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return SimClient.JSON.readTree(r.body());
        }
    }

    @Test
    void db36HyphenatedPlatformAcceptsOnlyItsLayoutAndForm() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES)
                .withCodes(LayoutProfile.DB36_17, CodeForm.HYPHENATED));
        SimClient c = client();
        JsonNode reg = register(c);

        assertThat(upload(c, reg, day("00-00-00000-023300-11")).get("responseCode").asString()).isEqualTo("0");
        JsonNode bare = upload(c, reg, day("00000000002330011"));
        assertThat(bare.get("responseCode").asString()).isEqualTo("1");
        assertThat(message(bare)).contains("data[0].dataCode").contains("PP-UU-EEEEE-CCTTTT-DD");
        JsonNode national = upload(c, reg, day("00-00-0000-023300-11"));
        assertThat(message(national)).contains("data[0].dataCode").contains("DB36_17");
        JsonNode scope = upload(c, reg, day("00-00-01001-023300-11"));
        assertThat(message(scope)).contains("scope 1").contains("00000");

        assertThat(sim.received()).singleElement()
                .satisfies(v -> assertThat(v.dataCode()).isEqualTo("00-00-00000-023300-11"));
    }

    @Test
    void nationalBarePlatformRefusesTheHyphenatedForm() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        SimClient c = client();
        JsonNode reg = register(c);
        JsonNode dashed = upload(c, reg, day("00-00-0000-023300-11"));
        assertThat(dashed.get("responseCode").asString()).isEqualTo("1");
        assertThat(message(dashed)).contains("应为16位数字").contains("must be 16 digits");
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void datesMustFitTheStatTypeAndTheUpload() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        SimClient c = client();
        JsonNode reg = register(c);
        JsonNode unaligned = upload(c, reg,
                element("0000000002330011", "0", "2025-03-01 00:07:00", "2025-03-02 01:38:00"));
        assertThat(message(unaligned)).startsWith("data[0].statDate：统计日期与统计类型不符")
                .contains("statDate does not match statType");
        JsonNode early = upload(c, reg,
                element("0000000002330011", "0", "2025-03-01 00:15:00", "2025-03-01 00:10:00"));
        assertThat(message(early)).contains("data[0].uploadDate").contains("before statDate");
        assertThat(sim.refusals()).extracting(PlatformSimulator.Refusal::message)
                .containsExactly(message(unaligned), message(early));
    }

    @Test
    void registrationAnswerCarriesTheConfiguredUploadTimeAndVersions() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES)
                .withUploadTime(LocalTime.of(2, 5, 30)).withVersions("R7", "D9"));
        SimClient c = client();
        JsonNode reg = register(c);
        assertThat(reg.get("uploadTime").asString()).isEqualTo("02:05:30");
        JsonNode versions = c.post(URI.create(reg.get("loadDicVersionURL").asString()),
                Map.of("deviceId", reg.get("deviceId").asString()));
        assertThat(versions.get("regVersion").asString()).isEqualTo("R7");
        assertThat(versions.get("dicVersion").asString()).isEqualTo("D9");
    }

    @Test
    void injectedRefusalsAndDecryptionFailuresThenSuccess() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        SimClient c = client();
        JsonNode reg = register(c);
        admin("POST", "/sim/faults?rejectNext=1&message=%E6%95%B0%E6%8D%AE%E9%87%8D%E5%A4%8D&decryptFailNext=1");

        JsonNode refused = upload(c, reg, day("0000000002330011"));
        assertThat(refused.get("responseCode").asString()).isEqualTo("1");
        assertThat(message(refused)).isEqualTo("数据重复");
        JsonNode undecryptable = upload(c, reg, day("0000000002330011"));
        assertThat(message(undecryptable)).startsWith(PlatformSimulator.DECRYPTION_FAILED);
        assertThat(upload(c, reg, day("0000000002330011")).get("responseCode").asString()).isEqualTo("0");

        assertThat(sim.received()).hasSize(1);
        assertThat(sim.rejectedPackets()).isEqualTo(2);
        JsonNode stats = admin("GET", "/sim/stats");
        assertThat(stats.get("acceptedPackets").asLong()).isEqualTo(1);
        assertThat(stats.get("requests").get("/nhjc/centerData").asLong()).isEqualTo(3);
        assertThat(admin("GET", "/sim/rejections").findValuesAsString("message"))
                .containsExactly("数据重复", message(undecryptable));
        assertThat(admin("GET", "/sim/received?enterpriseCode=" + A)).hasSize(1);
        assertThat(admin("GET", "/sim/received?enterpriseCode=913601009999999989")).isEmpty();
        assertThat(admin("GET", "/sim/devices").findValuesAsString("deviceId"))
                .containsExactly(reg.get("deviceId").asString());
    }

    @Test
    void aSlowPlatformAnswersLate() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        SimClient c = client();
        sim.setSlow(Duration.ofMillis(1_500));
        String body = SimClient.JSON.writeValueAsString(Map.of("enterpriseCode", A, "region", "360100"));
        assertThatThrownBy(() -> c.postRaw(sim.registerUrl(), body, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        sim.setSlow(Duration.ZERO);
        assertThat(c.postRaw(sim.registerUrl(), body, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    }

    @Test
    void aDownPlatformRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        int port = sim.httpsPort();
        admin("POST", "/sim/faults?down=true");
        assertThat(sim.isDown()).isTrue();
        assertThatThrownBy(() -> register(client())).isInstanceOf(IOException.class);
        admin("POST", "/sim/faults?down=false");
        assertThat(sim.httpsPort()).isEqualTo(port);
        register(client());
    }

    @Test
    void aRevokedCertificateFailsTheHandshake() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        sim.revokeCertificate(A);
        assertThatThrownBy(() -> register(client())).isInstanceOf(IOException.class);
        JsonNode revoked = admin("GET", "/sim/faults").get("revoked");
        assertThat(revoked.size()).isEqualTo(1);
        assertThat(revoked.get(0).asString()).isEqualTo(A);
        sim.restoreCertificate(A);
        register(client());
    }
}
