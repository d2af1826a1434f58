package io.energymon.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.infra.devstack.DevEnterprise;
import io.energymon.infra.devstack.DevStack;
import io.energymon.systemtest.KeycloakEndpointWalk.Endpoint;
import io.energymon.infra.plant.SimulatedEnergyMeter;
import io.energymon.infra.testing.SecretScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end, production code at every hop: a value set on a simulated Modbus meter is polled
 * by collector-service, turned into an interval by aggregator-service (PostgreSQL), relayed through the outbox to
 * uploader-service (Kafka), uploaded SM4-encrypted over mutual TLS, and arrives decrypted at the platform simulator
 * with the right dataCode, statDate and value. The services run as separate JVMs from their packaged jars.
 */
class ReadingToPlatformEndToEndTest {
    private static final Duration SLOT = Duration.ofSeconds(2);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter PLATFORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DevEnterprise A = DevEnterprise.ALL.get(0);
    private static final DevEnterprise B = DevEnterprise.ALL.get(1);

    private static final Path ROOT = Path.of(System.getProperty("energymon.root", "..")).toAbsolutePath().normalize();

    private static DevStack stack;
    private static ConsoleCapture console;
    /** Every access token this test obtained: none may appear in a log. */
    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();
    /** The walk of every endpoint with real Keycloak tokens; prepared at start (its expired tokens age meanwhile). */
    private static KeycloakEndpointWalk walk;

    @BeforeAll
    static void startStack() {
        console = ConsoleCapture.start();
        stack = DevStack.start(new DevStack.Options(ROOT, ROOT.resolve("system-tests/target/devstack-e2e"), SLOT,
                Duration.ofMillis(500), 0, 0));
        // the services and the gateway take the tokens of the stack's Keycloak; A's tenant admin by default
        Http.bearer = () -> token(A);
        walk = KeycloakEndpointWalk.prepare(stack, TOKENS::add);
    }

    /** A token of the tenant admin of the enterprise's tenant (sample users of the dev realm). */
    private static String token(DevEnterprise e) {
        String token = stack.keycloak().token(e.tenantId().equals(A.tenantId()) ? "hongdu-admin" : "ganjiang-admin");
        TOKENS.add(token);
        return token;
    }

    /**
     * Stops the stack, then scans what the whole run wrote (issue #11, "a log scan of a full test run finds no
     * secret"): every log of the stack (the services' {@code logs/*.log}, Keycloak's, the broker's), the dev stack's
     * own output (this JVM's console) and this module's surefire output files, for this run's secrets (Keycloak client
     * secrets and sample-user passwords, the DCS password, the PKCS#12 password, the uploader's secrets key, the
     * platform's secretKeys, every access token the test used) and for any JWT, bearer token, private key or
     * generated password.
     */
    @AfterAll
    static void stopStackAndScanItsLogs() {
        Http.bearer = () -> null;
        Map<String, String> secrets = new LinkedHashMap<>();
        try {
            if (stack == null) {
                return; // the start failed: that failure is the report
            }
            try {
                secrets.putAll(stack.secrets()); // while the stack runs: the platform simulator knows its secretKeys
            } finally {
                stack.close(); // then every log is complete
            }
        } finally {
            console.close();
        }
        int n = 0;
        for (String token : TOKENS) {
            secrets.put("access token #" + ++n + " the test used", token);
        }
        // what is looked for is really there (else an empty result would prove nothing)
        assertThat(secrets.keySet()).contains("client secret of energymon-gateway", "client secret of energymon-uploader",
                "password of hongdu-admin", "uploader secrets key");
        assertThat(TOKENS).isNotEmpty();
        Path work = stack.workDir();
        List<Path> logs = SecretScan.logFiles(work);
        assertThat(logs).extracting(p -> work.relativize(p).toString().replace('\\', '/')).contains(
                "logs/collector-service.log", "logs/aggregator-service.log", "logs/uploader-service.log",
                "logs/portal-service.log", "logs/gateway.log", "keycloak/keycloak.log");
        String consoleText = console.text();
        assertThat(consoleText).as("the dev stack's own output was captured").contains("all services healthy");

        List<SecretScan.Finding> findings = new ArrayList<>(SecretScan.logs(logs, secrets));
        findings.addAll(SecretScan.text("console of the test JVM (dev stack output)", consoleText, secrets));
        findings.addAll(SecretScan.logs(surefireOutputs(), secrets));
        assertThat(findings).as("secrets in the logs of the run").isEmpty();
    }

    /** This module's surefire report and output files written so far (this class's output is being written now). */
    private static List<Path> surefireOutputs() {
        Path reports = ROOT.resolve("system-tests/target/surefire-reports");
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> f.toString().endsWith(".txt") || f.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMeterReadingArrivesDecryptedAtThePlatformWithTheRightCodeDateAndValue() {
        stack.meter(A.enterpriseCode()).setEnergyKwh(new BigDecimal("1000.00"));
        stack.meter(B.enterpriseCode()).setEnergyKwh(new BigDecimal("500.00"));
        awaitLatestReading(A, new BigDecimal("1000.00"));
        awaitLatestReading(B, new BigDecimal("500.00"));

        Instant changedAt = Instant.now();
        stack.meter(A.enterpriseCode()).setEnergyKwh(new BigDecimal("1012.34"));
        stack.meter(B.enterpriseCode()).setEnergyKwh(new BigDecimal("512.50"));

        Map<String, Object> a = awaitReceived(A, new BigDecimal("12.34"));
        Map<String, Object> b = awaitReceived(B, new BigDecimal("12.50"));

        for (Map<String, Object> v : List.of(a, b)) {
            assertThat(v.get("dataCode")).isEqualTo("0000000002330011");
            assertThat(((Number) v.get("statType")).intValue()).isZero();
            // statDate is the start of the interval that ends at the first poll after the change, in Shanghai time:
            // on the slot grid, before the change, and at most two slots earlier (one more slot of slack for a poll
            // delayed by a busy machine)
            Instant statDate = LocalDateTime.parse((String) v.get("statDate"), PLATFORM_TIME).atZone(SHANGHAI).toInstant();
            assertThat(statDate.toEpochMilli() % SLOT.toMillis()).isZero();
            assertThat(statDate).isBetween(changedAt.minus(SLOT.multipliedBy(2)).minusSeconds(1), changedAt);
        }
        // each enterprise's value arrived under its own USCC only
        assertThat(received()).noneMatch(v -> v.get("enterpriseCode").equals(B.enterpriseCode())
                && new BigDecimal((String) v.get("dataValue")).compareTo(new BigDecimal("12.34")) == 0);

        // the portal, reached through the gateway, shows the reading and the upload as sent
        URI overview = stack.portalUrl().resolve("/api/portal/tenants/" + A.tenantId() + "/enterprises/"
                + A.enterpriseCode() + "/overview");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> o = Http.getObject(overview);
            assertThat((List<Map<String, Object>>) o.get("uploads")).anyMatch(u -> "SENT".equals(u.get("status"))
                    && new BigDecimal(String.valueOf(u.get("value"))).compareTo(new BigDecimal("12.34")) == 0);
            assertThat((List<Map<String, Object>>) o.get("readings")).anyMatch(r -> A.pointId().equals(r.get("pointId")));
        });
        HttpResponse<String> page = Http.get(stack.portalUrl().resolve("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("用能单位能耗在线监测");
        // an enterprise of another tenant is not reachable under this tenant's path
        HttpResponse<String> cross = Http.get(stack.portalUrl().resolve("/api/portal/tenants/" + A.tenantId()
                + "/enterprises/" + B.enterpriseCode() + "/overview"));
        assertThat(cross.statusCode()).isEqualTo(404);
        // nor is this enterprise to the other tenant's admin (Keycloak token, checked by the gateway and the portal),
        // and without a token the API answers 401
        assertThat(Http.send("GET", overview, null, token(B)).statusCode()).isEqualTo(404);
        assertThat(Http.send("GET", overview, null, null).statusCode()).isEqualTo(401);
    }

    /**
     * The portal's collector status (issue #11): the portal asks the real collector for its devices in its own name
     * (client-credentials token of {@code energymon-portal-service} from the stack's Keycloak; the collector refuses a
     * user's token) and answers only the devices of the caller's enterprise; another tenant's admin gets 404.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theCollectorStatusComesFromTheRealCollectorInThePortalsOwnNameAndOnlyForTheCallersEnterprise() {
        URI devices = stack.collectorUrl().resolve("/actuator/devices");
        URI status = stack.portalServiceUrl().resolve("/api/v1/tenants/" + A.tenantId() + "/enterprises/"
                + A.enterpriseCode() + "/collector-status");
        assertThat(Http.send("GET", devices, null, token(A)).statusCode()).as("a user's token at the collector")
                .isEqualTo(403);
        String operator = stack.keycloak().token("platform-ops"); // the test's own view of the collector
        TOKENS.add(operator);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> before = collectorDevices(devices, operator);
            assertThat(before).as("the collector polls both tenants' enterprises")
                    .anyMatch(d -> B.tenantId().equals(d.get("tenantId")));
            Map<String, Object> answer = Http.getObject(status); // hongdu-admin
            List<Map<String, Object>> after = collectorDevices(devices, operator);
            List<String> shown = ((List<Map<String, Object>>) answer.get("devices")).stream()
                    .map(d -> (String) d.get("deviceId")).toList();
            // devices are only added while this class runs (onboarding test): A's before ⊆ shown ⊆ A's after
            assertThat(shown).isNotEmpty().containsAll(deviceIdsOf(A, before));
            assertThat(deviceIdsOf(A, after)).containsAll(shown);
            assertThat((List<Map<String, Object>>) answer.get("devices")).allSatisfy(d -> {
                assertThat(d.get("collectorId")).isEqualTo(DevEnterprise.COLLECTOR_ID);
                assertThat(d.get("state")).isIn("ONLINE", "RETRYING", "DEFECTIVE");
            });
            assertThat((List<?>) answer.get("unreachable")).isEmpty();
        });
        assertThat(Http.send("GET", status, null, token(B)).statusCode()).isEqualTo(404);
    }

    private static List<Map<String, Object>> collectorDevices(URI devices, String token) {
        HttpResponse<String> r = Http.send("GET", devices, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) Http.JSON.readValue(r.body(), Map.class)
                .get("devices");
        return list;
    }

    private static List<String> deviceIdsOf(DevEnterprise e, List<Map<String, Object>> devices) {
        return devices.stream().filter(d -> e.tenantId().equals(d.get("tenantId"))
                && e.enterpriseCode().equals(d.get("enterpriseCode"))).map(d -> (String) d.get("deviceId")).toList();
    }

    /**
     * Identity and tenancy (issue #11) on the running stack with the real Keycloak's tokens: every endpoint of every
     * service, enumerated from its actuator mappings, and the gateway's own, refuse no token, an expired token, a token
     * of another realm, of another tenant, of another enterprise of the tenant and of too weak a role, and let the
     * right user through; what counts as which answer: {@link KeycloakEndpointWalk}. Writes change nothing.
     */
    @Test
    void everyEndpointOfEveryServiceRefusesWhoMayNotAndLetsTheRightUserThroughWithKeycloakTokens() {
        KeycloakEndpointWalk.Result r = walk.run();

        System.out.printf("Keycloak endpoint walk: %d calls, %s (of which %s waiting for the expired tokens), "
                        + "endpoints per service %s%n", r.calls(), r.duration(), r.waitedForExpiry(),
                r.endpoints().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
        r.rightUsers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("  right user of " + e.getKey() + ": " + e.getValue()));
        r.closed().forEach(e -> System.out.println("  refused to every role: " + e));
        r.failures().forEach(f -> System.out.println("  FAILED " + f));
        assertThat(r.endpoints().keySet()).containsExactly("collector-service", "aggregator-service",
                "uploader-service", "portal-service", "gateway");
        assertThat(r.endpoints().values()).allSatisfy(list -> assertThat(list).extracting(e -> e.method() + " "
                + e.pattern()).contains("GET /actuator/prometheus", "GET /actuator/health"));
        assertThat(r.endpoints().entrySet()).filteredOn(e -> !e.getKey().equals("gateway")).allSatisfy(e ->
                assertThat(e.getValue()).extracting(Endpoint::pattern).contains("/actuator/mappings"));
        assertThat(r.endpoints().get("portal-service")).extracting(e -> e.method() + " " + e.pattern()).contains(
                "POST /api/v1/tenants", "GET /api/portal/tenants/{tenantId}/enterprises/{enterpriseCode}/overview",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/workbook");
        assertThat(r.endpoints().get("aggregator-service")).extracting(e -> e.method() + " " + e.pattern())
                .anyMatch(s -> s.startsWith("POST ") && s.endsWith("/items/{dataCode}/recompute"));
        assertThat(r.endpoints().get("collector-service")).extracting(e -> e.method() + " " + e.pattern())
                .contains("GET /actuator/devices");
        assertThat(r.failures()).isEmpty();
        // refused to everyone, as no rule of the access policies covers them: Spring's error page and the YAML API docs
        assertThat(r.closed()).isNotEmpty().allSatisfy(e -> assertThat(e.pattern()).isIn("/error", "/v3/api-docs.yaml"));
    }

    /**
     * Onboarding with no restart: a meter, its device, a point and a data item added through the portal's API are
     * polled by the running collector, and its readings reach the item at the aggregator; a changed formula changes
     * the next values.
     */
    @Test
    void aPointAddedThroughTheApiIsPolledAndReachesItsItemAndAChangedFormulaChangesTheNextValues() {
        SimulatedEnergyMeter meter = stack.plant().addMeter(9, DevEnterprise.ENERGY_REGISTER);
        meter.setEnergyKwh(new BigDecimal("100.00"));
        URI base = stack.portalServiceUrl().resolve("/api/v1/tenants/" + A.tenantId() + "/enterprises/"
                + A.enterpriseCode() + "/");
        created(Http.send("POST", base.resolve("devices"), Map.of("id", "meter-9", "collectorId",
                DevEnterprise.COLLECTOR_ID, "protocol", "MODBUS_TCP", "host", "127.0.0.1", "port",
                stack.plant().port(), "unitId", 9)));
        created(Http.send("POST", base.resolve("points"), Map.of("id", "meter-9.energy", "deviceId", "meter-9",
                "address", Map.of("register", DevEnterprise.ENERGY_REGISTER, "function", "HOLDING", "dataType", "UINT32",
                        "wordOrder", "BIG"), "kind", "CUMULATIVE", "unit", "kWh", "scale", "0.01", "slot", SLOT.toString())));
        created(Http.send("POST", base.resolve("items"), Map.of("dataCode", "0000000002330012", "name", "二号表用电量",
                "statTypes", List.of(0), "formula", "[meter-9.energy]", "inputType", 4, "scope", 1, "unit", "kWh")));

        awaitLatestReading(A, "meter-9.energy", new BigDecimal("100.00"));
        meter.setEnergyKwh(new BigDecimal("110.00"));
        awaitItemValue("0000000002330012", new BigDecimal("10.00"));

        HttpResponse<String> changed = Http.send("PUT", base.resolve("items/0000000002330012"), Map.of("version", 1,
                "data", Map.of("dataCode", "0000000002330012", "name", "二号表用电量", "statTypes", List.of(0),
                        "formula", "[meter-9.energy] * 2", "inputType", 4, "scope", 1, "unit", "kWh")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        // the new formula reaches the aggregator over config.v1 within seconds; meanwhile the counter steps by 2.50
        // every two slots, so each interval holds at most one step: 2.50 under the old formula, 5.00 under the new
        await().atMost(Duration.ofSeconds(90)).pollInterval(SLOT.multipliedBy(2)).untilAsserted(() -> {
            meter.setEnergyKwh(meter.energyKwh().add(new BigDecimal("2.50")));
            assertThat(itemValues("0000000002330012")).anyMatch(v -> v.compareTo(new BigDecimal("5.00")) == 0);
        });
        assertThat(itemValues("0000000002330012")).as("the value before the change is kept")
                .anyMatch(v -> v.compareTo(new BigDecimal("10.00")) == 0);
    }

    /**
     * The aggregator's and the uploader's APIs are reachable through the gateway: every GET operation of each
     * service's own OpenAPI document answers the same status and body through the gateway as directly, for the same
     * token (A's tenant admin), with path variables of the dev data.
     */
    @Test
    void everyGetOperationOfTheAggregatorAndTheUploaderAnswersTheSameThroughTheGateway() {
        LocalDate today = LocalDate.now(SHANGHAI);
        GatewayRouteWalk walk = new GatewayRouteWalk(stack.portalUrl(), () -> token(A),
                GatewayRouteWalk.values("tenantId", A.tenantId(), "enterpriseCode", A.enterpriseCode(),
                        "dataCode", A.dataCode(), "pointId", A.pointId(), "platformId", DevEnterprise.PLATFORM_ID,
                        // the energy type of the dev item (its subject code, 3300 electricity); the dev data has no process,
                        // so the process series answers 404, the same both ways
                        "energyCode", A.dataCode().substring(10, 14), "processCode", "01"),
                GatewayRouteWalk.values("from:date", today.minusDays(1).toString(), "to:date", today.plusDays(1).toString(),
                        "from:date-time", today.minusDays(1).atStartOfDay().toString(),
                        "to:date-time", today.plusDays(1).atStartOfDay().toString(),
                        "statType", "0", "period", "hour", "resolution", "HOUR", "dataCodes", A.dataCode()));

        List<GatewayRouteWalk.Call> calls = new ArrayList<>(walk.walk("aggregator", stack.aggregatorUrl()));
        calls.addAll(walk.walk("uploader", stack.uploaderUrl()));

        assertThat(calls).extracting(GatewayRouteWalk.Call::service).contains("aggregator", "uploader");
        assertThat(calls).as("every GET operation answers the same through the gateway").allMatch(GatewayRouteWalk.Call::same);
        // the walk reached real data, not only errors
        assertThat(calls).filteredOn(c -> c.directStatus() == 200).extracting(GatewayRouteWalk.Call::service)
                .contains("aggregator", "uploader");
    }

    /**
     * The back end of the web app's manual entry (issue #12), through the gateway with the realm's users: the operator
     * learns who it is ({@code /api/portal/me}), uploads a PDF as evidence, enters last month's product output of the
     * dev data's manual point referencing it, and the aggregator's month series of the item over that point shows the
     * value; the viewer may not enter it (403).
     */
    @Test
    @SuppressWarnings("unchecked")
    void anOperatorEntersLastMonthsProductOutputWithEvidenceAndTheMonthValueAppearsTheViewerMayNot() {
        String operator = stack.keycloak().token("hongdu-operator");
        String viewer = stack.keycloak().token("hongdu-viewer");
        TOKENS.addAll(List.of(operator, viewer));

        Map<String, Object> me = Http.getObject(stack.portalUrl().resolve("/api/portal/me"), operator);
        System.out.println("GET /api/portal/me as hongdu-operator: " + Http.JSON.writeValueAsString(me));
        assertThat(me).containsEntry("username", "hongdu-operator").containsEntry("displayName", "Hongdu Operator")
                .containsEntry("roles", List.of("viewer", "enterprise-operator"))
                .containsEntry("tenantId", A.tenantId())
                .containsEntry("enterprises", List.of(Map.of("tenantId", A.tenantId(), "enterpriseCode",
                        A.enterpriseCode(), "name", "南昌示例钢铁有限公司")));

        URI enterprise = stack.portalUrl().resolve("/api/v1/tenants/" + A.tenantId() + "/enterprises/"
                + A.enterpriseCode() + "/");
        byte[] pdf = "%PDF-1.4\n% production report of last month\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> uploaded = Http.postFile(enterprise.resolve("manual-entries/attachments"), "file",
                "产量报表.pdf", "application/pdf", pdf, operator);
        created(uploaded);
        String attachmentId = (String) Http.JSON.readValue(uploaded.body(), Map.class).get("id");

        LocalDate lastMonth = LocalDate.now(SHANGHAI).withDayOfMonth(1).minusMonths(1);
        BigDecimal output = new BigDecimal("1234.567");
        Map<String, Object> entry = Map.of("pointId", DevEnterprise.PRODUCT_OUTPUT_POINT, "period", "MONTH",
                "periodStart", lastMonth.toString(), "value", output, "unit", DevEnterprise.PRODUCT_OUTPUT_UNIT,
                "comment", "月度产量（系统测试）", "attachmentIds", List.of(attachmentId));
        HttpResponse<String> refused = Http.send("POST", enterprise.resolve("manual-entries"), entry, viewer);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        HttpResponse<String> entered = Http.send("POST", enterprise.resolve("manual-entries"), entry, operator);
        created(entered);
        Map<String, Object> submitted = Http.JSON.readValue(entered.body(), Map.class);
        assertThat(submitted).containsEntry("outcome", "CREATED").containsEntry("readingPublished", true);

        URI series = stack.portalUrl().resolve("/api/v1/tenants/" + A.tenantId() + "/enterprises/"
                + A.enterpriseCode() + "/items/" + DevEnterprise.PRODUCT_OUTPUT_CODE + "/series?resolution=MONTH&from="
                + lastMonth + "&to=" + lastMonth.plusMonths(1));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> points = (List<Map<String, Object>>) Http.getObject(series, operator).get("points");
            assertThat(points).hasSize(1);
            assertThat(new BigDecimal(String.valueOf(points.getFirst().get("value")))).isEqualByComparingTo(output);
        });
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static void awaitItemValue(String dataCode, BigDecimal expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(itemValues(dataCode)).anyMatch(v -> v.compareTo(expected) == 0));
    }

    private static List<BigDecimal> itemValues(String dataCode) {
        URI uri = stack.aggregatorUrl().resolve("/api/v1/tenants/" + A.tenantId() + "/enterprises/" + A.enterpriseCode()
                + "/item-values?statType=0&limit=200");
        return Http.getList(uri).stream().filter(v -> dataCode.equals(v.get("dataCode")))
                .map(v -> new BigDecimal(String.valueOf(v.get("value")))).toList();
    }

    private static void awaitLatestReading(DevEnterprise e, BigDecimal expected) {
        awaitLatestReading(e, e.pointId(), expected);
    }

    private static void awaitLatestReading(DevEnterprise e, String pointId, BigDecimal expected) {
        URI latest = stack.aggregatorUrl().resolve("/api/v1/tenants/" + e.tenantId() + "/enterprises/"
                + e.enterpriseCode() + "/readings/latest");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(Http.getList(latest, token(e))).anyMatch(r -> pointId.equals(r.get("pointId"))
                        && "GOOD".equals(r.get("quality"))
                        && new BigDecimal(String.valueOf(r.get("value"))).compareTo(expected) == 0));
    }

    private static Map<String, Object> awaitReceived(DevEnterprise e, BigDecimal value) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> find(e, value), Optional::isPresent).orElseThrow();
    }

    private static Optional<Map<String, Object>> find(DevEnterprise e, BigDecimal value) {
        return received().stream()
                .filter(v -> e.enterpriseCode().equals(v.get("enterpriseCode")))
                .filter(v -> new BigDecimal((String) v.get("dataValue")).compareTo(value) == 0)
                .findFirst();
    }

    private static List<Map<String, Object>> received() {
        return Http.getList(stack.platformSimUrl().resolve("/sim/received"));
    }
}
