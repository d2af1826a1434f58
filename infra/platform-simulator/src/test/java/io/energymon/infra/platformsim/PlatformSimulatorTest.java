package io.energymon.infra.platformsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.infra.pki.DevPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class PlatformSimulatorTest {

    static final String A = "91360100123456788W";
    static final String B = "91360200MA3ABCDE1H";
    static final Map<String, String> ENTERPRISES = Map.of(A, "360100", B, "360200");

    @TempDir
    static Path dir;
    static DevPki pki;

    PlatformSimulator sim;
    SimClient clientA;

    @BeforeAll
    static void pki() {
        pki = DevPki.create(dir, List.of(A, B));
    }

    @BeforeEach
    void start() throws Exception {
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES));
        clientA = new SimClient(pki, pki.clientKeystore(A));
    }

    @AfterEach
    void stop() {
        clientA.close();
        sim.close();
    }

    private JsonNode registerA() throws Exception {
        JsonNode answer = clientA.post(sim.registerUrl(), Map.of("enterpriseCode", A, "region", "360100"));
        assertThat(answer.get("responseCode").asString()).isEqualTo("0");
        return answer;
    }

    private static Map<String, String> element(String dataCode, String value, String statType, String statDate,
                                               String scope) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("dataCode", dataCode);
        e.put("dataValue", value);
        e.put("inputType", "4");
        e.put("statType", statType);
        e.put("statDate", statDate);
        e.put("uploadDate", "2025-03-02 01:38:00");
        e.put("scope", scope);
        e.put("valid", "true");
        return e;
    }

    private static Map<String, String> electricityDay(String value) {
        return element("0000000002330011", value, "1", "2025-03-01 00:00:00", "1");
    }

    private static Map<String, Object> packet(JsonNode registration, List<Map<String, String>> elements,
                                              boolean encrypt) {
        SimSm4 sm4 = new SimSm4(registration.get("secretKey").asString());
        List<Map<String, String>> data = new ArrayList<>();
        for (Map<String, String> e : elements) {
            Map<String, String> out = new LinkedHashMap<>();
            e.forEach((k, v) -> out.put(k, encrypt ? sm4.encrypt(v) : v));
            data.add(out);
        }
        return Map.of("deviceId", registration.get("deviceId").asString(), "enterpriseCode", A, "data", data);
    }

    private JsonNode upload(JsonNode registration, List<Map<String, String>> elements) throws Exception {
        return clientA.post(URI.create(registration.get("centerDataURL").asString()),
                packet(registration, elements, true));
    }

    @Test
    void registerAssignsAStableDeviceAndTheServiceUrls() throws Exception {
        JsonNode first = registerA();
        assertThat(first.get("deviceId").asString()).matches("[0-9a-f]{32}");
        assertThat(first.get("secretKey").asString()).matches("[0-9a-f]{32}");
        assertThat(first.get("uploadTime").asString()).isEqualTo("01:38:00");
        String base = "https://localhost:" + sim.httpsPort() + "/";
        for (String url : List.of("loadDicVersionURL", "centerInfoURL", "centerDataURL", "centerInfoDownloadURL",
                "centerDataDownloadURL", "downloadBaseDataURL")) {
            assertThat(first.get(url).asString()).as(url).startsWith(base);
        }
        assertThat(registerA().get("deviceId").asString()).isEqualTo(first.get("deviceId").asString());
        assertThat(sim.deviceId(A)).contains(first.get("deviceId").asString());

        try (SimClient clientB = new SimClient(pki, pki.clientKeystore(B))) {
            JsonNode b = clientB.post(sim.registerUrl(), Map.of("enterpriseCode", B, "region", "360200"));
            assertThat(b.get("deviceId").asString()).isNotEqualTo(first.get("deviceId").asString());
            assertThat(b.get("secretKey").asString()).isNotEqualTo(first.get("secretKey").asString());
        }
    }

    @Test
    void registerRefusesUnknownEnterpriseWrongRegionAndForeignCertificate() throws Exception {
        JsonNode unknown = clientA.post(sim.registerUrl(),
                Map.of("enterpriseCode", "913601009999999989", "region", "360100"));
        assertThat(unknown.get("responseCode").asString()).isEqualTo("1");
        assertThat(unknown.get("responseMessage").asString()).contains("unknown enterpriseCode");

        // one character changed: the check character no longer fits (GB 32100)
        JsonNode badCheck = clientA.post(sim.registerUrl(),
                Map.of("enterpriseCode", "913601009999999988", "region", "360100"));
        assertThat(badCheck.get("responseCode").asString()).isEqualTo("1");
        assertThat(badCheck.get("responseMessage").asString()).contains("not a valid USCC").contains("check");

        JsonNode region = clientA.post(sim.registerUrl(), Map.of("enterpriseCode", A, "region", "360200"));
        assertThat(region.get("responseCode").asString()).isEqualTo("1");
        assertThat(region.get("responseMessage").asString()).contains("region");

        JsonNode foreign = clientA.post(sim.registerUrl(), Map.of("enterpriseCode", B, "region", "360200"));
        assertThat(foreign.get("responseCode").asString()).isEqualTo("1");
        assertThat(foreign.get("responseMessage").asString()).contains("client certificate");
        assertThat(sim.deviceId(B)).isEmpty();
    }

    @Test
    void versionsChangeOnBumpAndBaseDataHasTheCodeLists() throws Exception {
        JsonNode reg = registerA();
        String deviceId = reg.get("deviceId").asString();
        URI versionUrl = URI.create(reg.get("loadDicVersionURL").asString());
        JsonNode v1 = clientA.post(versionUrl, Map.of("deviceId", deviceId));
        sim.bumpVersions();
        JsonNode v2 = clientA.post(versionUrl, Map.of("deviceId", deviceId));
        assertThat(v1.get("regVersion").asString()).isNotEqualTo(v2.get("regVersion").asString());
        assertThat(v1.get("dicVersion").asString()).isNotEqualTo(v2.get("dicVersion").asString());

        JsonNode unknown = clientA.post(versionUrl, Map.of("deviceId", "00000000000000000000000000000000"));
        assertThat(unknown.get("responseCode").asString()).isEqualTo("1");
        assertThat(unknown.get("responseMessage").asString()).isEqualTo(PlatformSimulator.UNKNOWN_DEVICE);

        JsonNode base = clientA.post(URI.create(reg.get("downloadBaseDataURL").asString()),
                Map.of("deviceId", deviceId));
        assertThat(base.get("dataClasses")).hasSize(10);
        assertThat(base.get("dataSources")).hasSize(7);
        assertThat(base.get("energyTypes").findValuesAsString("code")).contains("3300", "0100", "1500");
        assertThat(base.get("useCodes").findValuesAsString("code")).contains("11");
    }

    @Test
    void theDataDownloadReturnsWhatWasReceivedFilteredByItemTypeAndStatDateRange() throws Exception {
        JsonNode reg = registerA();
        String deviceId = reg.get("deviceId").asString();
        assertThat(upload(reg, List.of(electricityDay("5"),
                element("0000000002330011", "6", "1", "2025-03-02 00:00:00", "1"),
                element("0000000001150011", "7", "1", "2025-03-01 00:00:00", "1"))).get("responseCode").asString())
                .isEqualTo("0");
        URI url = URI.create(reg.get("centerDataDownloadURL").asString());
        SimSm4 sm4 = new SimSm4(reg.get("secretKey").asString());

        JsonNode all = clientA.post(url, Map.of("deviceId", deviceId, "enterpriseCode", A));
        assertThat(all.get("data")).hasSize(3);
        JsonNode one = clientA.post(url, Map.of("deviceId", deviceId, "enterpriseCode", A,
                "dataCode", "0000000002330011", "statType", "1",
                "startDate", "2025-03-01 00:00:00", "endDate", "2025-03-02 00:00:00"));
        assertThat(one.get("data")).hasSize(1);
        assertThat(sm4.decrypt(one.get("data").get(0).get("dataValue").asString())).isEqualTo("5");
        assertThat(sm4.decrypt(one.get("data").get(0).get("statDate").asString())).isEqualTo("2025-03-01 00:00:00");

        JsonNode bad = clientA.post(url, Map.of("deviceId", deviceId, "enterpriseCode", A, "startDate", "2025-03-01"));
        assertThat(bad.get("responseCode").asString()).isEqualTo("1");
        assertThat(bad.get("responseMessage").asString()).contains("startDate");
    }

    @Test
    void aRetiredCodeLeavesItsListAndChangesTheDictionaryVersion() throws Exception {
        JsonNode reg = registerA();
        String deviceId = reg.get("deviceId").asString();
        URI baseUrl = URI.create(reg.get("downloadBaseDataURL").asString());
        JsonNode before = clientA.post(baseUrl, Map.of("deviceId", deviceId));
        assertThat(before.get("energyTypes").findValuesAsString("code")).contains("3700", "3300");

        try (HttpClient plain = HttpClient.newHttpClient()) {
            HttpResponse<String> retired = plain.send(HttpRequest.newBuilder(
                            sim.adminUrl().resolve("sim/retire-code?list=energyTypes&code=3700"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(retired.statusCode()).isEqualTo(200);
            HttpResponse<String> unknownList = plain.send(HttpRequest.newBuilder(
                            sim.adminUrl().resolve("sim/retire-code?list=fuels&code=3700"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknownList.statusCode()).isEqualTo(400);
            assertThat(unknownList.body()).contains("fuels");
        }

        JsonNode after = clientA.post(baseUrl, Map.of("deviceId", deviceId));
        assertThat(after.get("dicVersion").asString()).isNotEqualTo(before.get("dicVersion").asString())
                .isEqualTo(sim.dicVersion());
        assertThat(after.get("regVersion").asString()).isEqualTo(before.get("regVersion").asString());
        assertThat(after.get("energyTypes").findValuesAsString("code")).contains("3300").doesNotContain("3700");
        assertThat(after.get("energyTypes")).hasSize(before.get("energyTypes").size() - 1);
    }

    @Test
    void acceptsEncryptedDataKeepsTheNewestValueAndServesItOnTheAdminPort() throws Exception {
        JsonNode reg = registerA();
        Map<String, String> realtime = element("0000000002330011", "12.5", "0", "2025-03-01 00:15:00", "1");
        JsonNode ok = upload(reg, List.of(electricityDay("1206.42"), realtime));
        assertThat(ok.get("responseCode").asString()).isEqualTo("0");
        assertThat(sim.received()).extracting(ReceivedValue::dataValue).containsExactly("1206.42", "12.5");

        JsonNode again = upload(reg, List.of(electricityDay("1300.00")));
        assertThat(again.get("responseCode").asString()).isEqualTo("0");
        assertThat(sim.received()).hasSize(2);
        ReceivedValue day = sim.received().stream().filter(v -> v.statType() == 1).findFirst().orElseThrow();
        assertThat(day.dataValue()).isEqualTo("1300.00");
        assertThat(day.enterpriseCode()).isEqualTo(A);
        assertThat(day.statDate()).isEqualTo("2025-03-01 00:00:00");
        assertThat(day.inputType()).isEqualTo(4);
        assertThat(day.scope()).isEqualTo(1);
        assertThat(sim.acceptedPackets()).isEqualTo(2);

        HttpResponse<String> admin;
        try (HttpClient plain = HttpClient.newHttpClient()) {
            admin = plain.send(HttpRequest.newBuilder(sim.adminUrl().resolve("sim/received")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.send(HttpRequest.newBuilder(sim.adminUrl().resolve("sim/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        JsonNode array = SimClient.JSON.readTree(admin.body());
        assertThat(array).hasSize(2);
        assertThat(array.findValuesAsString("dataValue")).containsExactlyInAnyOrder("1300.00", "12.5");
        assertThat(array.get(0).get("dataCode").asString()).isEqualTo("0000000002330011");
        assertThat(array.get(0).get("enterpriseCode").asString()).isEqualTo(A);
    }

    static Stream<Arguments> invalidElements() {
        String future = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2) + " 00:00:00";
        return Stream.of(
                Arguments.of("wrong length", (Consumer<Map<String, String>>) e -> e.put("dataCode", "000000000233001"),
                        "data[1].dataCode", "16 digits"),
                Arguments.of("scope 1 with a process",
                        (Consumer<Map<String, String>>) e -> e.put("dataCode", "0100000002330011"),
                        "data[1].dataCode", "scope 1"),
                Arguments.of("scope 2 with a unit", (Consumer<Map<String, String>>) e -> {
                    e.put("dataCode", "0101000002330011");
                    e.put("scope", "2");
                }, "data[1].dataCode", "scope 2"),
                Arguments.of("scope 3 with equipment", (Consumer<Map<String, String>>) e -> {
                    e.put("dataCode", "0101010102330011");
                    e.put("scope", "3");
                }, "data[1].dataCode", "equipment"),
                Arguments.of("data class 11",
                        (Consumer<Map<String, String>>) e -> e.put("dataCode", "0000000011330011"),
                        "data[1].dataCode", "data class"),
                Arguments.of("statType 4", (Consumer<Map<String, String>>) e -> e.put("statType", "4"),
                        "data[1].statType", "0..3"),
                Arguments.of("inputType 8", (Consumer<Map<String, String>>) e -> e.put("inputType", "8"),
                        "data[1].inputType", "1..7"),
                Arguments.of("exponent value", (Consumer<Map<String, String>>) e -> e.put("dataValue", "1.2E3"),
                        "data[1].dataValue", "decimal"),
                Arguments.of("unaligned real-time", (Consumer<Map<String, String>>) e -> {
                    e.put("statType", "0");
                    e.put("statDate", "2025-03-01 00:07:00");
                }, "data[1].statDate", "15-minute"),
                Arguments.of("day not at midnight",
                        (Consumer<Map<String, String>>) e -> e.put("statDate", "2025-03-01 08:00:00"),
                        "data[1].statDate", "00:00:00"),
                Arguments.of("month not on the first", (Consumer<Map<String, String>>) e -> {
                    e.put("statType", "2");
                    e.put("statDate", "2025-03-02 00:00:00");
                }, "data[1].statDate", "first day"),
                Arguments.of("future", (Consumer<Map<String, String>>) e -> e.put("statDate", future),
                        "data[1].statDate", "future"),
                Arguments.of("bad format",
                        (Consumer<Map<String, String>>) e -> e.put("statDate", "2025/03/01 00:00:00"),
                        "data[1].statDate", "yyyy-MM-dd HH:mm:ss"),
                Arguments.of("impossible date",
                        (Consumer<Map<String, String>>) e -> e.put("uploadDate", "2025-02-30 00:00:00"),
                        "data[1].uploadDate", "yyyy-MM-dd HH:mm:ss"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidElements")
    void oneInvalidElementRejectsThePacket(String name, Consumer<Map<String, String>> breakIt, String where,
                                           String rule) throws Exception {
        JsonNode reg = registerA();
        Map<String, String> bad = electricityDay("2.0");
        breakIt.accept(bad);
        JsonNode answer = upload(reg, List.of(electricityDay("1.0"), bad));
        assertThat(answer.get("responseCode").asString()).isEqualTo("1");
        assertThat(answer.get("responseMessage").asString()).contains(where).contains(rule);
        assertThat(sim.received()).isEmpty();
        assertThat(sim.acceptedPackets()).isZero();
        assertThat(sim.rejectedPackets()).isEqualTo(1);
    }

    @Test
    void wrongKeyOrPlainValuesFailDecryption() throws Exception {
        JsonNode reg = registerA();
        Map<String, Object> plain = packet(reg, List.of(electricityDay("1.0")), false);
        JsonNode answer = clientA.post(URI.create(reg.get("centerDataURL").asString()), plain);
        assertThat(answer.get("responseCode").asString()).isEqualTo("1");
        assertThat(answer.get("responseMessage").asString()).startsWith("解密失败！").contains("data[0].dataCode");

        SimSm4 wrong = new SimSm4("ffeeddccbbaa99887766554433221100");
        Map<String, String> encrypted = new LinkedHashMap<>();
        electricityDay("1.0").forEach((k, v) -> encrypted.put(k, wrong.encrypt(v)));
        JsonNode wrongKey = clientA.post(URI.create(reg.get("centerDataURL").asString()),
                Map.of("deviceId", reg.get("deviceId").asString(), "enterpriseCode", A, "data",
                        List.of(encrypted)));
        assertThat(wrongKey.get("responseMessage").asString()).startsWith("解密失败！");
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void plainModeAcceptsPlainValues() throws Exception {
        sim.close();
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, ENTERPRISES).withEncryptFields(false)
                .withRealtimeSlot(Duration.ofMinutes(5)));
        JsonNode reg = registerA();
        Map<String, String> fiveMinutes = element("0000000002330011", "3", "0", "2025-03-01 00:05:00", "1");
        JsonNode answer = clientA.post(URI.create(reg.get("centerDataURL").asString()),
                packet(reg, List.of(fiveMinutes), false));
        assertThat(answer.get("responseCode").asString()).isEqualTo("0");
        assertThat(sim.received()).singleElement().extracting(ReceivedValue::statDate)
                .isEqualTo("2025-03-01 00:05:00");
    }

    @Test
    void refusesAnotherEnterprisesDeviceOrCode() throws Exception {
        JsonNode reg = registerA();
        Map<String, Object> packet = new LinkedHashMap<>(packet(reg, List.of(electricityDay("1")), true));
        packet.put("enterpriseCode", B);
        JsonNode mismatch = clientA.post(URI.create(reg.get("centerDataURL").asString()), packet);
        assertThat(mismatch.get("responseCode").asString()).isEqualTo("1");
        assertThat(mismatch.get("responseMessage").asString()).contains("enterpriseCode does not match deviceId");

        try (SimClient clientB = new SimClient(pki, pki.clientKeystore(B))) {
            JsonNode foreign = clientB.post(URI.create(reg.get("centerDataURL").asString()),
                    packet(reg, List.of(electricityDay("1")), true));
            assertThat(foreign.get("responseCode").asString()).isEqualTo("1");
            assertThat(foreign.get("responseMessage").asString()).contains("client certificate");
        }
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void enterpriseInfoIsStoredAndCanBeDownloaded() throws Exception {
        JsonNode reg = registerA();
        Map<String, Object> info = Map.of("deviceId", reg.get("deviceId").asString(), "enterpriseCode", A,
                "enterprise", Map.of("code", A, "name", "江西示例钢铁有限公司"),
                "collectItemConfig", List.of(Map.of("dataCode", "0000000002330011", "name", "全厂电力")));
        JsonNode ok = clientA.post(URI.create(reg.get("centerInfoURL").asString()), info);
        assertThat(ok.get("responseCode").asString()).isEqualTo("0");
        assertThat(sim.lastEnterpriseInfo(A)).hasValueSatisfying(s -> assertThat(s).contains("江西示例钢铁有限公司"));

        JsonNode down = clientA.post(URI.create(reg.get("centerInfoDownloadURL").asString()),
                Map.of("deviceId", reg.get("deviceId").asString(), "enterpriseCode", A));
        assertThat(down.get("enterprise").get("name").asString()).isEqualTo("江西示例钢铁有限公司");

        JsonNode noName = clientA.post(URI.create(reg.get("centerInfoURL").asString()),
                Map.of("deviceId", reg.get("deviceId").asString(), "enterpriseCode", A, "enterprise", Map.of()));
        assertThat(noName.get("responseCode").asString()).isEqualTo("1");
    }

    @Test
    void injectedFailuresThenSuccess() throws Exception {
        JsonNode reg = registerA();
        sim.failNext(2, 503);
        URI url = URI.create(reg.get("centerDataURL").asString());
        String body = SimClient.JSON.writeValueAsString(packet(reg, List.of(electricityDay("5")), true));
        assertThat(clientA.postRaw(url, body).statusCode()).isEqualTo(503);
        assertThat(clientA.postRaw(url, body).statusCode()).isEqualTo(503);
        assertThat(clientA.postRaw(url, body).statusCode()).isEqualTo(200);
        assertThat(sim.received()).hasSize(1);
    }

    @Test
    void closeFreesBothPorts() throws Exception {
        int httpsPort = sim.httpsPort();
        int adminPort = sim.adminUrl().getPort();
        sim.close();
        for (int port : List.of(httpsPort, adminPort)) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aForgottenRegistrationRefusesTheOldDeviceAndRegisteringAgainGivesANewOneCountedOnTheAdminPort()
            throws Exception {
        JsonNode first = registerA();
        assertThat(upload(first, List.of(electricityDay("5"))).get("responseCode").asString()).isEqualTo("0");
        sim.forgetRegistration(A);

        JsonNode refused = upload(first, List.of(electricityDay("6")));
        assertThat(refused.get("responseCode").asString()).isEqualTo("1");
        assertThat(refused.get("responseMessage").asString()).isEqualTo(PlatformSimulator.UNKNOWN_DEVICE);
        JsonNode second = registerA();
        assertThat(second.get("deviceId").asString()).isNotEqualTo(first.get("deviceId").asString());
        assertThat(upload(second, List.of(electricityDay("7"))).get("responseCode").asString()).isEqualTo("0");

        assertThat(sim.registrations(A)).isEqualTo(2);
        assertThat(sim.acceptedElements(A)).isEqualTo(2);
        try (HttpClient plain = HttpClient.newHttpClient()) {
            JsonNode counts = SimClient.JSON.readTree(plain.send(HttpRequest.newBuilder(
                    sim.adminUrl().resolve("sim/counts")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(counts.get(A).get("registrations").asLong()).isEqualTo(2);
            assertThat(counts.get(A).get("acceptedElements").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aHeldUploadWaitsUntilReleasedThenIsAnswered() throws Exception {
        JsonNode reg = registerA();
        sim.holdNext(1);
        java.util.concurrent.CompletableFuture<JsonNode> answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return upload(reg, List.of(electricityDay("8")));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, java.util.concurrent.Executors.newSingleThreadExecutor());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> sim.heldRequests() == 1);
        assertThat(answer).isNotDone();
        assertThat(sim.received()).isEmpty();

        sim.releaseHeld();
        assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS).get("responseCode").asString())
                .isEqualTo("0");
        assertThat(sim.received()).extracting(ReceivedValue::dataValue).containsExactly("8");
    }
}
