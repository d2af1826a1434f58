package io.energymon.infra.keycloak;

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

    /** The JVM's Keycloak, started on first call. */
    public static KeycloakServer get() {
        KeycloakServer s = server;
        if (s == null) {
            synchronized (LOCK) {
                s = server;
                if (s == null) {
                    long start = System.nanoTime();
                    s = KeycloakServer.start(KeycloakServer.Options.defaults());
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
