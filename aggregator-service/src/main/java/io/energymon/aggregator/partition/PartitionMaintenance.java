package io.energymon.aggregator.partition;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.schedule.PeriodicTask;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The partition job: at start-up (before any listener runs) and then every {@code maintenance-interval}, creates
 * the partitions of the current month and the months ahead, and drops the expired ones.
 */
@Component
public class PartitionMaintenance implements SmartLifecycle {
    private final MonthlyPartitions partitions;
    private final AggregatorProperties props;
    private PeriodicTask task;

    public PartitionMaintenance(MonthlyPartitions partitions, AggregatorProperties props) {
        this.partitions = partitions;
        this.props = props;
    }

    @Override
    public void start() {
        partitions.maintain(); // synchronously: readings are consumed only after this
        task = PeriodicTask.start("partition-maintenance", props.maintenanceInterval(), partitions::maintain);
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

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000; // early: before the config feed and the listener containers
    }
}
