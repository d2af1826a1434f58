package io.energymon.aggregator.compaction;

import io.energymon.aggregator.config.AggregatorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link ReadingCompactor} round every {@code compaction-interval}, the first one an interval after start (not
 * at start: a restarted instance first catches up with its readings). A failed round is logged and retried at the
 * next one: nothing is lost meanwhile, readings just stay narrow a little longer. Metrics
 * {@code aggregator_readings_packed_total} and {@code aggregator_compaction_round_duration_seconds}.
 */
@Component
public class CompactionJob implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CompactionJob.class);

    private final ReadingCompactor compactor;
    private final AggregatorProperties props;
    private final Counter packed;
    private final Timer rounds;
    private ScheduledExecutorService executor;

    public CompactionJob(ReadingCompactor compactor, AggregatorProperties props, MeterRegistry registry) {
        this.compactor = compactor;
        this.props = props;
        this.packed = Counter.builder("aggregator_readings_packed_total")
                .description("readings moved into one row per series and day").register(registry);
        this.rounds = Timer.builder("aggregator_compaction_round_duration_seconds")
                .description("duration of a compaction round").register(registry);
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("reading-compaction").daemon().unstarted(r));
        long every = props.compactionInterval().toMillis();
        executor.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            ReadingCompactor.Result r = compactor.compact();
            packed.increment(r.readingsPacked());
            rounds.record(r.took());
        } catch (RuntimeException e) {
            log.warn("compaction round failed, retrying at the next round: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
