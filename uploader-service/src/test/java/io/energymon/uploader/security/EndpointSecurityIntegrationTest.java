package io.energymon.uploader.security;

import static io.energymon.uploader.testing.UploaderTestSupport.CODE;
import static io.energymon.uploader.testing.UploaderTestSupport.awaitRevision;
import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.item;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.security.testing.EndpointSecurityWalk;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.testing.PlatformFixture;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every endpoint the running uploader maps (uploads, upload attempts, re-upload, reconciliation, platform code lists,
 * actuator), called with no token, an expired one, one of another issuer or audience, of another tenant, of another
 * enterprise of the tenant and of too weak a role: each refused with 401, 404 or 403; the weakest role the policy
 * grants gets through. None of the tokens sent appears in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "energymon.uploader.delivery-interval=PT1H")
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityIntegrationTest {
    private static final String TENANT = "tenant-walk";
    private static final String A = uscc(921);
    private static final String B = uscc(922);

    @TempDir
    static Path tempDir;

    private static PlatformFixture fixture;

    @Autowired
    ApplicationContext context;
    @Autowired
    EnterpriseDirectory directory;
    @LocalServerPort
    int port;

    private static synchronized PlatformFixture fixture() {
        if (fixture == null) {
            fixture = PlatformFixture.start(tempDir, "walk", List.of(A, B), 1).withCredentials(TENANT, A, B);
            for (String uscc : List.of(A, B)) {
                UploaderTestSupport.publish(fixture.producer(), fixture.configTopic(),
                        config(TENANT, uscc, 1, List.of(item(CODE, 0)), target("sim", true)));
            }
        }
        return fixture;
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
        fixture().register(r, "uploader_walk", "sim");
    }

    @Test
    void everyEndpointRefusesWhoMayNotAndAdmitsWhoMay(CapturedOutput output) {
        awaitRevision(directory, TENANT, A, 1);
        EndpointSecurityWalk.Result r = EndpointSecurityWalk.of(context, "http://127.0.0.1:" + port)
                .tenant(TENANT, A, B).variable("platformId", "sim").run();

        assertThat(r.endpoints()).extracting(Object::toString).contains(
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/uploads",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/upload-attempts",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/uploads/reupload",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/platforms/{platformId}/reconciliation",
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/platform-code-lists",
                "GET /v3/api-docs", "GET /actuator/prometheus", "GET /actuator/mappings", "GET /actuator/health");
        assertThat(r.failures()).isEmpty();
        assertThat(output.getAll()).doesNotContain(r.secrets().toArray(String[]::new));
    }
}
