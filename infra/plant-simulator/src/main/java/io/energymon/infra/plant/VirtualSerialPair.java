package io.energymon.infra.plant;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A virtual serial port whose other end is a TCP port, e.g. one of the bus simulators' transparent gateways: a
 * serial-port client (jSerialComm, j2mod's RTU master) opens {@link #portName()} ({@code /dev/pts/N}) and talks to
 * the simulated meters as if they were on an RS-485 line. Made of a pseudo-terminal and a small relay process,
 * {@code python3} running {@code pty_tcp_relay.py}, or {@code socat} when there is no python3. Available on Linux and
 * macOS when either is on the PATH; {@link #unavailableReason()} says why not otherwise (tests skip with it).
 * Baud rate, parity and timing of a pseudo-terminal are not those of a real line: the relay passes bytes at once.
 */
public final class VirtualSerialPair implements AutoCloseable {
    private static final String SCRIPT = "pty_tcp_relay.py";

    private final Process process;
    private final String portName;
    private final Path script;

    private VirtualSerialPair(Process process, String portName, Path script) {
        this.process = process;
        this.portName = portName;
        this.script = script;
    }

    /** Why no pair can be made here, or empty when one can. */
    public static Optional<String> unavailableReason() {
        if (!new File("/dev/ptmx").exists()) {
            return Optional.of("no pseudo-terminals (/dev/ptmx) on this OS: no virtual serial port");
        }
        if (onPath("python3").isEmpty() && onPath("socat").isEmpty()) {
            return Optional.of("neither python3 nor socat is on the PATH: no relay for a virtual serial port");
        }
        return Optional.empty();
    }

    /**
     * Starts a virtual serial port relayed to {@code host:port}.
     *
     * @throws IllegalStateException no pair can be made (see {@link #unavailableReason()}) or the relay did not start
     */
    public static VirtualSerialPair toTcp(String host, int port) {
        unavailableReason().ifPresent(r -> {
            throw new IllegalStateException(r);
        });
        Optional<Path> python = onPath("python3");
        Path script = null;
        Process p;
        try {
            if (python.isPresent()) {
                script = Files.createTempFile("pty-tcp-relay", ".py");
                try (InputStream in = VirtualSerialPair.class.getResourceAsStream(SCRIPT)) {
                    Files.write(script, in.readAllBytes());
                }
                p = new ProcessBuilder(python.get().toString(), script.toString(), host, Integer.toString(port))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } else {
                p = new ProcessBuilder(onPath("socat").orElseThrow().toString(), "-d", "-d", "pty,raw,echo=0",
                        "tcp:" + host + ":" + port + ",nodelay").redirectErrorStream(true).start();
            }
        } catch (IOException e) {
            throw new IllegalStateException("虚拟串口中继无法启动 / the virtual serial relay did not start: " + e, e);
        }
        Process started = p;
        CompletableFuture<String> name = CompletableFuture.supplyAsync(() -> firstPtyLine(started.getInputStream()));
        try {
            return new VirtualSerialPair(p, name.get(10, TimeUnit.SECONDS), script);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("虚拟串口中继未给出端口 / the virtual serial relay named no port: " + e, e);
        }
    }

    /** The pty path: python prints it alone, socat as "... PTY is /dev/pts/N". */
    private static String firstPtyLine(InputStream out) {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                int at = line.indexOf("/dev/");
                if (at >= 0) {
                    return line.substring(at).strip();
                }
            }
            throw new IllegalStateException("relay ended without naming its port");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The serial port to open, e.g. {@code /dev/pts/3}. */
    public String portName() {
        return portName;
    }

    /** Stops the relay; the port disappears. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the python relay ends when its stdin closes
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        if (script != null) {
            try {
                Files.deleteIfExists(script);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }
}
