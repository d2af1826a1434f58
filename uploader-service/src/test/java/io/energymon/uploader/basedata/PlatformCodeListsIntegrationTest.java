package io.energymon.uploader.basedata;

import static io.energymon.uploader.testing.UploaderTestSupport.CODE;
import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.item;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.security.Role;
import io.energymon.security.testing.TestIdentityProvider;
import io.energymon.uploader.delivery.RealtimeDelivery;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.platform.BaseDataSet;
import io.energymon.uploader.platform.BaseDataSet.CodeEntry;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET .../platform-code-lists} over HTTP with real tokens, PostgreSQL and Kafka: the lists stored for the
 * platforms an enterprise uploads to (stored through the production store code, or downloaded from the platform
 * simulator at the first registration), nothing for a caller of another enterprise or tenant or for an enterprise
 * the configuration does not hold (the tenant wall's 404), {@code []} while nothing was downloaded. Each test has its
 * own enterprise and platform.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "energymon.uploader.delivery-interval=PT1H")
class PlatformCodeListsIntegrationTest {
    private static final String TENANT = "tenant-codelists";
    private static final String OTHER_TENANT = "tenant-codelists-other";
    /** Uploads to "lists" (whose lists the test stores) and "fresh" (nothing stored), both paused. */
    private static final String STORED = uscc(531);
    /** Uploads to "fresh" only, paused: nothing is ever downloaded for it. */
    private static final String EMPTY = uscc(532);
    /** Uploads to "live", enabled: registers and downloads the simulator's lists in the first round. */
    private static final String LIVE = uscc(533);
    /** Another enterprise of the tenant, uploading to "walled", paused. */
    private static final String NEIGHBOUR = uscc(534);
    /** Known to a token, not to the uploader's configuration. */
    private static final String UNCONFIGURED = uscc(535);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    @TempDir
    static Path tempDir;

    private static PlatformFixture fixture;

    @Autowired
    BaseDataService baseData;
    @Autowired
    EnterpriseDirectory directory;
    @Autowired
    RealtimeDelivery delivery;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "codelists", List.of(STORED, EMPTY, LIVE, NEIGHBOUR), 3)
                    .withCredentials(TENANT, STORED, EMPTY, LIVE, NEIGHBOUR);
            publish(config(TENANT, STORED, 1, List.of(item(CODE, 0)), target("lists", false),
                    target("fresh", false)));
            publish(config(TENANT, EMPTY, 1, List.of(item(CODE, 0)), target("fresh", false)));
            publish(config(TENANT, LIVE, 1, List.of(item(CODE, 0)), target("live", true)));
            publish(config(TENANT, NEIGHBOUR, 1, List.of(item(CODE, 0)), target("walled", false)));
        }
        return fixture;
    }

    private static void publish(EnterpriseConfig c) {
        UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(), c);
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
        fixture().register(r, "uploader_codelists", "live", "lists", "fresh");
        UploaderTestSupport.registerPlatform(r, 3, "walled", fixture.sim(2), fixture.pki());
    }

    @BeforeEach
    void configured() {
        for (String uscc : List.of(STORED, EMPTY, LIVE, NEIGHBOUR)) {
            awaitRevision(directory, TENANT, uscc, 1);
        }
    }

    @Test
    void theStoredListsOfTheEnterprisesPlatformsAreReturnedWithTheUseCodesThePlatformSent() throws Exception {
        List<CodeEntry> useCodes = List.of(entry("11", "消费量"), entry("12", "外购量"), entry("31", "回收利用量"));
        List<CodeEntry> products = List.of(new CodeEntry("P0101", "粗钢", Map.of("unit", "t")));
        List<CodeEntry> units = List.of(new CodeEntry("0101", "1号烧结机", Map.of("processCode", "01")));
        Instant before = Instant.now().minusSeconds(1);
        baseData.store("lists", new BaseDataSet("reg-7", "dic-42", Map.of("useCodes", useCodes, "products", products,
                "processUnits", units)), TENANT + "/" + STORED);
        // a platform the enterprise does not upload to: not its lists
        baseData.store("elsewhere", new BaseDataSet("reg-x", "dic-x", Map.of("useCodes", List.of(entry("99", "其他")))),
                TENANT + "/" + STORED);
        Instant after = Instant.now().plusSeconds(1);

        HttpResponse<String> r = get(TENANT, STORED, TestIdentityProvider.shared().user(TENANT, Role.VIEWER, STORED));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.isArray()).isTrue();
        assertThat(body.size()).isEqualTo(1); // "fresh" has nothing stored, "elsewhere" is not a target
        JsonNode lists = body.get(0);
        assertThat(lists.get("platformId").asString()).isEqualTo("lists");
        assertThat(lists.get("regVersion").asString()).isEqualTo("reg-7");
        assertThat(lists.get("dicVersion").asString()).isEqualTo("dic-42");
        Instant downloadedAt = Instant.parse(lists.get("downloadedAt").asString());
        assertThat(downloadedAt).isBetween(before, after);
        assertThat(names(lists.get("lists"))).containsExactlyInAnyOrder("useCodes", "products", "processUnits");
        assertThat(entries(lists.get("lists").get("useCodes")))
                .containsExactly("11 消费量", "12 外购量", "31 回收利用量");
        JsonNode product = lists.get("lists").get("products").get(0);
        assertThat(product.get("code").asString()).isEqualTo("P0101");
        assertThat(product.get("name").asString()).isEqualTo("粗钢");
        assertThat(product.get("attributes").get("unit").asString()).isEqualTo("t");
        assertThat(lists.get("lists").get("processUnits").get(0).get("attributes").get("processCode").asString())
                .isEqualTo("01");
    }

    @Test
    void aCallerOfAnotherEnterpriseOrTenantOrAnUnconfiguredEnterpriseGetsTheWallsNotFound() throws Exception {
        baseData.store("walled", new BaseDataSet("reg-w", "dic-walled", Map.of("useCodes",
                List.of(entry("21", "加工转换投入量")))), TENANT + "/" + NEIGHBOUR);
        TestIdentityProvider idp = TestIdentityProvider.shared();
        // a viewer of the enterprise sees them
        assertThat(get(TENANT, NEIGHBOUR, idp.user(TENANT, Role.VIEWER, NEIGHBOUR)).body()).contains("加工转换投入量");

        List<HttpResponse<String>> refused = List.of(
                get(TENANT, NEIGHBOUR, idp.user(TENANT, Role.ENTERPRISE_MANAGER, STORED)),
                get(TENANT, NEIGHBOUR, idp.user(OTHER_TENANT, Role.TENANT_ADMIN)),
                get(OTHER_TENANT, NEIGHBOUR, idp.user(OTHER_TENANT, Role.TENANT_ADMIN)),
                get(TENANT, UNCONFIGURED, idp.user(TENANT, Role.VIEWER, UNCONFIGURED)),
                get(TENANT, UNCONFIGURED, idp.service()));
        for (HttpResponse<String> r : refused) {
            assertThat(r.statusCode()).isEqualTo(404);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("code").asString()).isEqualTo("not_found");
            assertThat(body.get("message_zh").asString()).isEqualTo("资源不存在或无权访问");
            assertThat(body.get("message_en").asString()).isEqualTo("not found or not accessible");
            assertThat(r.body()).doesNotContain("加工转换投入量").doesNotContain("walled").doesNotContain("dic-walled");
        }
    }

    @Test
    void anEnterpriseWithTargetsButNothingDownloadedGetsAnEmptyArray() throws Exception {
        HttpResponse<String> r = get(TENANT, EMPTY, TestIdentityProvider.shared().user(TENANT, Role.VIEWER, EMPTY));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).isArray()).isTrue();
        assertThat(JSON.readTree(r.body()).size()).isZero();
    }

    @Test
    void theListsDownloadedFromThePlatformAtTheFirstRegistrationAreReturned() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.completedRounds() >= 1);
        PlatformSimulator sim = fixture.sim(0);
        // the use codes as stored by the download, read with SQL of the test's own
        List<String> storedUseCodes = JSON.readValue(jdbc.sql("select jsonb_path_query_array(code_lists, "
                        + "'$.useCodes[*].code')::text from platform_base_data where platform_id = 'live'")
                .query(String.class).single(), STRINGS);

        HttpResponse<String> r = get(TENANT, LIVE, TestIdentityProvider.shared().service());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get(0).get("platformId").asString()).isEqualTo("live");
        assertThat(body.get(0).get("regVersion").asString()).isEqualTo(sim.regVersion());
        assertThat(body.get(0).get("dicVersion").asString()).isEqualTo(sim.dicVersion());
        assertThat(storedUseCodes).isNotEmpty();
        List<String> useCodes = new ArrayList<>();
        body.get(0).get("lists").get("useCodes").forEach(e -> useCodes.add(e.get("code").asString()));
        assertThat(useCodes).isEqualTo(storedUseCodes);
        assertThat(names(body.get(0).get("lists"))).contains("energyTypes", "dataClasses", "useCodes");
    }

    private static CodeEntry entry(String code, String name) {
        return new CodeEntry(code, name, Map.of());
    }

    private static List<String> names(JsonNode object) {
        return new ArrayList<>(object.propertyNames());
    }

    private static List<String> entries(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.get("code").asString() + " " + e.get("name").asString()));
        return out;
    }

    private HttpResponse<String> get(String tenant, String uscc, String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/" + tenant
                                    + "/enterprises/" + uscc + "/platform-code-lists"))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
