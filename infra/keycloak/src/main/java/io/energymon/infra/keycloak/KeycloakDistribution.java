package io.energymon.infra.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keycloak server distribution ({@code org.keycloak:keycloak-quarkus-dist}, a tar.gz Maven dependency of this
 * module), unpacked once into a cache folder and built once ({@code kc.sh build}) with {@link #BUILD_OPTIONS}.
 *
 * <p>Where the archive is looked up, first found wins: system property {@code energymon.keycloak.dist}; the path
 * Maven resolved when this module was built ({@code keycloak-dist.properties}); the local repository given by system
 * property {@code maven.repo.local}; {@code ~/.m2/repository}.
 *
 * <p>Cache folder: system property {@code energymon.keycloak.cache-dir}, else environment variable
 * {@code ENERGYMON_KEYCLOAK_CACHE}, else {@code ~/.cache/energymon}; the distribution goes to
 * {@code <cache>/keycloak-<version>}. A file lock makes concurrent JVMs (parallel test modules) wait for one unpack
 * and one build. The marker {@code .energymon-build} records the build options: different options rebuild.
 */
public final class KeycloakDistribution {

    private static final Logger log = LoggerFactory.getLogger(KeycloakDistribution.class);

    /**
     * Build-time options of the optimised server: the H2 file database (its file goes to each run's own home folder)
     * and a local (non-clustered) cache. Every server of this project starts with these, so one build serves all.
     */
    public static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--cache=local");

    private static final String UNPACKED_MARKER = ".energymon-unpacked";
    private static final String BUILD_MARKER = ".energymon-build";

    private final String version;
    private final Path archive;
    private final Path home;

    private KeycloakDistribution(String version, Path archive, Path home) {
        this.version = version;
        this.archive = archive;
        this.home = home;
    }

    /** Locates the archive and the cache folder (nothing is unpacked yet). */
    public static KeycloakDistribution locate() {
        Properties built = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("/keycloak-dist.properties")) {
            if (in == null) {
                throw new IllegalStateException("keycloak-dist.properties missing from the class path");
            }
            built.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = built.getProperty("version");
        Path archive = findArchive(version, built.getProperty("archive"));
        String cacheRoot = System.getProperty("energymon.keycloak.cache-dir",
                System.getenv().getOrDefault("ENERGYMON_KEYCLOAK_CACHE",
                        Path.of(System.getProperty("user.home"), ".cache", "energymon").toString()));
        return new KeycloakDistribution(version, archive, Path.of(cacheRoot).resolve("keycloak-" + version));
    }

    private static Path findArchive(String version, String builtPath) {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getProperty("energymon.keycloak.dist");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        if (builtPath != null && !builtPath.startsWith("@")) {
            candidates.add(Path.of(builtPath));
        }
        String relative = "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version
                + ".tar.gz";
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            candidates.add(Path.of(repo).resolve(relative));
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository").resolve(relative));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "找不到 Keycloak 发行包 / Keycloak distribution not found; looked at " + candidates
                        + " (build infra/keycloak with Maven once, or set -Denergymon.keycloak.dist=<tar.gz>)"));
    }

    public String version() {
        return version;
    }

    /** The unpacked distribution's folder (holds {@code bin/kc.sh}). */
    public Path home() {
        return home;
    }

    /**
     * Unpacks the archive unless done before, and runs {@code kc.sh build} unless the last build used the same
     * options. Returns this distribution's home.
     *
     * @param javaHome the JDK that runs {@code kc.sh build}
     * @param timeout  for the unpack and for the build each
     */
    public Path prepare(Path javaHome, Duration timeout) {
        try {
            Files.createDirectories(home.getParent());
            Path lockFile = home.getParent().resolve("keycloak-" + version + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(home.resolve(UNPACKED_MARKER))) {
                    unpack(timeout);
                }
                String options = "version=" + version + "\n" + String.join("\n", BUILD_OPTIONS) + "\n";
                Path marker = home.resolve(BUILD_MARKER);
                if (!Files.exists(marker) || !Files.readString(marker).equals(options)) {
                    Files.deleteIfExists(marker);
                    build(javaHome, timeout);
                    Files.writeString(marker, options);
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak 准备失败 / Could not prepare Keycloak in " + home, e);
        }
    }

    private void unpack(Duration timeout) throws IOException {
        long t0 = System.nanoTime();
        Path staging = Files.createTempDirectory(home.getParent(), "unpack-");
        try {
            run(new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", staging.toString()), timeout,
                    staging.resolve("tar.log"), "tar");
            Path unpacked = staging.resolve("keycloak-" + version);
            if (!Files.isRegularFile(unpacked.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("unexpected layout of " + archive + ": no keycloak-" + version
                        + "/bin/kc.sh");
            }
            KeycloakFiles.deleteRecursively(home);
            Files.move(unpacked, home);
            Files.writeString(home.resolve(UNPACKED_MARKER), archive + "\n");
            log.info("Keycloak {} unpacked into {} in {} ms", version, home, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            KeycloakFiles.deleteRecursively(staging);
        }
    }

    private void build(Path javaHome, Duration timeout) throws IOException {
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(BUILD_OPTIONS);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().putAll(Map.of("JAVA_HOME", javaHome.toString()));
        run(pb, timeout, home.resolve("build.log"), "kc.sh build");
        log.info("Keycloak {} built ({}) in {} ms", version, String.join(" ", BUILD_OPTIONS),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static void run(ProcessBuilder pb, Duration timeout, Path logFile, String what) throws IOException {
        pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                KeycloakFiles.destroyTree(p.toHandle(), Duration.ofSeconds(10));
                throw new IllegalStateException(what + " did not finish within " + timeout + " (log: " + logFile + ")");
            }
        } catch (InterruptedException e) {
            KeycloakFiles.destroyTree(p.toHandle(), Duration.ofSeconds(10));
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": "
                    + KeycloakFiles.tail(logFile, 20).replace('\n', ' ') + " (log: " + logFile + ")");
        }
    }
}
