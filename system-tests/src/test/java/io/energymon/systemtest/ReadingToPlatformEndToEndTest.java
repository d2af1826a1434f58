package io.energymon.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.infra.devstack.DevEnterprise;
import io.energymon.infra.devstack.DevStack;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static DevStack stack;

    @BeforeAll
    static void startStack() {
        Path root = Path.of(System.getProperty("energymon.root", "..")).toAbsolutePath().normalize();
        stack = DevStack.start(new DevStack.Options(root, root.resolve("system-tests/target/devstack-e2e"), SLOT,
                Duration.ofMillis(500), 0, 0));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
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
    }

    private static void awaitLatestReading(DevEnterprise e, BigDecimal expected) {
        URI latest = stack.aggregatorUrl().resolve("/api/v1/tenants/" + e.tenantId() + "/enterprises/"
                + e.enterpriseCode() + "/readings/latest");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(Http.getList(latest)).anyMatch(r -> e.pointId().equals(r.get("pointId"))
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
