package io.energymon.aggregator.partition;

import io.energymon.aggregator.config.AggregatorProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The partition job: at start-up (before any listener runs) and then every {@code maintenance-interval}, creates
 * the partitions of the current month and the months ahead, and drops the expired ones.
 */
@Component
public class PartitionMaintenance implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final MonthlyPartitions partitions;
    private final AggregatorProperties props;
    private ScheduledExecutorService executor;

    public PartitionMaintenance(MonthlyPartitions partitions, AggregatorProperties props) {
        this.partitions = partitions;
        this.props = props;
    }

    @Override
    public void start() {
        partitions.maintain(); // synchronously: readings are consumed only after this
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("partition-maintenance").daemon().unstarted(r));
        long every = props.maintenanceInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                partitions.maintain();
            } catch (RuntimeException e) {
                log.warn("partition maintenance failed, retrying at the next round: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
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

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000; // early: before the config feed and the listener containers
    }
}
