package io.energymon.logscan;

import io.energymon.infra.testing.SecretRegistry;
import io.energymon.infra.testing.SecretScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the modules' tests wrote under their {@code target/} folders: the outputs to scan and the secret registries.
 *
 * <p>Outputs: the surefire (and failsafe) reports, {@code *.txt} (summaries and {@code *-output.txt}, the tests'
 * stdout and stderr), {@code *.xml} (with their system-out/err) and {@code *.dumpstream} / {@code *.dump}; and every
 * log ({@link SecretScan#isLog}: {@code *.log}, {@code *.out}, not Kafka's segments) anywhere under {@code target/}:
 * the services', Keycloak's, the broker's, the dev stack's. Never a registry file ({@value SecretRegistry#DIR_NAME}
 * folders are skipped), and never the scanning module's own folder.
 *
 * @param modules  modules found (folder relative to the root, e.g. {@code infra/keycloak}), with a {@code target/}
 * @param ran      modules whose tests wrote a surefire report in the time scanned (this build)
 * @param files    outputs to scan, each with its module
 * @param registries secret registry files
 */
record RunOutputs(List<String> modules, Set<String> ran, List<Output> files, List<Path> registries) {

    /** One output file, its module and its size. */
    record Output(String module, Path file, long bytes) {
    }

    private static final Set<String> REPORT_FOLDERS = Set.of("surefire-reports", "failsafe-reports");
    private static final Set<String> NOT_MODULES = Set.of("target", "src", ".git", ".devstack", "node_modules", ".mvn",
            "helm", "docs", "bin");

    /**
     * Collects under {@code root} everything written at or after {@code since} ({@code null}: whenever), except under
     * the module folder {@code self}.
     */
    static RunOutputs collect(Path root, String self, Instant since) {
        List<String> modules = modules(root).stream().filter(m -> !m.equals(self)).toList();
        List<Output> files = new ArrayList<>();
        List<Path> registries = new ArrayList<>();
        Set<String> ran = new TreeSet<>();
        for (String module : modules) {
            Path target = root.resolve(module).resolve("target");
            walk(target, since, (file, attributes) -> {
                String name = file.getFileName().toString();
                Path parent = file.getParent().getFileName();
                boolean report = parent != null && REPORT_FOLDERS.contains(parent.toString());
                if (parent != null && parent.toString().equals(SecretRegistry.DIR_NAME)) {
                    if (name.endsWith(SecretRegistry.FILE_SUFFIX)) {
                        registries.add(file);
                    }
                } else if (report && (name.endsWith(".txt") || name.endsWith(".xml") || name.endsWith(".dumpstream")
                        || name.endsWith(".dump")) || SecretScan.isLog(name)) {
                    files.add(new Output(module, file, attributes.size()));
                    if (report && name.startsWith("TEST-") && name.endsWith(".xml")) {
                        ran.add(module);
                    }
                }
            });
        }
        files.sort(Comparator.comparing(Output::file));
        registries.sort(Comparator.naturalOrder());
        return new RunOutputs(modules, ran, List.copyOf(files), List.copyOf(registries));
    }

    /** Folders under {@code root} (three levels deep at most) that hold a {@code pom.xml} and a {@code target/}. */
    static List<String> modules(Path root) {
        try (Stream<Path> walk = Files.walk(root, 3)) {
            return walk.filter(Files::isDirectory)
                    .filter(d -> !d.equals(root))
                    .filter(d -> Stream.of(root.relativize(d).toString().split("[/\\\\]")).noneMatch(NOT_MODULES::contains))
                    .filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("target")))
                    .map(d -> root.relativize(d).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the modules under " + root, e);
        }
    }

    private interface FileAction {
        void accept(Path file, BasicFileAttributes attributes);
    }

    /** Every regular file under {@code dir} modified at or after {@code since}; symbolic links are not followed. */
    private static void walk(Path dir, Instant since, FileAction action) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()
                            && (since == null || !attributes.lastModifiedTime().toInstant().isBefore(since))) {
                        action.accept(file, attributes);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a file a running process just deleted, or not ours to read
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + dir, e);
        }
    }

    long bytes() {
        return files.stream().mapToLong(Output::bytes).sum();
    }

    long bytes(String module) {
        return files.stream().filter(f -> f.module().equals(module)).mapToLong(Output::bytes).sum();
    }

    long count(String module) {
        return files.stream().filter(f -> f.module().equals(module)).count();
    }
}
