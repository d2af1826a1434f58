package io.energymon.collector.publish;

import io.energymon.domain.event.ReadingBatch;

/**
 * Where the poller hands a slot's batches: in production the disk buffer ({@link ReadingBuffer}), from which
 * {@link ReadingForwarder} publishes them; a test may publish directly.
 */
@FunctionalInterface
public interface ReadingSink {
    /** Takes the batch for publication; throws when it could not (the poller counts and logs it). */
    void accept(ReadingBatch batch);
}
