package io.energymon.portal;

import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.testing.TestIdentityProvider;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal as deployed, on the module's shared PostgreSQL (a database of its own per application started) and Kafka
 * broker, publishing to topics of its own per application started. Tests call it over HTTP with {@link Api}, by default with a token
 * of a service account (which may do everything; the walls between tenants have tests of their own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // no collector of anyone else's (a dev stack's on :8081): port 1 refuses at once; a test class may set its own
        properties = "energymon.portal.collectors.urls=http://127.0.0.1:1")
public abstract class PortalTestBase {
    @LocalServerPort
    protected int port;

    // Read from the running application: a test class may reuse an application started for another one (Spring's
    // context cache), so a static field set when the last application was made would name another one's topics.
    /** The config.v1 topic of the application under test. */
    @Value("${energymon.portal.config-topic}")
    protected String configTopic;
    /** Its meter-events.v1 topic. */
    @Value("${energymon.portal.meter-events-topic}")
    protected String meterEventsTopic;
    /** Its audit.v1 topic. */
    @Value("${energymon.portal.audit-topic}")
    protected String auditTopic;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String configTopic = "config-" + suffix;
        String meterEventsTopic = "meter-events-" + suffix;
        String auditTopic = "audit-" + suffix;
        String url = SharedInfra.newDatabase("portal");
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> SharedInfra.postgres().username());
        r.add("spring.datasource.password", () -> SharedInfra.postgres().password());
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("energymon.portal.config-topic", () -> configTopic);
        r.add("energymon.portal.meter-events-topic", () -> meterEventsTopic);
        r.add("energymon.portal.audit-topic", () -> auditTopic);
        r.add("spring.kafka.consumer.group-id", () -> "portal-" + suffix);
        r.add("energymon.portal.relay-interval", () -> "PT0.1S");
    }

    protected static final TestIdentityProvider IDP = TestIdentityProvider.shared();

    protected Api api() {
        return new Api("http://127.0.0.1:" + port, IDP::service);
    }
}
