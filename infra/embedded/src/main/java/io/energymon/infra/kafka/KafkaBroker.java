package io.energymon.infra.kafka;

import io.energymon.infra.net.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4 broker in KRaft mode ({@code process.roles=broker,controller}), run in its own child
 * JVM from the jars the build copies to {@code infra/embedded/target/kafka-broker/lib}; the broker is never on the
 * caller's class path.
 *
 * <p>The child JVM exits by itself when the JVM that started it dies, even by SIGKILL (see {@link BrokerMain}).
 * Settings are single-node ones: replication factor 1, min ISR 1, no initial rebalance delay, topics auto-created
 * with 4 partitions, 16 MiB segments, {@code -Xmx512m}. The broker's logs go to {@code broker.log} (and the console
 * output to {@code broker-console.log}) in the work dir.
 *
 * <p>The lib folder is {@code -Denergymon.kafka.lib} if set, else {@code infra/embedded/target/kafka-broker/lib}
 * found by searching upward from the working directory and from {@code -Denergymon.root}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int NODE_ID = 1;
    private static final String TEMP_PREFIX = "energymon-kafka-";
    private static final String OWNER_FILE = "owner.pids";

    private final Process process;
    private final OutputStream parentPipe;
    private final Path workDir;
    private final boolean deleteWorkDir;
    private final int port;
    private final int controllerPort;
    private volatile boolean closed;

    private KafkaBroker(Process process, Path workDir, boolean deleteWorkDir, int port, int controllerPort) {
        this.process = process;
        this.parentPipe = process.getOutputStream();
        this.workDir = workDir;
        this.deleteWorkDir = deleteWorkDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker and waits until it serves requests (an AdminClient sees it in describeCluster).
     *
     * @param workDir the broker's work dir (data in {@code data/}, logs, server.properties); an already formatted
     *                one is reused. {@code null} = a fresh temporary directory, deleted on {@link #close()}.
     * @param port    the client (PLAINTEXT) port, {@code 0} = a free port
     */
    public static KafkaBroker start(Path workDir, int port) {
        long startNanos = System.nanoTime();
        Path lib = KafkaBrokerLib.locate();
        boolean temporary = workDir == null;
        if (temporary) {
            sweepStaleTemporaryDirs();
        }
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory(TEMP_PREFIX) : workDir.toAbsolutePath().normalize();
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("无法创建 Kafka 工作目录 / Cannot create the Kafka work dir", e);
        }
        int attempts = port > 0 ? 1 : 3; // a free port picked by us may be taken by someone else before the broker binds
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int clientPort = port > 0 ? port : FreePorts.pick();
            int controllerPort = FreePorts.pick();
            while (controllerPort == clientPort) {
                controllerPort = FreePorts.pick();
            }
            try {
                KafkaBroker broker = launch(lib, dir, temporary, clientPort, controllerPort);
                log.info("Kafka broker started on {} in {} ms (pid {}, work dir {})", broker.bootstrapServers(),
                        (System.nanoTime() - startNanos) / 1_000_000, broker.process.pid(), dir);
                return broker;
            } catch (RuntimeException e) {
                failure = e;
                log.warn("Kafka broker start attempt {} of {} failed: {}", attempt, attempts, e.getMessage());
            }
        }
        if (temporary) {
            deleteRecursively(dir);
        }
        throw failure;
    }

    private static KafkaBroker launch(Path lib, Path dir, boolean temporary, int port, int controllerPort) {
        Path dataDir = dir.resolve("data");
        Path propertiesFile = dir.resolve("server.properties");
        Process process;
        try {
            Files.createDirectories(dataDir);
            writeProperties(propertiesFile, dataDir, port, controllerPort);
            Path launcherDir = writeLauncher(dir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                    "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                    "-Dorg.slf4j.simpleLogger.logFile=" + dir.resolve("broker.log"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.BrokerServer=info",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.ControllerServer=info",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                    "-cp", lib.resolve("*") + java.io.File.pathSeparator + launcherDir,
                    BrokerMain.class.getName(),
                    Long.toString(ProcessHandle.current().pid()), propertiesFile.toString(),
                    clusterId(dir), dataDir.toString()));
            Path console = dir.resolve("broker-console.log");
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka broker 进程启动失败 / Could not start the Kafka broker process", e);
        }
        KafkaBroker broker = new KafkaBroker(process, dir, temporary, port, controllerPort);
        try {
            if (temporary) {
                Files.writeString(dir.resolve(OWNER_FILE), ProcessHandle.current().pid() + " " + process.pid());
            }
            broker.awaitReady();
            return broker;
        } catch (IOException | RuntimeException e) {
            broker.stopProcess();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Deletes temporary work dirs left behind by JVMs that died without closing their broker (the broker then exits
     * by itself but cannot know whether its dir was temporary): those whose owner JVM and broker are both gone.
     */
    private static void sweepStaleTemporaryDirs() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(TEMP_PREFIX) && Files.isDirectory(d))
                    .filter(d -> Files.isRegularFile(d.resolve(OWNER_FILE)))
                    .filter(KafkaBroker::ownersGone)
                    .forEach(d -> {
                        log.info("Deleting stale Kafka work dir {}", d);
                        deleteRecursively(d);
                    });
        } catch (IOException | RuntimeException e) {
            log.debug("Sweeping stale Kafka work dirs failed", e);
        }
    }

    private static boolean ownersGone(Path dir) {
        try {
            for (String pid : Files.readString(dir.resolve(OWNER_FILE)).trim().split("\\s+")) {
                if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker 进程启动时退出 / The Kafka broker process exited "
                            + "during start-up (exit code " + process.exitValue() + "). " + logTails());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker 启动超时 / The Kafka broker did not become ready "
                            + "within " + START_TIMEOUT.toSeconds() + " s. " + logTails());
                }
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500)).nodes()
                            .get(2, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not serving yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
                sleep(100);
            }
        }
    }

    /** The client bootstrap address, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The work dir (data, logs, server.properties). */
    public Path workDir() {
        return workDir;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Stops the broker: SIGTERM (Kafka's shutdown hook does a clean shutdown), waits up to 30 s, then kills it; then
     * deletes a temporary work dir. When this returns the process is gone and its ports are released.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        stopProcess();
        if (deleteWorkDir) {
            deleteRecursively(workDir);
        }
        log.info("Kafka broker on port {} stopped in {} ms", port, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private void stopProcess() {
        try {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Kafka broker (pid {}) did not stop within {} s, killing it", process.pid(),
                            STOP_TIMEOUT.toSeconds());
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                parentPipe.close();
            } catch (IOException e) {
                log.debug("Closing the broker's stdin failed", e);
            }
        }
        // The process is gone so its listening sockets are closed; wait briefly in case the kernel lags behind.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((!FreePorts.isFree(port) || !FreePorts.isFree(controllerPort)) && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    private static void writeProperties(Path file, Path dataDir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "4");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "8");
        p.setProperty("offsets.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("transaction.state.log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("delete.topic.enable", "true");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "energymon single-node KRaft broker (generated, rewritten at every start)");
        }
    }

    /** Copies the launcher's class file into the work dir, so the child needs nothing of our class path. */
    private static Path writeLauncher(Path dir) throws IOException {
        Path launcherDir = dir.resolve("launcher");
        String resource = BrokerMain.class.getName().replace('.', '/') + ".class";
        Path target = launcherDir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = BrokerMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file not found: " + resource);
            }
            Files.write(target, in.readAllBytes());
        }
        return launcherDir;
    }

    /** The cluster id, generated once per work dir and kept in it (so a reused dir keeps its id). */
    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster-id");
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (isUsableClusterId(stored)) {
                return stored;
            }
        }
        String id;
        do {
            id = newClusterId();
        } while (!isUsableClusterId(id));
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }

    /** Base64url of a random UUID, as Kafka's own tools make them. */
    static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /**
     * An id that starts with '-' is read as an option by the storage tool's argument parser (about 1 start in 64
     * failed this way), so such ids are never used, as Kafka's own Uuid.randomUuid() avoids them.
     */
    static boolean isUsableClusterId(String id) {
        return id.length() == 22 && !id.startsWith("-");
    }

    private String logTails() {
        return "broker-console.log: " + tail(workDir.resolve("broker-console.log")) + " | broker.log: "
                + tail(workDir.resolve("broker.log"));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteRecursively(Path dir) {
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
            log.warn("Could not delete {}", dir, e);
        }
    }
}
