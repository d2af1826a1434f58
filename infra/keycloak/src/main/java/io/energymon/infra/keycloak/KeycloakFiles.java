package io.energymon.infra.keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** File and process chores of the Keycloak launcher. */
final class KeycloakFiles {

    private KeycloakFiles() {
    }

    /** Deletes a folder tree, best effort; symbolic links are removed, never followed. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a file still held open by a dying process
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /**
     * Stops a process and everything it started: SIGTERM to the descendants and the process, then SIGKILL to what
     * is still alive after the grace period.
     */
    static void destroyTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = Stream.concat(root.descendants(), Stream.of(root)).toList();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The last lines of a text file, or an empty string. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
