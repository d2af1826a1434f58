package io.energymon.infra.kafka;

import io.energymon.infra.net.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerParentDeathTest {

    @Test
    void brokerExitsWhenItsParentJvmIsKilledWithSigkill(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("broker.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(List.of(java, "-Xmx128m",
                "-D" + KafkaBrokerLib.PROPERTY + "=" + KafkaBrokerLib.locate(),
                "-cp", System.getProperty("java.class.path"),
                BrokerParentMain.class.getName(), report.toString()))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("parent.log").toFile())
                .start();
        long brokerPid;
        int brokerPort;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(report) || !parent.isAlive());
            assertThat(report).as("parent log: %s", readQuietly(tmp.resolve("parent.log"))).exists();
            String[] parts = Files.readString(report).trim().split(" ");
            brokerPid = Long.parseLong(parts[0]);
            brokerPort = Integer.parseInt(parts[1]);
            assertThat(ProcessHandle.of(brokerPid)).map(ProcessHandle::isAlive).contains(true);
            assertThat(FreePorts.isFree(brokerPort)).isFalse();
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs
        }
        assertThat(parent.waitFor()).isEqualTo(137);

        Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker.isEmpty() || !broker.get().isAlive());
        } finally {
            broker.ifPresent(ProcessHandle::destroyForcibly); // never leave a broker behind, even when failing
        }
        assertThat(FreePorts.isFree(brokerPort)).isTrue();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(none)";
        }
    }
}
