package io.energymon.infra.platformsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.infra.pki.DevPki;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The simulator's token platform (PROTOCOL.md §2) driven by hand. */
class TokenPlatformTest {

    static final String A = "91360100123456788W";
    static final String B = "91360200MA3ABCDE1H";
    static final String PIN = "2468";

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
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, Map.of(A, "360100", B, "360200")));
        sim.setTokenPin(A, PIN);
        clientA = new SimClient(pki, pki.clientKeystore(A));
    }

    @AfterEach
    void stop() {
        clientA.close();
        sim.close();
    }

    /** The PIN block as PROTOCOL.md §2 describes it, encrypted here with BouncyCastle's engine directly. */
    static String pinBlock(String pin, String secretKey, String uscc) {
        String clear = String.format("%02d", pin.length()) + pin + "F".repeat(14 - pin.length());
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new SM4Engine());
        cbc.init(true, new ParametersWithIV(new KeyParameter(secretKey.getBytes(StandardCharsets.US_ASCII)),
                uscc.substring(0, 16).getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[16];
        cbc.processBlock(clear.getBytes(StandardCharsets.US_ASCII), 0, out, 0);
        return HexFormat.of().formatHex(out);
    }

    URI url(String path) {
        return sim.tokenBaseUrl().resolve(path);
    }

    JsonNode data(JsonNode answer) {
        assertThat(answer.get("responseCode").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.get("data");
    }

    String login(String pin) throws Exception {
        String key = data(clientA.post(url("enterpriseInfo/rwk"), Map.of("enterpriseCode", A))).get("secretKey")
                .asString();
        assertThat(key).hasSize(16);
        JsonNode answer = clientA.post(url("requestAK"), Map.of("enterpriseCode", A, "password",
                pinBlock(pin, key, A)));
        return answer.get("responseCode").asInt() == 200 ? data(answer).get("token").asString()
                : answer.get("responseMessage").asString();
    }

    @Test
    void loginWithThePinBlockThenBearerCallsUntilTheTokensAreInvalidated() throws Exception {
        JsonNode urls = data(clientA.post(url("platformAccessURL"), Map.of("enterpriseCode", A)));
        assertThat(urls.get("dataEnterpriseEnergyURL").asString()).isEqualTo(url("dataEnterpriseEnergy").toString());
        String token = login(PIN);

        HttpResponse<String> versions = clientA.postRaw(url("checkVersion"), "{\"enterpriseCode\":\"" + A + "\"}",
                Map.of("Authorization", "Bearer " + token));
        assertThat(versions.statusCode()).isEqualTo(200);
        assertThat(SimClient.JSON.readTree(versions.body()).get("data").get("regVersion").asString())
                .isEqualTo(sim.regVersion());

        Map<String, String> item = new LinkedHashMap<>();
        item.put("enterpriseCode", A);
        item.put("dataCode", "0000000002330011");
        item.put("dataValue", "8.25");
        item.put("inputType", "4");
        item.put("statType", "1");
        item.put("statDate", "2025-03-01 00:00:00");
        item.put("uploadDate", "2025-03-02 01:38:00");
        item.put("scope", "1");
        item.put("valid", "true");
        HttpResponse<String> stored = clientA.postRaw(url("dataEnterpriseEnergy"),
                SimClient.JSON.writeValueAsString(item), Map.of("Authorization", "Bearer " + token));
        assertThat(SimClient.JSON.readTree(stored.body()).get("responseCode").asInt()).isEqualTo(200);
        assertThat(sim.received()).singleElement().satisfies(v -> assertThat(v.dataValue()).isEqualTo("8.25"));

        sim.failNext(1, 502);
        sim.rejectNext(1, "数据重复 / duplicate");
        String itemJson = SimClient.JSON.writeValueAsString(item);
        assertThat(clientA.postRaw(url("dataEnterpriseEnergy"), itemJson, Map.of("Authorization", "Bearer " + token))
                .statusCode()).isEqualTo(502);
        HttpResponse<String> rejected = clientA.postRaw(url("dataEnterpriseEnergy"), itemJson,
                Map.of("Authorization", "Bearer " + token));
        assertThat(SimClient.JSON.readTree(rejected.body()).get("responseCode").asInt()).isEqualTo(400);
        assertThat(SimClient.JSON.readTree(rejected.body()).get("responseMessage").asString())
                .isEqualTo("数据重复 / duplicate");

        sim.invalidateTokens();
        HttpResponse<String> refused = clientA.postRaw(url("checkVersion"), "{}",
                Map.of("Authorization", "Bearer " + token));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(SimClient.JSON.readTree(refused.body()).get("responseCode").asInt()).isEqualTo(401);
        assertThat(sim.tokenUnauthorized()).isEqualTo(1);
        assertThat(sim.tokenLogins()).isEqualTo(1);
    }

    @Test
    void noTokenWrongPinAndForeignEnterpriseAreRefused() throws Exception {
        assertThat(clientA.postRaw(url("checkVersion"), "{}", Map.of()).statusCode()).isEqualTo(401);
        assertThat(login("1357")).contains("wrong password");
        JsonNode foreign = clientA.post(url("enterpriseInfo/rwk"), Map.of("enterpriseCode", B));
        assertThat(foreign.get("responseCode").asInt()).isEqualTo(400);
        assertThat(foreign.get("responseMessage").asString()).contains("client certificate");
        assertThat(sim.tokenLogins()).isZero();
    }
}
