package io.energymon.infra.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Launcher of the broker child JVM (internal; started by {@link KafkaBroker}). Uses only the JDK and reflection, so
 * it runs from its own class file with the broker's lib folder on the class path.
 *
 * <p>Arguments: {@code <parentPid> <server.properties> <clusterId> <logDir>}. It formats the storage when the log
 * dir is not formatted yet, then runs {@code kafka.Kafka.main}. It exits (so Kafka's shutdown hook stops the broker
 * cleanly) as soon as the parent process is gone, seen either as end-of-file on stdin (the parent holds the other end
 * of the pipe; the kernel closes it when the parent dies, even by SIGKILL) or as the parent's
 * {@link ProcessHandle#onExit()}.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: BrokerMain <parentPid> <server.properties> <clusterId> <logDir>");
        }
        long parentPid = Long.parseLong(args[0]);
        String properties = args[1];
        String clusterId = args[2];
        Path logDir = Path.of(args[3]);

        watchParent(parentPid);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Method execute = Class.forName("kafka.tools.StorageTool").getMethod("execute", String[].class,
                    PrintStream.class);
            int rc = (int) execute.invoke(null, new String[] {"format", "-t", clusterId, "-c", properties,
                "--ignore-formatted"}, System.out);
            if (rc != 0) {
                System.err.println("kafka storage format failed with exit code " + rc);
                System.exit(rc);
            }
        }
        try {
            Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null,
                    (Object) new String[] {properties});
        } catch (InvocationTargetException e) {
            throw (Exception) (e.getCause() instanceof Exception ex ? ex : e);
        }
    }

    private static void watchParent(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("parent process " + parentPid + " is gone, not starting the broker");
            System.exit(2);
        }
        parent.get().onExit().thenRun(() -> exit("parent process " + parentPid + " exited"));
        Thread stdinWatcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[64];
                while (in.read(buffer) >= 0) {
                    // the parent never writes; just wait for end of file
                }
            } catch (IOException e) {
                // treated like end of file
            }
            exit("stdin closed: parent process " + parentPid + " is gone");
        }, "parent-stdin-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
    }

    private static void exit(String reason) {
        System.err.println(reason + ", shutting down the broker");
        Thread exiter = new Thread(() -> System.exit(0), "parent-gone-exit");
        exiter.start();
    }
}
