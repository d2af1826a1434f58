package io.energymon.collector.meterbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last read slots survive a restart through their file, and a damaged file costs a back-fill, not a crash. */
class LastReadsTest {
    private static final Instant T = Instant.parse("2026-11-23T15:45:00Z");

    @Test
    void slotsOnlyAdvanceAndSurviveThroughTheFile(@TempDir Path dir) {
        Path file = dir.resolve("a/b/dev 1.properties");
        LastReads reads = new LastReads(file, Set.of("p1|x", "p2|y"));
        reads.advance("p1|x", T);
        reads.advance("p1|x", T.minusSeconds(900)); // earlier: ignored
        reads.advance("p2|y", T.plusSeconds(900));
        reads.save();
        assertThat(dir.resolve("a/b")).isDirectoryContaining(p -> p.getFileName().toString().equals("dev 1.properties"))
                .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));

        LastReads again = new LastReads(file, Set.of("p1|x", "p3|z")); // p2 is no longer a point of the device
        assertThat(again.get("p1|x")).isEqualTo(T);
        assertThat(again.get("p2|y")).isNull();
        assertThat(again.get("p3|z")).isNull();
    }

    @Test
    void aDamagedFileIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dev.properties");
        Files.writeString(file, "p1|x=not-a-number\n");
        LastReads reads = new LastReads(file, Set.of("p1|x"));
        assertThat(reads.get("p1|x")).isNull();
        reads.advance("p1|x", T);
        reads.save();
        assertThat(new LastReads(file, Set.of("p1|x")).get("p1|x")).isEqualTo(T);
    }

    @Test
    void withoutAFileTheSlotsLiveInMemoryOnly() {
        LastReads reads = new LastReads(null, Set.of("p"));
        reads.advance("p", T);
        reads.save();
        assertThat(reads.get("p")).isEqualTo(T);
    }
}
