package io.energymon.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.security.app.TestApiApplication;
import io.energymon.security.testing.EndpointSecurityWalk;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The endpoint walk the services' tests use, on the small API: it finds every mapping and every one answers right. */
@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.security.oauth2.resourceserver.jwt.issuer-uri=${ENERGYMON_SECURITY_ISSUER_URI}",
                "management.endpoints.web.exposure.include=health,info"})
class EndpointSecurityWalkTest {
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void everyEndpointOfTheApplicationRefusesWhoMayNotAndAdmitsWhoMay() {
        EndpointSecurityWalk.Result r = EndpointSecurityWalk.of(context, "http://127.0.0.1:" + port)
                .tenant("t1", "91360100MA35K8P233", "91360100MA35K8P340").run();
        assertThat(r.endpoints()).extracting(Object::toString).contains(
                "GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/things",
                "POST /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/entries",
                "PUT /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/things",
                "GET /unruled", "GET /actuator/info", "GET /actuator/health");
        assertThat(r.failures()).isEmpty();
    }
}
