package io.energymon.infra.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for secrets where they must never be (issue #11, "Secrets"): in the configuration files committed to the
 * repository ({@link #committedFiles(Path)}) and in the logs a run wrote ({@link #logs(Collection, Map)}). A finding
 * names file, line and rule, never the secret itself (at most a masked form: its first characters and its length),
 * so a failing test does not leak it into its own report. Used by the end-to-end tests of {@code system-tests} for
 * their own runs and by the module {@code log-scan} for every output of the whole test run.
 */
public final class SecretScan {

    /** One secret found: where and by which rule; {@code detail} never holds the secret. */
    public record Finding(String file, int line, String rule, String detail) {
        @Override
        public String toString() {
            return file + ":" + line + " [" + rule + "] " + detail;
        }
    }

    /** Committed files scanned: configuration (Spring, Helm values and templates, the Keycloak realm, env files). */
    public static final Set<String> CONFIG_EXTENSIONS = Set.of("properties", "yml", "yaml", "json", "tpl", "env");

    /**
     * A configuration key naming a secret. A bare {@code key} is not one (Kafka's {@code key-serializer}, a Kubernetes
     * {@code secretKeyRef}'s {@code key: password} naming an entry of a secret).
     */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(password|passwd|pwd|passphrase|secret|token|credential|api[-_.]?key|access[-_.]?key"
                    + "|private[-_.]?key|signing[-_.]?key|(?<![a-z])pin(?![a-z]))");

    /**
     * Key names that mention a secret without holding one. Each entry says why; keep the list short and explicit.
     * A name is allowed when it matches one of these (the whole name, case-insensitive).
     */
    private static final List<Allowance> ALLOWED_NAMES = List.of(
            // where a secret is read from, not the secret: energymon.uploader.secrets.key-file,
            // energymon.collector.credentials-dir, a truststore path
            new Allowance(".*[-_.]?(file|dir|path|location|mount-?path)", "a path to a mounted secret file or folder"),
            // Helm: the Kubernetes Secret a value is read from (existingSecret: energymon-aggregator-db)
            new Allowance(".*(existing-?secret|secret-?name|secret-?key-?ref)", "the name of a Kubernetes Secret"),
            // the collector's devices name their password by a reference its secret store resolves
            new Allowance(".*(credential-?ref|[-_.]ref)", "the name a secret store knows a password by"),
            // Keycloak realm: how long tokens live (accessTokenLifespan: 300)
            new Allowance(".*(lifespan|timeout|ttl)", "a token's lifetime, not a token"));

    private record Allowance(Pattern name, String why) {
        Allowance(String regex, String why) {
            this(Pattern.compile("(?i)" + regex), why);
        }
    }

    /**
     * {@code name: value} / {@code name=value} / {@code "name": "value"} pairs of a line; several on a line for YAML
     * flow mappings ({@code {secretKeyRef: {name: x, key: password}}}). A value opening a structure ({@code {}, {@code [})
     * is no value: the pairs inside it are found on their own.
     */
    private static final Pattern PAIR = Pattern.compile(
            "[\"']?(?<name>[A-Za-z0-9_.\\-\\[\\]]+)[\"']?\\s*[:=][ \\t]*(?<value>\"[^\"]*\"|'[^']*'|\\$\\{[^}]*}"
                    + "|\\{\\{.*?}}|<[^>]*>|[{\\[]|[^\\s,}\\]#]*)");
    /** A Keycloak realm's user credential: {@code "type": "password"} followed by its {@code "value"}. */
    private static final Pattern CREDENTIAL_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"(password|secret)\"");
    private static final Pattern CREDENTIAL_VALUE = Pattern.compile("\"(value|secretData)\"\\s*:\\s*\"([^\"]*)\"");

    /** A JSON Web Token (signed or encrypted): header and payload are base64url JSON objects ({@code eyJ} = '{"'). */
    public static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /**
     * A bearer token written out (an {@code Authorization} header or its value); not a {@code WWW-Authenticate}
     * challenge's parameter ({@code Bearer resource_metadata="..."}).
     */
    public static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{16,}=*(?![A-Za-z0-9._~+/=\"-])");
    public static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    /** Spring Boot's fallback user, printed when no other authentication is configured. */
    public static final Pattern GENERATED_PASSWORD = Pattern.compile("Using generated security password");
    /** Secrets shorter than this are not looked for in logs (too many false hits, and none of a run's is). */
    public static final int MIN_SECRET_LENGTH = 8;

    private SecretScan() {
    }

    /**
     * Every committed configuration file of the repository ({@link #CONFIG_EXTENSIONS}): {@code git ls-files} when
     * the folder is a git work tree, else every such file outside build output ({@code target}), VCS and run folders.
     */
    public static List<Path> committedConfigFiles(Path root) {
        List<Path> files = gitLsFiles(root);
        if (files == null) {
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> Stream.of(root.relativize(p).toString().split("[/\\\\]")).noneMatch(
                                s -> Set.of("target", ".git", ".devstack", "node_modules", ".idea").contains(s)))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files.stream().filter(p -> CONFIG_EXTENSIONS.contains(extension(p))).sorted().toList();
    }

    private static List<Path> gitLsFiles(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return null;
            }
            return Stream.of(new String(out, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty())
                    .map(root::resolve).filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Scans the committed configuration files of the repository at {@code root}. */
    public static List<Finding> committedFiles(Path root) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : committedConfigFiles(root)) {
            findings.addAll(configFile(root.relativize(file).toString(), read(file)));
        }
        return findings;
    }

    /**
     * The rules for one configuration file: a key naming a secret ({@link #SECRET_NAME}, not allowed by
     * {@link #ALLOWED_NAMES}) must hold no literal (only empty, a placeholder {@code ${VAR}} / {@code ${VAR:}} without
     * a default, a template {@code {{ ... }}}, {@code $(VAR)}, {@code @maven.property@}, {@code <what>}, or
     * true/false/null); a realm's password credential holds a placeholder; and no line, comment or not, holds a
     * private key block, a JWT or a bearer token. Key/value pairs are looked for outside comments only (comments are
     * prose: "secret: from the environment only").
     */
    public static List<Finding> configFile(String name, String text) {
        List<Finding> findings = new ArrayList<>();
        boolean properties = name.endsWith(".properties");
        boolean json = name.endsWith(".json");
        String[] lines = text.split("\r?\n", -1);
        int credentialTypeLine = -10;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            anywhere(name, lineNo, line, findings);
            String code = json ? line : stripComment(line, properties);
            Matcher pair = PAIR.matcher(code);
            while (pair.find()) {
                String key = pair.group("name");
                String value = unquote(pair.group("value"));
                if (!SECRET_NAME.matcher(key).find() || allowed(key)) {
                    continue;
                }
                String problem = literal(value);
                if (problem != null) {
                    findings.add(new Finding(name, lineNo, "secret-in-clear", "'" + key + "' holds " + problem));
                }
            }
            if (json) {
                if (CREDENTIAL_TYPE.matcher(line).find()) {
                    credentialTypeLine = i;
                }
                Matcher credential = CREDENTIAL_VALUE.matcher(line);
                if (i - credentialTypeLine <= 3 && credential.find() && literal(credential.group(2)) != null) {
                    findings.add(new Finding(name, lineNo, "credential-in-clear",
                            "a password credential's '" + credential.group(1) + "' holds a literal, not {{password:<user>}}"));
                }
            }
        }
        return findings;
    }

    private static boolean allowed(String key) {
        return ALLOWED_NAMES.stream().anyMatch(a -> a.name().matcher(key).matches());
    }

    /** Why a value is a secret in clear, or null when it is none (empty, a placeholder, a flag). */
    private static String literal(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.equals("{") || v.equals("[") || v.contains("{{") || v.startsWith("$(")
                || v.matches("@[\\w.:-]+@") || v.matches("<[^>]*>")
                || v.matches("(?i)true|false|null|~")) {
            return null;
        }
        if (v.startsWith("${")) {
            int colon = v.indexOf(':');
            boolean literalDefault = colon > 0 && colon < v.length() - 2 && !v.startsWith("${", colon + 1);
            return literalDefault ? "a default value in clear (use ${VAR} or ${VAR:})" : null;
        }
        return "a literal value";
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** The line without its comment: properties {@code #}/{@code !} at the start, YAML {@code #} after a blank. */
    private static String stripComment(String line, boolean properties) {
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("#") || properties && trimmed.startsWith("!")) {
            return "";
        }
        if (properties) {
            return line;
        }
        Matcher m = Pattern.compile("(^|\\s)#").matcher(line);
        return m.find() ? line.substring(0, m.start()) : line;
    }

    /** Rules for any text: a private key block, a JWT, a bearer token, Spring's generated password. */
    private static void anywhere(String file, int line, String text, List<Finding> findings) {
        if (PRIVATE_KEY.matcher(text).find()) {
            findings.add(new Finding(file, line, "private-key", "a PEM private key block"));
        }
        Matcher jwt = JWT.matcher(text);
        if (jwt.find()) {
            findings.add(new Finding(file, line, "jwt", "a JSON Web Token [" + mask(jwt.group()) + "]"));
        }
        Matcher bearer = BEARER.matcher(text);
        if (bearer.find()) {
            findings.add(new Finding(file, line, "bearer-token", "a bearer token [" + mask(bearer.group()) + "]"));
        }
        if (GENERATED_PASSWORD.matcher(text).find()) {
            findings.add(new Finding(file, line, "generated-password", "Spring Boot's generated password"));
        }
    }

    /**
     * A password or client secret written out as a form or query parameter ({@code password=...},
     * {@code client_secret=...}) or a JSON member ({@code "password":"..."}). Not Kafka's configuration dump
     * ({@code ssl.key.password = null}: blanks around the sign) and not a masked value (see {@link #MASKED}).
     */
    public static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])(?<name>client[_-]?secret|password|passwd)(?:=|\"\\s*:\\s*\")"
                    + "(?<value>[^\\s&\"'<>,;)}\\]]+)");
    /** A value that hides the secret: {@code ***}, {@code [hidden]}, {@code <redacted>}, a placeholder. */
    private static final Pattern MASKED = Pattern.compile(
            "(?i)\\**|\\[?(hidden|protected|redacted|masked|secure|secret)]?|null|\\$\\{.*|\\{\\{.*|%s|\\?");

    /** Rules for a log line: {@link #anywhere} and a secret written as a parameter ({@link #SECRET_PARAMETER}). */
    private static void logLine(String file, int line, String text, List<Finding> findings) {
        anywhere(file, line, text, findings);
        Matcher parameter = SECRET_PARAMETER.matcher(text);
        while (parameter.find()) {
            if (!MASKED.matcher(parameter.group("value")).matches()) {
                findings.add(new Finding(file, line, "secret-parameter",
                        "'" + parameter.group("name") + "' with a value [" + mask(parameter.group("value")) + "]"));
                break;
            }
        }
    }

    /**
     * A masked form of a secret for a finding: its first two characters (three for a JWT's {@code eyJ}, which is no
     * secret) and its length, e.g. {@code Zq…(16 chars)}. Enough to tell findings apart, never enough to use.
     */
    public static String mask(String secret) {
        int shown = secret.startsWith("eyJ") ? 3 : secret.length() >= 16 ? 2 : secret.length() >= 8 ? 1 : 0;
        return secret.substring(0, shown) + "\u2026(" + secret.length() + " chars)";
    }

    /**
     * Scans log files for the secrets of a run (label → value; values shorter than {@link #MIN_SECRET_LENGTH} are
     * skipped) and for the rules that hold for any log line (JWT, bearer token, private key, generated password, a
     * password or client secret as a parameter). Files are read as ISO-8859-1, so any byte sequence is read and
     * secrets are found wherever they are (a secret is looked for as its UTF-8 bytes).
     */
    public static List<Finding> logs(Collection<Path> files, Map<String, String> secrets) {
        return logs(files, SecretIndex.of(secrets));
    }

    /** {@link #logs(Collection, Map)} with the secrets of the run's registry files ({@link SecretRegistry}). */
    public static List<Finding> logs(Collection<Path> files, List<SecretRegistry.Secret> secrets) {
        return logs(files, SecretIndex.of(secrets));
    }

    private static List<Finding> logs(Collection<Path> files, SecretIndex index) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                String line;
                int lineNo = 0;
                while ((line = in.readLine()) != null) {
                    scanLine(file.toString(), ++lineNo, line, index, findings);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return findings;
    }

    /** Scans one text (a log, a console capture) line by line; see {@link #logs(Collection, Map)}. */
    public static List<Finding> text(String source, String text, Map<String, String> secrets) {
        SecretIndex index = SecretIndex.of(secrets);
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            scanLine(source, i + 1, lines[i], index, findings);
        }
        return findings;
    }

    private static void scanLine(String source, int lineNo, String line, SecretIndex index, List<Finding> findings) {
        logLine(source, lineNo, line, findings);
        for (SecretRegistry.Secret s : index.in(line)) {
            findings.add(new Finding(source, lineNo, "run-secret", s.label() + " [" + mask(s.value()) + "]"));
        }
    }

    /**
     * The log files under a run's folder: {@code *.log} and {@code *.out}, except Kafka's partition segments
     * ({@code 00000000000000000000.log}: records, not logs).
     */
    public static List<Path> logFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> isLog(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log file's name: {@code *.log} or {@code *.out}, not a Kafka partition segment. */
    public static boolean isLog(String fileName) {
        return (fileName.endsWith(".log") || fileName.endsWith(".out")) && !fileName.matches("\\d{20}\\.log");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
