package io.energymon.infra.keycloak;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Keycloak server per test JVM, started lazily on first use and stopped by a JVM shutdown hook (the same scope
 * as {@code SharedInfra}'s PostgreSQL and Kafka). Tests share it read-only: they log in as the sample users and the
 * service clients and never change the realm.
 */
public final class SharedKeycloak {

    private static final Logger log = LoggerFactory.getLogger(SharedKeycloak.class);
    private static final Object LOCK = new Object();
    private static volatile KeycloakServer server;

    private SharedKeycloak() {
    }

    /**
     * System property naming the build folder of the module under test ({@code target}; the parent POM's surefire
     * configuration sets it): the shared server's run folder is then {@code target/shared-keycloak}, so that its log
     * stays for the test run's log scan. Unset: a temporary folder, deleted when the server stops.
     */
    public static final String BUILD_DIR_PROPERTY = "energymon.build.dir";

    static KeycloakServer.Options options() {
        KeycloakServer.Options defaults = KeycloakServer.Options.defaults();
        String buildDir = System.getProperty(BUILD_DIR_PROPERTY);
        if (buildDir == null || buildDir.isBlank()) {
            return defaults;
        }
        return new KeycloakServer.Options(Path.of(buildDir, "shared-keycloak"), defaults.port(), defaults.startTimeout());
    }

    /** The JVM's Keycloak, started on first call. */
    public static KeycloakServer get() {
        KeycloakServer s = server;
        if (s == null) {
            synchronized (LOCK) {
                s = server;
                if (s == null) {
                    long start = System.nanoTime();
                    s = KeycloakServer.start(options());
                    KeycloakServer started = s;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-keycloak-shutdown"));
                    log.info("Shared Keycloak ready at {} after {} ms", s.issuer(), (System.nanoTime() - start) / 1_000_000);
                    server = s;
                }
            }
        }
        return s;
    }
}
