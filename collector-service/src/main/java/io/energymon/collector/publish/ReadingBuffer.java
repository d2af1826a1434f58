package io.energymon.collector.publish;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store and forward: every batch the poller produces is first written here, one file per batch
 * ({@code <sequence>-<USCC>.batch}, written to a temporary file, forced to disk and renamed, so a crash leaves either
 * the whole batch or nothing), and {@link ReadingForwarder} publishes them oldest first and deletes each once the
 * broker acknowledged it. A broker outage or a collector restart therefore loses nothing: the files wait, in order,
 * and are replayed when the link returns; a batch replayed after a crash between acknowledgement and deletion is
 * harmless downstream (readings are keyed by series and slot).
 *
 * <p>Bounded by {@code maxBytes}: when a new batch would exceed it, the oldest batches are dropped first (counted in
 * {@code collector_buffer_dropped_total} and logged at ERROR), so that a very long outage keeps the most recent data.
 * Thread-safe. Metrics {@code collector_buffer_batches} and {@code collector_buffer_bytes}.
 */
public final class ReadingBuffer implements ReadingSink {
    private static final Logger log = LoggerFactory.getLogger(ReadingBuffer.class);
    private static final Pattern NAME = Pattern.compile("(\\d{20})-([0-9A-Z]{18})\\.batch");

    private final Path dir;
    private final long maxBytes;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final Counter dropped;
    private long bytes;
    private long nextSequence;

    /** A buffered batch: its file, the Kafka key (USCC) and the encoded batch. */
    public record Entry(long sequence, Path file, String key, long size) {
        public byte[] read() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("缓存的批次无法读取 / buffered batch unreadable: " + file, e);
            }
        }
    }

    public ReadingBuffer(Path dir, long maxBytes, MeterRegistry registry) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive, got " + maxBytes);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Matcher m = NAME.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        long seq = Long.parseLong(m.group(1));
                        long size = Files.size(f);
                        entries.put(seq, new Entry(seq, f, m.group(2), size));
                        bytes += size;
                    } else if (f.getFileName().toString().endsWith(".tmp")) {
                        Files.deleteIfExists(f); // a write the crash interrupted: never renamed, never acknowledged
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("读数缓存目录不可用 / reading buffer directory unusable: " + dir, e);
        }
        this.nextSequence = entries.isEmpty() ? 1 : entries.lastKey() + 1;
        this.dropped = Counter.builder("collector_buffer_dropped_total")
                .description("buffered batches dropped because the buffer was full").register(registry);
        Gauge.builder("collector_buffer_batches", this, ReadingBuffer::size).register(registry);
        Gauge.builder("collector_buffer_bytes", this, ReadingBuffer::bytes).register(registry);
        if (!entries.isEmpty()) {
            log.info("reading buffer {}: {} batch(es), {} bytes waiting from before the restart", dir, entries.size(),
                    bytes);
        }
    }

    /** Writes the batch to disk (forced) before returning; drops the oldest batches if the buffer would overflow. */
    @Override
    public void accept(ReadingBatch batch) {
        byte[] value = EventCodec.encode(batch);
        synchronized (this) {
            long seq = nextSequence++;
            Path file = dir.resolve(String.format("%020d-%s.batch", seq, batch.enterpriseCode()));
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(value));
                ch.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("批次无法写入缓存 / batch could not be written to the buffer " + tmp, e);
            }
            try {
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("批次无法写入缓存 / batch could not be written to the buffer " + file, e);
            }
            entries.put(seq, new Entry(seq, file, batch.enterpriseCode(), value.length));
            bytes += value.length;
            while (bytes > maxBytes && entries.size() > 1) {
                Entry oldest = entries.firstEntry().getValue();
                remove(oldest);
                dropped.increment();
                log.error("reading buffer full ({} bytes > {}): oldest batch {} dropped", bytes + oldest.size(),
                        maxBytes, oldest.file().getFileName());
            }
            notifyAll();
        }
    }

    /** The oldest batch waiting, if any. */
    public synchronized Optional<Entry> oldest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.firstEntry().getValue());
    }

    /** Waits up to {@code millis} for a batch to arrive when none is waiting. */
    public synchronized void awaitBatch(long millis) throws InterruptedException {
        if (entries.isEmpty()) {
            wait(millis);
        }
    }

    /** Forgets a batch once published (or dropped): its file is deleted. */
    public synchronized void remove(Entry entry) {
        if (entries.remove(entry.sequence()) != null) {
            bytes -= entry.size();
            try {
                Files.deleteIfExists(entry.file());
            } catch (IOException e) {
                log.warn("buffered batch {} published but not deleted ({}): it will be published again after a restart",
                        entry.file(), e.toString());
            }
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }
}
