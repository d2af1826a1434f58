package io.energymon.infra.keycloak;

import io.energymon.infra.testing.SecretRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak server ({@code kc.sh start --optimized} of the cached {@link KeycloakDistribution}) with the
 * project's realm {@value #REALM} imported, listening on {@code 127.0.0.1} over plain HTTP (dev and tests only).
 * A second, small realm {@value #OTHER_REALM} ({@code keycloak/elsewhere-realm.json}) is imported beside it: tests
 * show with its tokens that a token of another issuer is refused everywhere ({@link #otherRealmToken()}).
 *
 * <p>The realm file ({@code keycloak/energymon-realm.json}) holds placeholders {@code {{secret:<clientId>}}} and
 * {@code {{password:<username>}}}: each start fills them with fresh random values, written only into this run's
 * folder (owner-readable) and handed to the caller through {@link #clientSecret(String)} and
 * {@link #password(String)}. Nothing secret is logged. In a test JVM they are registered with {@link SecretRegistry}
 * (with the signatures of the tokens {@link #token(String)} and {@link #serviceToken(String)} obtain), so that the
 * test run's log scan looks for them.
 *
 * <p>Each run has its own Keycloak home folder (links to the cached distribution's {@code lib}, {@code conf},
 * {@code providers} and {@code themes}, its own {@code data} with the H2 database and the realm to import), so runs
 * in parallel never share state. {@link #close()} stops the process tree; if this JVM dies without closing (even by
 * SIGKILL) a small {@code sh} watchdog, whose stdin pipe this JVM holds, stops Keycloak and deletes a temporary run
 * folder.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);

    public static final String REALM = "energymon";
    /** Confidential client of the gateway's browser login (authorization code + PKCE). */
    public static final String GATEWAY_CLIENT = "energymon-gateway";
    /** Public client with the password grant, for scripts and tests in the dev realm. */
    public static final String CLI_CLIENT = "energymon-cli";
    /** The audience every access token carries and every resource server requires. */
    public static final String API_AUDIENCE = "energymon-api";
    /**
     * Public client of the realm like {@value #CLI_CLIENT} whose access tokens expire one second after issue, for
     * tests of expired tokens (resource servers allow 60 s of clock skew: such a token is refused 61 s after issue).
     */
    public static final String SHORT_LIVED_CLIENT = "energymon-cli-short-lived";
    /**
     * A second realm, for tests only: a client {@value #CLI_CLIENT} with the same audience and claim mappers and a
     * user {@code hongdu-admin} with the same tenant, enterprises and strong roles as in {@value #REALM}; only the
     * issuer (and the signing keys) differ, so every service of the energymon realm must refuse its tokens.
     */
    public static final String OTHER_REALM = "elsewhere";

    private static final String REALM_RESOURCE = "/keycloak/energymon-realm.json";
    private static final String OTHER_REALM_RESOURCE = "/keycloak/elsewhere-realm.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(secret|password):([a-z0-9-]+)}}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Stops kc.sh and its java child (SIGTERM, SIGKILL after 30 s) and deletes the temporary run folder once stdin
     * reaches end of file, i.e. when the JVM that started Keycloak dies without closing it.
     */
    private static final String WATCHDOG_SCRIPT = "cat >/dev/null; kids=$(ps -o pid= --ppid \"$1\" 2>/dev/null); "
            + "kill -TERM $kids \"$1\" 2>/dev/null; i=0; "
            + "while kill -0 \"$1\" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; "
            + "kill -KILL $kids \"$1\" 2>/dev/null; if [ -n \"$2\" ]; then rm -rf \"$2\"; fi";

    /**
     * @param workDir      the run's folder (Keycloak home, database, log); {@code null} = a temporary folder deleted on
     *                     {@link #close()}. An existing folder is wiped first.
     * @param port         HTTP port on 127.0.0.1, {@code 0} = a free port chosen by the server
     * @param startTimeout how long the build (first run only) and the start may take each
     */
    public record Options(Path workDir, int port, Duration startTimeout) {
        public static Options defaults() {
            return new Options(null, 0, Duration.ofMinutes(6));
        }
    }

    private final URI baseUrl;
    private final Map<String, String> clientSecrets;
    private final Map<String, String> passwords;
    private final Map<String, String> otherRealmPasswords;
    private final Process process;
    private final Process watchdog;
    private final Path workDir;
    private final boolean temporary;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean closed;

    private KeycloakServer(URI baseUrl, Map<String, String> clientSecrets, Map<String, String> passwords,
                           Map<String, String> otherRealmPasswords, Process process, Process watchdog, Path workDir,
                           boolean temporary, Path logFile) {
        this.baseUrl = baseUrl;
        this.clientSecrets = clientSecrets;
        this.passwords = passwords;
        this.otherRealmPasswords = otherRealmPasswords;
        this.process = process;
        this.watchdog = watchdog;
        this.workDir = workDir;
        this.temporary = temporary;
        this.logFile = logFile;
    }

    /** Prepares the distribution (unpack and build on first use), starts the server and waits until it is ready. */
    public static KeycloakServer start(Options options) {
        long t0 = System.nanoTime();
        Path javaHome = Path.of(System.getProperty("java.home"));
        KeycloakDistribution dist = KeycloakDistribution.locate();
        Path distHome = dist.prepare(javaHome, options.startTimeout());
        long prepared = System.nanoTime();
        boolean temporary = options.workDir() == null;
        Path workDir = null;
        Process process = null;
        Process watchdog = null;
        try {
            workDir = temporary ? Files.createTempDirectory("energymon-keycloak-") : options.workDir();
            if (!temporary) {
                KeycloakFiles.deleteRecursively(workDir);
                Files.createDirectories(workDir);
            }
            Path home = createHome(workDir.resolve("home"), distHome);
            copyDatabase(databaseTemplate(distHome, javaHome, options.startTimeout()), home.resolve("data/h2"));
            long templateReady = System.nanoTime();
            Map<String, String> secrets = new LinkedHashMap<>();
            Map<String, String> passwords = new LinkedHashMap<>();
            writeRealm(REALM_RESOURCE, home.resolve("data/import/energymon-realm.json"), secrets, passwords);
            Map<String, String> otherRealmPasswords = new LinkedHashMap<>();
            writeRealm(OTHER_REALM_RESOURCE, home.resolve("data/import/elsewhere-realm.json"), new LinkedHashMap<>(),
                    otherRealmPasswords);
            // for the test run's log scan (a no-op outside tests): throwaway values of this start
            secrets.forEach((client, secret) -> SecretRegistry.register("Keycloak client secret of " + client, secret));
            passwords.forEach((user, password) -> SecretRegistry.register("Keycloak password of " + user, password));
            otherRealmPasswords.forEach((user, password) ->
                    SecretRegistry.register("Keycloak password of " + user + " in the other realm", password));

            Path logFile = workDir.resolve("keycloak.log");
            process = launch(distHome, home, options.port(), javaHome, logFile, "--import-realm");
            watchdog = watchdog(process, temporary ? workDir.toString() : "");
            URI baseUrl = awaitListening(process, logFile, options.startTimeout());
            KeycloakServer server = new KeycloakServer(baseUrl, Collections.unmodifiableMap(secrets),
                    Collections.unmodifiableMap(passwords), Collections.unmodifiableMap(otherRealmPasswords), process,
                    watchdog, workDir, temporary, logFile);
            awaitReady(process, server.discoveryUri(), options.startTimeout());
            log.info("Keycloak {} ready at {} after {} ms (distribution prepared in {} ms, empty database in {} ms, "
                            + "server start {} ms; log {})", dist.version(), server.issuer(),
                    millis(t0, System.nanoTime()), millis(t0, prepared), millis(prepared, templateReady),
                    millis(templateReady, System.nanoTime()), logFile);
            return server;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                KeycloakFiles.destroyTree(process.toHandle(), Duration.ofSeconds(20));
            }
            if (watchdog != null) {
                watchdog.destroy();
            }
            String tail = workDir == null ? "" : KeycloakFiles.tail(workDir.resolve("keycloak.log"), 30);
            if (temporary && workDir != null) {
                KeycloakFiles.deleteRecursively(workDir);
            }
            throw new IllegalStateException("Keycloak 启动失败 / Keycloak failed to start: " + e.getMessage()
                    + (tail.isEmpty() ? "" : "\n--- last lines of the Keycloak log ---\n" + tail), e);
        }
    }

    /**
     * {@code kc.sh start --optimized} on 127.0.0.1 with the given home folder. Port 0 lets the server bind a free
     * port itself (no race with other processes between picking and binding; the port is read from its log).
     * Issuer and URLs follow the host the client used: {@link #issuer()} names 127.0.0.1, and every client here
     * (gateway, services, browser via the gateway's redirects) uses that.
     */
    private static Process launch(Path distHome, Path home, int port, Path javaHome, Path logFile, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(distHome.resolve("bin/kc.sh").toString(),
                "-Dkc.home.dir=" + home, "start", "--optimized", "--cache=local",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port, "--hostname-strict=false"));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("JAVA_OPTS_APPEND", String.join(" ", startJvmOptions()));
        return pb.start();
    }

    private static Process watchdog(Process keycloak, String deleteOnDeath) throws IOException {
        return new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "keycloak-watchdog", Long.toString(keycloak.pid()),
                deleteOnDeath)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * An empty Keycloak database (schema created by Liquibase, master realm), made once per distribution build by a
     * start without import and copied into each run: creating the schema is most of a first start's time.
     * Returns the folder holding the H2 files.
     */
    private static Path databaseTemplate(Path distHome, Path javaHome, Duration timeout) throws IOException {
        Path dir = distHome.resolve("energymon-db-template");
        Path marker = dir.resolve(".energymon-template");
        Path h2 = dir.resolve("home/data/h2");
        String stamp = String.join(" ", KeycloakDistribution.BUILD_OPTIONS) + "\n";
        try (FileChannel channel = FileChannel.open(distHome.resolve("energymon-db-template.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.exists(marker) && Files.readString(marker).equals(stamp)) {
                return h2;
            }
            long t0 = System.nanoTime();
            KeycloakFiles.deleteRecursively(dir);
            Path home = createHome(dir.resolve("home"), distHome);
            Path logFile = dir.resolve("keycloak.log");
            Process process = launch(distHome, home, 0, javaHome, logFile);
            Process watchdog = watchdog(process, "");
            try {
                URI base = awaitListening(process, logFile, timeout);
                awaitReady(process, URI.create(base + "/realms/master/.well-known/openid-configuration"), timeout);
            } finally {
                KeycloakFiles.destroyTree(process.toHandle(), Duration.ofSeconds(60)); // SIGTERM: H2 closes cleanly
                watchdog.destroy();
            }
            if (process.exitValue() == 137 || process.exitValue() == 9) {
                throw new IllegalStateException("the template server had to be killed; its database is not kept");
            }
            Files.writeString(marker, stamp);
            log.info("Keycloak's empty database made in {} ms (once per build, in {})", millis(t0, System.nanoTime()),
                    dir);
            return h2;
        }
    }

    private static void copyDatabase(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /**
     * Start-up over peak speed (dev and tests): the C1 compiler only. The opening lets jboss-threads reset thread
     * locals on Java 24 and later (Keycloak's own scripts do not add it yet).
     */
    private static List<String> startJvmOptions() {
        return List.of("-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    }

    private static Path createHome(Path home, Path distHome) throws IOException {
        Files.createDirectories(home.resolve("data/import"));
        for (String shared : List.of("lib", "conf", "providers", "themes")) {
            Files.createSymbolicLink(home.resolve(shared), distHome.resolve(shared));
        }
        return home;
    }

    /** Writes the realm with every placeholder replaced by a fresh random value; collects the values. */
    private static void writeRealm(String resource, Path target, Map<String, String> secrets,
                                   Map<String, String> passwords) throws IOException {
        String template;
        try (InputStream in = KeycloakServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the class path");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Map<String, String> values = m.group(1).equals("secret") ? secrets : passwords;
            String value = values.computeIfAbsent(m.group(2), k -> randomToken(m.group(1).equals("secret") ? 24 : 12));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(target, out.toString());
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://127\\.0\\.0\\.1:\\d+)");

    /** Waits for the server's "Listening on" log line and returns its base URL. */
    private static URI awaitListening(Process process, Path logFile, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Matcher m = LISTENING.matcher(Files.readString(logFile));
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            } catch (IOException | UncheckedIOException e) {
                // not written yet (or a partial UTF-8 sequence at the end): read again
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("kc.sh exited with code " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not listening within " + timeout);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
        }
    }

    private static void awaitReady(Process process, URI probeUri, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest probe = HttpRequest.newBuilder(probeUri).timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kc.sh exited with code " + process.exitValue());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + timeout);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The realm's issuer, {@code <base url>/realms/energymon}: the {@code iss} of every token. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    public URI discoveryUri() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** The issuer of the {@value #OTHER_REALM} realm (tests only): its tokens must be refused everywhere. */
    public String otherRealmIssuer() {
        return baseUrl + "/realms/" + OTHER_REALM;
    }

    public URI jwksUri() {
        return URI.create(issuer() + "/protocol/openid-connect/certs");
    }

    /** The generated secret of a confidential client of the realm. */
    public String clientSecret(String clientId) {
        String secret = clientSecrets.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException("no confidential client " + clientId + " in the realm; known: "
                    + clientSecrets.keySet());
        }
        return secret;
    }

    /** The generated password of a sample user. */
    public String password(String username) {
        String password = passwords.get(username);
        if (password == null) {
            throw new IllegalArgumentException("no sample user " + username + " in the realm; known: "
                    + passwords.keySet());
        }
        return password;
    }

    /** The sample users' names, in the realm file's order. */
    public List<String> sampleUsers() {
        return List.copyOf(passwords.keySet());
    }

    /** The service-account clients (client credentials) of the realm. */
    public List<String> serviceClients() {
        return clientSecrets.keySet().stream().filter(c -> !c.equals(GATEWAY_CLIENT)).toList();
    }

    /** An access token of a sample user (password grant of {@value #CLI_CLIENT}). */
    public String token(String username) {
        return requestToken(tokenEndpoint(), Map.of("grant_type", "password", "client_id", CLI_CLIENT,
                "username", username, "password", password(username)));
    }

    /**
     * An access token of a sample user that expires one second after issue (password grant of
     * {@value #SHORT_LIVED_CLIENT}); otherwise like {@link #token(String)}.
     */
    public String shortLivedToken(String username) {
        return requestToken(tokenEndpoint(), Map.of("grant_type", "password", "client_id", SHORT_LIVED_CLIENT,
                "username", username, "password", password(username)));
    }

    /**
     * An access token of the user of the {@value #OTHER_REALM} realm (password grant of its {@value #CLI_CLIENT}):
     * same claims as the energymon realm's {@code hongdu-admin} plus platform-operator, another issuer.
     */
    public String otherRealmToken() {
        String user = "hongdu-admin";
        return requestToken(URI.create(otherRealmIssuer() + "/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", CLI_CLIENT, "username", user,
                "password", otherRealmPasswords.get(user)));
    }

    /** The passwords generated for the users of the {@value #OTHER_REALM} realm (user → password), for log scans. */
    public Map<String, String> otherRealmPasswords() {
        return otherRealmPasswords;
    }

    /** An access token of a service account (client credentials grant). */
    public String serviceToken(String clientId) {
        return requestToken(tokenEndpoint(), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientSecret(clientId)));
    }

    private String requestToken(URI endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !json.hasNonNull("access_token")) {
                // Keycloak's error body names the error, never the credentials
                throw new IllegalStateException("token request for " + form.getOrDefault("username",
                        form.get("client_id")) + " failed: HTTP " + response.statusCode() + " " + response.body());
            }
            String token = json.get("access_token").asString();
            SecretRegistry.registerTokenSignature("signature of a Keycloak access token", token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("token request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Keycloak server's log (stdout and stderr of kc.sh). */
    public Path logFile() {
        return logFile;
    }

    /** Stops the process tree and waits for it; deletes a temporary run folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // 20 s of grace, then SIGKILL: within the 30 s a test runner allows a JVM for its shutdown
        KeycloakFiles.destroyTree(process.toHandle(), Duration.ofSeconds(20));
        watchdog.destroy(); // after the process is gone: had this JVM died meanwhile, the watchdog would finish the job
        if (temporary) {
            KeycloakFiles.deleteRecursively(workDir);
        }
        log.info("Keycloak at {} stopped", baseUrl);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    @Override
    public String toString() {
        return "Keycloak " + baseUrl;
    }
}
