package io.energymon.collector.meterbus;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Keeps the minimum gap (the device's {@code pacing}) between the end of one exchange on a bus and the start of the
 * next, for meters and converters that need a quiet line between frames. A zero gap never waits.
 */
final class Pacer {
    private final long gapNanos;
    private long lastEnd;
    private boolean used;

    Pacer(Duration gap) {
        this.gapNanos = gap == null || gap.isNegative() ? 0 : gap.toNanos();
    }

    /** Waits until the gap since the end of the last exchange has passed. */
    void awaitTurn() throws InterruptedIOException {
        if (!used || gapNanos == 0) {
            return;
        }
        long wait = lastEnd + gapNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while pacing the bus");
            }
        }
    }

    /** Marks the end of an exchange (reply received, or given up). */
    void exchanged() {
        lastEnd = System.nanoTime();
        used = true;
    }
}
