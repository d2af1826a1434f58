package io.energymon.security.testing;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In test JVMs (this class is only in the test jar): every Spring Boot application started here trusts the JVM's
 * {@link TestIdentityProvider#shared()} unless {@code ENERGYMON_SECURITY_ISSUER_URI} is set otherwise. It fills the
 * placeholder at the lowest precedence, so a test may still set the issuer property itself (even to nothing).
 */
public final class TestIssuerEnvironment implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty("ENERGYMON_SECURITY_ISSUER_URI") == null) {
            environment.getPropertySources().addLast(new MapPropertySource("energymon-test-issuer",
                    Map.of("ENERGYMON_SECURITY_ISSUER_URI", TestIdentityProvider.shared().issuer())));
        }
    }
}
