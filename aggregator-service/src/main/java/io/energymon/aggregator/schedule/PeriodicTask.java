package io.energymon.aggregator.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background round run on a daemon thread of its own every {@code every} (fixed delay: a slow round is never
 * overlapped by the next), the first one {@code every} after start. A failed round is logged and the next one runs
 * as planned: a job never dies of one failure.
 */
public final class PeriodicTask implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final ScheduledExecutorService executor;

    private PeriodicTask(String name, Duration every, Runnable round) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name(name).daemon().unstarted(r));
        long millis = every.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                log.warn("{} round failed, retrying at the next round: {}", name, e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    public static PeriodicTask start(String name, Duration every, Runnable round) {
        return new PeriodicTask(name, every, round);
    }

    /** Stops the rounds (a running one is interrupted). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
