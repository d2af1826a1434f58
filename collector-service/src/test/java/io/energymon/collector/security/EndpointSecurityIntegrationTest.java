package io.energymon.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.collector.TestConfigs;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.testing.EndpointSecurityWalk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every HTTP endpoint the running collector maps (only actuator endpoints: devices, OPC UA browse, metrics ...):
 * health open; every other one refused without a valid token (none, expired, another issuer or audience: 401) and to
 * a tenant admin (403); platform operators and services get through. None of the tokens sent appears in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=health,info,prometheus,devices,opcua,mappings")
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityIntegrationTest {
    private static final String COLLECTOR = "c-walk-" + UUID.randomUUID();

    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) throws IOException {
        Path dir = Files.createTempDirectory("collector-walk");
        String topic = TestConfigs.newConfigTopic("config-walk");
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("energymon.collector.collector-id", () -> COLLECTOR);
        r.add("energymon.collector.config-topic", () -> topic);
        r.add("energymon.collector.config-cache", () -> dir.resolve("collector-config.json").toString());
        r.add("energymon.collector.buffer-dir", () -> dir.resolve("buffer").toString());
    }

    @Test
    void everyEndpointRefusesWhoMayNotAndAdmitsWhoMay(CapturedOutput output) {
        EndpointSecurityWalk.Result r = EndpointSecurityWalk.of(context, "http://127.0.0.1:" + port)
                .tenant("tenant-walk", "91360100MA35K8P233", "91360100MA35K8P340").variable("deviceId", "dev-1")
                .run();

        assertThat(r.endpoints()).extracting(Object::toString).contains("GET /actuator/devices",
                "GET /actuator/opcua/{enterpriseCode}/{deviceId}", "GET /actuator/prometheus", "GET /actuator/mappings",
                "GET /actuator/health");
        assertThat(r.failures()).isEmpty();
        assertThat(output.getAll()).doesNotContain(r.secrets().toArray(String[]::new));
    }
}
