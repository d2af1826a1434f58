package io.energymon.infra.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the folder with the broker's jars ({@code infra/embedded/target/kafka-broker/lib}, made by the build). */
final class KafkaBrokerLib {

    static final String PROPERTY = "energymon.kafka.lib";
    static final String RELATIVE = "infra/embedded/target/kafka-broker/lib";
    private static final List<String> REQUIRED_PREFIXES = List.of("kafka_2.13-", "kafka-clients-", "kafka-server-",
            "scala-library-", "slf4j-api-", "slf4j-simple-");

    private KafkaBrokerLib() {
    }

    static Path locate() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path dir = Path.of(explicit).toAbsolutePath().normalize();
            String missing = missingJars(dir);
            if (missing != null) {
                throw new IllegalStateException("Kafka broker 库目录不完整 / Kafka broker lib folder incomplete: "
                        + dir + " (-D" + PROPERTY + "): " + missing + ". 请运行 / Run: ./mvnw install -DskipTests");
            }
            return dir;
        }
        Set<Path> starts = new LinkedHashSet<>();
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize());
        String root = System.getProperty("energymon.root");
        if (root != null && !root.isBlank()) {
            starts.add(Path.of(root).toAbsolutePath().normalize());
        }
        List<String> looked = new ArrayList<>();
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(RELATIVE);
                looked.add(candidate.toString());
                if (Files.isDirectory(candidate) && missingJars(candidate) == null) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("找不到 Kafka broker 库目录，请先在项目根目录运行 ./mvnw install -DskipTests / "
                + "Kafka broker lib folder not found; run ./mvnw install -DskipTests in the project root first "
                + "(or set -D" + PROPERTY + "=<dir>). Looked at: " + String.join(", ", looked));
    }

    /** Returns a description of the missing jars, or null when the folder is complete. */
    private static String missingJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "not a directory";
        }
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        List<String> missing = REQUIRED_PREFIXES.stream()
                .filter(prefix -> names.stream().noneMatch(n -> n.startsWith(prefix)))
                .map(prefix -> prefix + "*.jar")
                .toList();
        return missing.isEmpty() ? null : "missing " + missing;
    }
}
