package io.energymon.collector.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes the {@link ReadingBuffer}'s batches to {@code readings.v1} on a thread of its own, oldest first, one at a
 * time (so they reach the broker in the order they were polled), deleting each once acknowledged. While the broker
 * is unreachable it retries the oldest with back-off from 1 s doubling to 30 s; the poller meanwhile keeps writing
 * to the buffer and never waits for Kafka. Metrics {@code collector_forwarded_batches_total} and
 * {@code collector_publish_failures_total}.
 */
public final class ReadingForwarder implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ReadingForwarder.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ReadingBuffer buffer;
    private final ReadingPublisher publisher;
    private final Counter forwarded;
    private final Counter failures;
    private volatile Thread thread;

    public ReadingForwarder(ReadingBuffer buffer, ReadingPublisher publisher, MeterRegistry registry) {
        this.buffer = buffer;
        this.publisher = publisher;
        this.forwarded = Counter.builder("collector_forwarded_batches_total")
                .description("buffered batches acknowledged by the broker").register(registry);
        this.failures = Counter.builder("collector_publish_failures_total")
                .description("attempts to publish a buffered batch that failed").register(registry);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<ReadingBuffer.Entry> next = buffer.oldest();
                if (next.isEmpty()) {
                    buffer.awaitBatch(1000);
                    continue;
                }
                ReadingBuffer.Entry entry = next.get();
                try {
                    publisher.publishRaw(entry.key(), entry.read());
                } catch (RuntimeException e) {
                    failures.increment();
                    log.warn("batch {} not published ({} waiting): {}; next attempt in {} s",
                            entry.file().getFileName(), buffer.size(), e.getMessage(), backoff.toSeconds());
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                }
                buffer.remove(entry);
                forwarded.increment();
                if (backoff != FIRST_BACKOFF) {
                    log.info("broker reachable again: {} batch(es) still waiting", buffer.size());
                    backoff = FIRST_BACKOFF;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("reading-forwarder").daemon().start(this::run);
        }
    }

    @Override
    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(35));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
