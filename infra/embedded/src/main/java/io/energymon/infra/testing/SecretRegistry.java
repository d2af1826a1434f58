package io.energymon.infra.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The secrets a test JVM made or was handed (Keycloak's client secrets and sample users' passwords, the signatures of
 * the tokens it minted or obtained, the platform simulators' secretKeys, uploader secrets keys, a dev stack's
 * secrets), written to one file per JVM so that the log scan of the whole test run (module {@code log-scan}, the last
 * of {@code bin/test}) can look for each of them in every output of the run (issue #11, "a log scan of a full test run
 * finds no secret").
 *
 * <p>These are throwaway test secrets: random values made for this run, valid only against the servers this run
 * started and stopped, and dead with them. The file is the JVM's own ({@code <dir>/<pid>-<random>.secrets}), in a
 * folder under the module's {@code target/}, both owner-only ({@code rwx------} / {@code rw-------}); the scan reads
 * it and never scans it.
 *
 * <p>Active only when the system property {@value #DIR_PROPERTY} names the folder: the parent POM's surefire
 * configuration sets it for every module's tests ({@code ${project.build.directory}/secret-registry}). Elsewhere
 * ({@code bin/dev}, production code paths of the simulators) {@link #register} does nothing.
 *
 * <p>Format: one secret per line, {@code <label>TAB<value>}; a label says what the secret is, never the value. A
 * value holding a line break is registered line by line.
 */
public final class SecretRegistry {

    /** System property naming the folder of the registry files; unset = the registry is off. */
    public static final String DIR_PROPERTY = "energymon.secret-registry.dir";
    /** Name ending of a registry file. */
    public static final String FILE_SUFFIX = ".secrets";
    /** Name of the registry folder under a module's {@code target/} (what the surefire configuration sets). */
    public static final String DIR_NAME = "secret-registry";

    /** One registered secret: what it is ({@code label}) and its value. */
    public record Secret(String label, String value) {
        @Override
        public String toString() {
            return label; // never the value
        }
    }

    private static final Object LOCK = new Object();
    private static final Set<String> WRITTEN = new HashSet<>();
    private static Path file;

    private SecretRegistry() {
    }

    /** Whether registered secrets are written (the property {@value #DIR_PROPERTY} is set). */
    public static boolean active() {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir != null && !dir.isBlank();
    }

    /**
     * Registers a secret of this JVM for the run's log scan; blank values and values already registered are skipped.
     * Does nothing when the registry is off.
     */
    public static void register(String label, String value) {
        if (value == null || value.isBlank() || !active()) {
            return;
        }
        String cleanLabel = label.replaceAll("[\\t\\r\\n]+", " ");
        StringBuilder lines = new StringBuilder();
        synchronized (LOCK) {
            for (String part : value.split("\\R")) {
                String v = part.strip();
                if (!v.isEmpty() && WRITTEN.add(v)) {
                    lines.append(cleanLabel).append('\t').append(v).append('\n');
                }
            }
            if (lines.isEmpty()) {
                return;
            }
            try {
                Files.writeString(file(), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the secret registry " + file, e);
            }
        }
    }

    /** Registers each entry (label → value) of the map. */
    public static void registerAll(Map<String, String> secrets) {
        secrets.forEach(SecretRegistry::register);
    }

    /**
     * The signature (third part) of a compact JWS, registered instead of the whole token: the signature is what makes
     * the token usable, and a whole token is found by the scan's JWT rule anyway.
     */
    public static void registerTokenSignature(String label, String token) {
        if (token == null) {
            return;
        }
        int lastDot = token.lastIndexOf('.');
        register(label, lastDot < 0 ? token : token.substring(lastDot + 1));
    }

    private static Path file() throws IOException {
        if (file == null) {
            Path dir = Path.of(System.getProperty(DIR_PROPERTY)).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir.getParent());
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException e) {
                    // another JVM made it meanwhile
                }
            }
            Path f = dir.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + FILE_SUFFIX);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file = f;
        }
        return file;
    }

    /** The registry files in the given folders ({@code *}{@value #FILE_SUFFIX}), sorted. */
    public static List<Path> files(Collection<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().endsWith(FILE_SUFFIX)).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return files.stream().sorted().toList();
    }

    /** The secrets of registry files, in file order; a label is prefixed with nothing, the value kept as written. */
    public static List<Secret> read(Collection<Path> files) {
        List<Secret> secrets = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    int tab = line.indexOf('\t');
                    if (tab > 0 && tab < line.length() - 1) {
                        secrets.add(new Secret(line.substring(0, tab), line.substring(tab + 1)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret registry " + f, e);
            }
        }
        return secrets;
    }
}
