package io.energymon.collector.meterbus;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last slot each point of one bus was read successfully, in memory and (when a file is given) on disk: a
 * properties file {@code key=epoch milliseconds}, replaced atomically (written to a temporary file, forced, moved
 * over) after every change, so a crash leaves the old or the new state, never a torn one. A file that cannot be read
 * is logged and ignored (the points then start without a last slot: no back-fill for that gap).
 */
final class LastReads {
    private static final Logger log = LoggerFactory.getLogger(LastReads.class);

    private final Path file;
    private final Map<String, Instant> last = new HashMap<>();
    private boolean dirty;

    /** Loads the slots of {@code keys} from {@code file} (null: memory only). */
    LastReads(Path file, Set<String> keys) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
                for (String k : p.stringPropertyNames()) {
                    if (keys.contains(k)) {
                        last.put(k, Instant.ofEpochMilli(Long.parseLong(p.getProperty(k).strip())));
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("last read slots in {} cannot be read ({}); gaps before now are not back-filled", file,
                        e.toString());
                last.clear();
            }
        }
    }

    Instant get(String key) {
        return last.get(key);
    }

    /** Records a later slot (an earlier one is ignored). */
    void advance(String key, Instant slot) {
        Instant before = last.get(key);
        if (before == null || slot.isAfter(before)) {
            last.put(key, slot);
            dirty = true;
        }
    }

    /** Writes the changes to the file, if there is one and something changed; a failure is logged. */
    void save() {
        if (file == null || !dirty) {
            return;
        }
        Properties p = new Properties(); // written sorted by key
        last.forEach((k, v) -> p.setProperty(k, Long.toString(v.toEpochMilli())));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "last slot read per point (epoch ms); energymon collector, meter bus back-fill");
            }
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            dirty = false;
        } catch (IOException e) {
            log.warn("last read slots cannot be written to {} ({}); a restart may miss a back-fill", file, e.toString());
        }
    }
}
