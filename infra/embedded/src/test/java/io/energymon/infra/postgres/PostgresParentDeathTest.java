package io.energymon.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresParentDeathTest {

    @Test
    void postmasterStopsWhenTheJvmThatStartedItIsKilledWithSigkill(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("pg.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                PostgresParentMain.class.getName(), report.toString()))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("parent.log").toFile())
                .start();
        long postmasterPid;
        int port;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(report) || !parent.isAlive());
            assertThat(report).exists();
            String[] parts = Files.readString(report).trim().split(" ");
            postmasterPid = Long.parseLong(parts[0]);
            port = Integer.parseInt(parts[1]);
            assertThat(ProcessHandle.of(postmasterPid)).map(ProcessHandle::isAlive).contains(true);
            assertThat(EmbeddedPostgresServerTest.canBind(port)).isFalse();
        } finally {
            parent.destroyForcibly(); // SIGKILL
        }
        assertThat(parent.waitFor()).isEqualTo(137);

        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> postmaster.isEmpty() || !postmaster.get().isAlive());
        } finally {
            postmaster.ifPresent(ProcessHandle::destroyForcibly);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> EmbeddedPostgresServerTest.canBind(port));
    }
}
