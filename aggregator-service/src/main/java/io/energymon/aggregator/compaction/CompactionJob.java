package io.energymon.aggregator.compaction;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.schedule.PeriodicTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
    private final ReadingCompactor compactor;
    private final AggregatorProperties props;
    private final Counter packed;
    private final Timer rounds;
    private PeriodicTask task;

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
        task = PeriodicTask.start("reading-compaction", props.compactionInterval(), this::round);
    }

    private void round() {
        ReadingCompactor.Result r = compactor.compact();
        packed.increment(r.readingsPacked());
        rounds.record(r.took());
    }

    @Override
    public void stop() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
