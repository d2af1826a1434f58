package io.energymon.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store-and-forward buffer on disk: order, survival of a restart, the bound, interrupted writes. */
class ReadingBufferTest {
    static final String USCC = "91360100MA35K8P233";
    static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path dir;

    static ReadingBatch batch(int slot) {
        Instant ts = T0.plus(Duration.ofMinutes(15L * slot));
        return new ReadingBatch(UUID.randomUUID(), "tenant-a", USCC, "collector-1", ts, Duration.ofMinutes(15),
                List.of(Reading.good("p1", ts, BigDecimal.valueOf(slot), 4)));
    }

    private static List<Instant> drain(ReadingBuffer buffer) {
        List<Instant> slots = new ArrayList<>();
        while (buffer.oldest().isPresent()) {
            ReadingBuffer.Entry e = buffer.oldest().get();
            assertThat(e.key()).isEqualTo(USCC);
            slots.add(EventCodec.decode(e.read(), ReadingBatch.class).slot());
            buffer.remove(e);
        }
        return slots;
    }

    @Test
    void batchesSurviveARestartAndComeOutInTheOrderTheyWentIn() {
        ReadingBuffer first = new ReadingBuffer(dir, 1_000_000, new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            first.accept(batch(i));
        }

        ReadingBuffer reopened = new ReadingBuffer(dir, 1_000_000, new SimpleMeterRegistry());
        reopened.accept(batch(3));

        assertThat(reopened.size()).isEqualTo(4);
        assertThat(drain(reopened)).containsExactly(T0, T0.plus(Duration.ofMinutes(15)),
                T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(45)));
        assertThat(reopened.bytes()).isZero();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void whenFullTheOldestBatchesAreDroppedFirst() {
        long one = EventCodec.encode(batch(0)).length;
        var registry = new SimpleMeterRegistry();
        ReadingBuffer buffer = new ReadingBuffer(dir, 3 * one + one / 2, registry);
        for (int i = 0; i < 5; i++) {
            buffer.accept(batch(i));
        }
        assertThat(registry.get("collector_buffer_dropped_total").counter().count()).isEqualTo(2);
        assertThat(drain(buffer)).containsExactly(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(45)),
                T0.plus(Duration.ofMinutes(60)));
    }

    @Test
    void aWriteInterruptedByACrashIsNotABatch() throws Exception {
        Files.write(dir.resolve("00000000000000000007-" + USCC + ".batch.tmp"), new byte[] {1, 2, 3});
        ReadingBuffer buffer = new ReadingBuffer(dir, 1_000_000, new SimpleMeterRegistry());
        assertThat(buffer.size()).isZero();
        assertThat(dir.toFile().list()).isEmpty();
    }
}
