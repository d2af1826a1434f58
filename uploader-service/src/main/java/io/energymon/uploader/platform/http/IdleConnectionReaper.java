package io.energymon.uploader.platform.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread for the whole JVM that closes the idle and expired connections of every live
 * {@link PlatformHttpClient}, so that ten thousand clients hold no socket between two delivery rounds and need no
 * thread of their own.
 */
final class IdleConnectionReaper {
    private static final Logger log = LoggerFactory.getLogger(IdleConnectionReaper.class);
    private static final long PERIOD_MILLIS = 5_000;
    private static final Set<PlatformHttpClient> CLIENTS = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService executor;

    private IdleConnectionReaper() {
    }

    static synchronized void register(PlatformHttpClient client) {
        CLIENTS.add(client);
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().name("platform-http-reaper").daemon().unstarted(r));
            executor.scheduleWithFixedDelay(IdleConnectionReaper::sweep, PERIOD_MILLIS, PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    static void unregister(PlatformHttpClient client) {
        CLIENTS.remove(client);
    }

    private static void sweep() {
        for (PlatformHttpClient client : CLIENTS) {
            try {
                client.closeIdleConnections();
            } catch (RuntimeException e) {
                log.debug("closing idle connections failed", e);
            }
        }
    }
}
