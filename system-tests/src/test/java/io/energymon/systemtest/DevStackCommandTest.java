package io.energymon.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.infra.testing.SecretRegistry;
import io.energymon.infra.testing.SecretScan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dev stack as a user runs it (the packaged launcher in its own JVM): it prints the READY line, the platform
 * simulator soon lists accepted real-time values, and SIGTERM leaves no process and no listening socket of the stack
 * behind. Only the stack's own processes and sockets are checked: other programs on the machine may come and go.
 * The sample users' passwords it prints for the developer appear on that one line of its console and in no log.
 */
class DevStackCommandTest {
    private static final Pattern READY = Pattern.compile(
            "^READY portal=(\\S+) login=(\\S+) platform-sim=(\\S+) users=(\\S+)$");
    /** The dev stack's line for the developer: {@code sample users (realm <issuer>, ...): <user> / <password>, ...}. */
    private static final Pattern SAMPLE_USERS = Pattern.compile(
            "^sample users \\(realm \\S+, passwords generated at this start\\): (.+)$");
    private static final Pattern REALM_CLIENT_SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");

    @Test
    void readyThenValuesAtThePlatformThenSigtermLeavesNothingBehind() throws Exception {
        Path root = Path.of(System.getProperty("energymon.root", "..")).toAbsolutePath().normalize();
        Path jar;
        try (Stream<Path> files = Files.list(root.resolve("infra/devstack/target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process devstack = new ProcessBuilder(java, "-jar", jar.toString(), "--root=" + root, "--slot=PT2S",
                "--delivery-interval=PT1S")
                .redirectErrorStream(true).start();
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        try {
            var reader = new BufferedReader(new InputStreamReader(devstack.getInputStream(), StandardCharsets.UTF_8));
            Matcher ready = CompletableFuture.supplyAsync(() -> awaitReady(reader, console)).get(360, TimeUnit.SECONDS);
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> reader.lines().forEach(console::add));
            URI portal = URI.create(ready.group(1));
            URI login = URI.create(ready.group(2));
            URI platformSim = URI.create(ready.group(3));
            assertThat(ready.group(4).split(",")).contains("hongdu-admin", "ganjiang-admin");

            // the portal's page needs a login: the gateway sends the browser to it, and the login URL to Keycloak
            HttpResponse<String> page = Http.get(portal.resolve("/"));
            assertThat(page.statusCode()).isEqualTo(302);
            HttpResponse<String> toKeycloak = Http.get(login);
            assertThat(toKeycloak.statusCode()).isEqualTo(302);
            assertThat(toKeycloak.headers().firstValue("Location").orElseThrow())
                    .contains("/realms/energymon/protocol/openid-connect/auth").contains("code_challenge_method=S256");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(Http.getList(platformSim.resolve("/sim/received")))
                            .anyMatch(v -> ((Number) v.get("statType")).intValue() == 0
                                    && new BigDecimal((String) v.get("dataValue")).signum() > 0));

            List<ProcessHandle> children = devstack.descendants().toList();
            assertThat(children).as("services, broker and database run as child processes").hasSizeGreaterThanOrEqualTo(6);
            List<ProcessHandle> stack = new ArrayList<>(children);
            stack.add(devstack.toHandle());
            Set<Socket> listeningWhileUp = ListeningSockets.of(stack);
            assertThat(listeningWhileUp).extracting(Socket::port).contains(portal.getPort(), platformSim.getPort());

            devstack.destroy(); // SIGTERM
            assertThat(devstack.waitFor(90, TimeUnit.SECONDS)).as("dev stack exits after SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(children).noneMatch(ProcessHandle::isAlive);
                Set<Socket> left = ListeningSockets.listening();
                left.retainAll(listeningWhileUp);
                assertThat(left).as("sockets of the stack still listening after stop").isEmpty();
            });
            // the JDK may close the launcher's output under the reader once the process ended ("Stream closed"):
            // what was read until then is checked (the sample users' line comes before READY)
            drained.exceptionally(e -> null).completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
            assertNoSecretLeftTheConsoleLine(root.resolve(".devstack"), List.copyOf(console));
        } finally {
            devstack.descendants().forEach(ProcessHandle::destroyForcibly);
            devstack.destroyForcibly();
        }
    }

    /**
     * The sample users' passwords are printed for the developer on one line of the dev stack's console (a documented
     * convenience, README "Secrets"); they, the realm's client secrets and any token appear nowhere else: not on
     * another console line, not in a log of the run (services, Keycloak, broker).
     */
    private static void assertNoSecretLeftTheConsoleLine(Path work, List<String> console) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        String users = console.stream().map(SAMPLE_USERS::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .findFirst().orElseThrow(() -> new AssertionError("no sample users' line on the console"));
        for (String entry : users.split(", ")) {
            String[] userAndPassword = entry.split(" / ", 2);
            secrets.put("password of " + userAndPassword[0], userAndPassword[1]);
        }
        assertThat(secrets.keySet()).contains("password of hongdu-admin", "password of platform-ops");
        // the client secrets generated at this start, from the realm Keycloak imported (the run's folder, owner-only)
        Matcher clientSecret = REALM_CLIENT_SECRET.matcher(
                Files.readString(work.resolve("keycloak/home/data/import/energymon-realm.json")));
        int clients = 0;
        while (clientSecret.find()) {
            secrets.put("client secret #" + ++clients + " of the realm", clientSecret.group(1));
        }
        assertThat(clients).as("confidential clients of the realm").isEqualTo(5);
        SecretRegistry.registerAll(secrets); // the whole test run's log scan looks for them too

        List<Path> logs = SecretScan.logFiles(work);
        assertThat(logs).extracting(p -> work.relativize(p).toString().replace('\\', '/'))
                .contains("logs/gateway.log", "logs/portal-service.log", "keycloak/keycloak.log");
        List<SecretScan.Finding> findings = new ArrayList<>(SecretScan.logs(logs, secrets));
        String otherLines = console.stream().filter(l -> !SAMPLE_USERS.matcher(l).matches())
                .collect(Collectors.joining("\n"));
        findings.addAll(SecretScan.text("dev stack console (but the sample users' line)", otherLines, secrets));
        assertThat(findings).as("secrets outside the sample users' console line").isEmpty();
    }

    private static Matcher awaitReady(BufferedReader reader, List<String> console) {
        try {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                console.add(line);
                seen.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
            throw new IllegalStateException("dev stack ended without READY; output:\n" + seen);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The listening TCP sockets of given processes (Linux): the socket inodes among each process's open files
     * ({@code /proc/<pid>/fd}), matched against the LISTEN entries of {@code /proc/net/tcp} and {@code tcp6}. Only the
     * stack's own processes are looked at, so other programs opening ports meanwhile do not matter.
     */
    record Socket(long inode, int port) {
    }

    static final class ListeningSockets {
        static Set<Socket> of(Collection<ProcessHandle> processes) throws IOException {
            Set<Long> inodes = new HashSet<>();
            for (ProcessHandle p : processes) {
                Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
                try (Stream<Path> files = Files.list(fds)) {
                    files.forEach(fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[")) {
                                inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                            }
                        } catch (IOException | RuntimeException e) {
                            // the descriptor closed meanwhile
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
            Set<Socket> out = new HashSet<>();
            for (Socket s : listening()) {
                if (inodes.contains(s.inode())) {
                    out.add(s);
                }
            }
            return out;
        }

        /** Every listening socket of the machine, with its inode. */
        static Set<Socket> listening() throws IOException {
            Set<Socket> sockets = new HashSet<>();
            for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path p = Path.of(file);
                if (!Files.exists(p)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(p);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && "0A".equals(f[3])) { // 0A = LISTEN
                        sockets.add(new Socket(Long.parseLong(f[9]),
                                Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16)));
                    }
                }
            }
            return sockets;
        }
    }
}
