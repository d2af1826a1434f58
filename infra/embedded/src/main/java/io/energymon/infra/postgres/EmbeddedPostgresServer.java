package io.energymon.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server started from the zonky embedded binaries (no Docker, no installation).
 *
 * <p>Authentication is {@code trust} on the loopback interface (initdb defaults of the embedded binaries), so
 * {@link #password()} is accepted but not checked. The server listens on {@code localhost} only.
 *
 * <p>Running as root: PostgreSQL refuses to run as root; the zonky binaries handle this themselves (as root,
 * initdb and the server run as user {@code nobody}, the data dir is owned by {@code nobody}). A data dir given by the
 * caller must therefore be reachable by {@code nobody} (e.g. under {@code /tmp} or a world-traversable project
 * folder, not under {@code /root}).
 *
 * <p>If this JVM dies without {@link #close()} (even by SIGKILL) a small {@code sh} watchdog, whose stdin pipe is
 * held by this JVM, stops the postmaster (fast shutdown) and deletes a temporary data dir.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String USERNAME = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String HOST = "localhost";

    /**
     * Stops the postmaster (SIGINT = fast shutdown) and deletes the temporary dir once stdin reaches end of file,
     * i.e. when this JVM dies without closing the server, even by SIGKILL (the kernel closes the pipe).
     */
    private static final String WATCHDOG_SCRIPT = "cat >/dev/null; kill -INT \"$1\" 2>/dev/null; i=0; "
            + "while kill -0 \"$1\" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; "
            + "if [ -n \"$2\" ]; then rm -rf \"$2\"; fi";

    private final EmbeddedPostgres postgres;
    private final Path tempDir;
    private final Process watchdog;
    private final long postmasterPid;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path tempDir, Process watchdog, long postmasterPid) {
        this.postgres = postgres;
        this.tempDir = tempDir;
        this.watchdog = watchdog;
        this.postmasterPid = postmasterPid;
    }

    /**
     * Starts a server.
     *
     * @param dataDir the data directory; an existing cluster there is reused, an empty or missing one is
     *                initialised. {@code null} = a fresh temporary directory, deleted on {@link #close()}.
     * @param port    the TCP port, {@code 0} = a free port
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Starts a server with settings of its own on top of the defaults ({@code fsync}, {@code synchronous_commit} and
     * {@code full_page_writes} off: fast, and safe against a crash of the JVM but not of PostgreSQL or the machine).
     * A test of what survives a PostgreSQL crash sets {@code synchronous_commit=on}, as production runs.
     *
     * @param serverConfig {@code postgresql.conf} settings, e.g. {@code synchronous_commit -> on}
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> serverConfig) {
        long startNanos = System.nanoTime();
        Path tempDir = null;
        try {
            Path dir = dataDir;
            if (dir == null) {
                tempDir = Files.createTempDirectory("energymon-pg-");
                dir = tempDir.resolve("data");
            }
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(dataDir == null)
                    .setRegisterShutdownHook(true)
                    // Test/dev settings: durability is not needed, speed is.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("listen_addresses", HOST);
            serverConfig.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            Process watchdog;
            long postmasterPid;
            try {
                postmasterPid = Long.parseLong(
                        Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().trim());
                watchdog = startWatchdog(postmasterPid, tempDir);
            } catch (IOException | RuntimeException e) {
                pg.close();
                throw e;
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, tempDir, watchdog, postmasterPid);
            log.info("PostgreSQL started on {}:{} in {} ms (data dir {})", HOST, pg.getPort(),
                    (System.nanoTime() - startNanos) / 1_000_000, dir);
            return server;
        } catch (IOException | RuntimeException e) {
            if (tempDir != null) {
                deleteRecursively(tempDir);
            }
            throw new IllegalStateException("嵌入式 PostgreSQL 启动失败 / Embedded PostgreSQL failed to start: "
                    + e.getMessage(), e);
        }
    }

    private static Process startWatchdog(long postmasterPid, Path tempDir) throws IOException {
        return new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "pg-watchdog", Long.toString(postmasterPid),
                tempDir == null ? "" : tempDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The postmaster's process id. */
    long postmasterPid() {
        return postmasterPid;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return USERNAME;
    }

    /** The password to configure in clients; the server uses trust authentication on localhost. */
    public String password() {
        return PASSWORD;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    /**
     * Creates the database if it does not exist yet (idempotent, safe when called concurrently).
     *
     * @param name lower-case SQL identifier: letters, digits, underscore, at most 63 characters
     */
    public void createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("数据库名无效 / Invalid database name: " + name
                    + " (expected " + DATABASE_NAME.pattern() + ")");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USERNAME, PASSWORD)) {
            if (exists(c, name)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                // 42P04 duplicate_database: created concurrently by someone else, fine.
                // 23505 unique_violation on pg_database: the same race seen from the catalog.
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("创建数据库失败 / Could not create database " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stops the server the way a crash would: an immediate shutdown (SIGQUIT to the postmaster) cuts every session,
     * writes no checkpoint, and leaves a cluster that runs crash recovery when started again. Waits until the
     * postmaster is gone, then releases this object (a temporary data dir is deleted, a given one is kept: start it
     * again with {@code start(dataDir, port())}). For tests of what survives a database crash.
     */
    public void crash() {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(postmasterPid))
                    .redirectErrorStream(true).start();
            kill.waitFor();
            ProcessHandle.of(postmasterPid).ifPresent(p -> {
                try {
                    p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("PostgreSQL " + postmasterPid + " did not stop", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL 崩溃模拟失败 / Could not crash PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        close(); // pg_ctl stop finds no server (logged by the embedded library); the data dir lock is released
    }

    /** Stops the server (pg_ctl stop, fast mode) and waits until it is gone; deletes a temporary data dir. */
    @Override
    public void close() {
        int port = port();
        watchdog.destroy(); // disarm first: it must not signal a pid that may be reused later
        try {
            watchdog.getOutputStream().close();
        } catch (IOException e) {
            log.debug("Closing the watchdog pipe failed", e);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("停止 PostgreSQL 失败 / Could not stop PostgreSQL", e);
        } finally {
            if (tempDir != null) {
                deleteRecursively(tempDir);
            }
        }
        log.info("PostgreSQL on port {} stopped", port);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("Could not delete {}", p, e);
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete temporary directory {}", dir, e);
        }
    }
}
