package io.energymon.collector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watermarks on disk: per (tenant, enterprise, point), replaced atomically, readable by a new instance. */
class WatermarkStoreTest {
    @TempDir
    Path dir;

    @Test
    void aWatermarkSurvivesANewStoreAndIsKeptPerEnterpriseAndPoint() throws Exception {
        Instant t1 = Instant.parse("2026-11-23T04:07:00.123456Z");
        Instant t2 = Instant.parse("2026-11-23T04:29:59Z");
        WatermarkStore store = new WatermarkStore(dir.resolve("wm"));
        assertThat(store.load("t", "E1", "p/../1")).isNull();

        store.save("t", "E1", "p/../1", t1);
        store.save("t", "E2", "p/../1", t2);
        store.save("t", "E1", "p/../1", t2);
        store.save("t", "E1", "p2", t1);

        WatermarkStore reopened = new WatermarkStore(dir.resolve("wm"));
        assertThat(reopened.load("t", "E1", "p/../1")).isEqualTo(t2);
        assertThat(reopened.load("t", "E2", "p/../1")).isEqualTo(t2);
        assertThat(reopened.load("t", "E1", "p2")).isEqualTo(t1);
        assertThat(reopened.load("u", "E1", "p2")).isNull();
        try (Stream<Path> files = Files.list(dir.resolve("wm"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .hasSize(3).allMatch(n -> n.matches("[0-9a-f]{64}\\.watermark"));
        }
    }
}
