package io.energymon.aggregator.security;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.testing.EndpointSecurityWalk;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every endpoint the running aggregator maps (query, series, export, energy, alarms and their acknowledgement, quality, tenant summary, recompute, actuator, API
 * documentation), called with no token, an expired one, one of another issuer or audience, of another tenant, of
 * another enterprise of the tenant and of too weak a role: each refused with 401, 404 or 403; the weakest role the
 * policy grants gets through. None of the tokens sent appears in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityIntegrationTest {
    private static final String TENANT = "tenant-walk";
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360100MA35K8P340";
    private static final String X = "0000000002330011";
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    ApplicationContext context;
    @Autowired
    ItemCatalog catalog;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_walk", CONFIG_TOPIC);
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, A, 1, List.of(cumulative("e")),
                    List.of(TestConfigs.item(X, "[e]"))));
        }
    }

    @Test
    void everyEndpointRefusesWhoMayNotAndAdmitsWhoMay(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, A)).isPresent());
        EndpointSecurityWalk.Result r = EndpointSecurityWalk.of(context, "http://127.0.0.1:" + port)
                .tenant(TENANT, A, B).variable("dataCode", X).variable("pointId", "e")
                .variable("energyCode", "0233").variable("processCode", "01")
                .variable("alarmId", "6f1c2b3a-0000-4000-8000-000000000001").run();

        assertThat(r.endpoints()).extracting(Object::toString).contains(
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/readings/latest",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/items/{dataCode}/series",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/energy",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/series",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/points/{pointId}/series",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/energy-types/{energyCode}/series",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/processes/{processCode}/series",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/alarms",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/alarms/{alarmId}/acknowledgement",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/quality",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/export",
                "GET /api/v1/tenants/{tenantId}/summary",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/items/{dataCode}/recompute",
                "GET /v3/api-docs", "GET /actuator/prometheus", "GET /actuator/mappings", "GET /actuator/health");
        assertThat(r.failures()).isEmpty();
        assertThat(output.getAll()).doesNotContain(r.secrets().toArray(String[]::new));
    }
}
