package io.energymon.collector.source;

import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.Protocol;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps the minimum gap between the end of one request and the start of the next on one device's bus
 * ({@code DeviceConfig.pacing}): slow meters and RS-485 converters need the line quiet for a while before the next
 * frame. A source calls {@link #awaitTurn} before each request and {@link #requestDone} after it (or wraps the request
 * in {@link #paced}). One instance per source; used by the source's single reading thread at a time.
 */
public final class BusPacer {
    /** Pacing of a serial bus (and of RTU over TCP) when the device does not set one. */
    public static final Duration SERIAL_DEFAULT = Duration.ofMillis(20);
    /** Longest pacing honoured (the portal refuses more). */
    public static final Duration MAX = Duration.ofSeconds(10);

    /** Waits; a test may replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** A request to the device. */
    @FunctionalInterface
    public interface Request<T, E extends Exception> {
        T run() throws E;
    }

    private final long gapNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long lastEnd;
    private boolean requested;

    public BusPacer(Duration gap) {
        this(gap, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public BusPacer(Duration gap, LongSupplier nanoTime, Sleeper sleeper) {
        Duration g = gap == null || gap.isNegative() ? Duration.ZERO : gap.compareTo(MAX) > 0 ? MAX : gap;
        this.gapNanos = g.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** The pacer of a device: its {@code pacing}, else {@link #SERIAL_DEFAULT} on a serial line, else none. */
    public static BusPacer of(DeviceConfig device) {
        return new BusPacer(gapOf(device));
    }

    /** The gap a device's requests keep. */
    public static Duration gapOf(DeviceConfig device) {
        if (device.pacing() != null) {
            return device.pacing();
        }
        Protocol p = device.protocol();
        return p != null && (p.usesSerialPort() || p == Protocol.MODBUS_RTU_OVER_TCP) ? SERIAL_DEFAULT : Duration.ZERO;
    }

    public Duration gap() {
        return Duration.ofNanos(gapNanos);
    }

    /**
     * Waits until the gap since the end of the previous request has passed. An interrupt ends the wait early and
     * stays set (the poller is stopping).
     */
    public void awaitTurn() {
        if (gapNanos == 0 || !requested) {
            return;
        }
        long wait = lastEnd + gapNanos - nanoTime.getAsLong();
        if (wait > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Marks the end of a request (answered or not). */
    public void requestDone() {
        lastEnd = nanoTime.getAsLong();
        requested = true;
    }

    /** Runs a request in its turn. */
    public <T, E extends Exception> T paced(Request<T, E> request) throws E {
        awaitTurn();
        try {
            return request.run();
        } finally {
            requestDone();
        }
    }
}
