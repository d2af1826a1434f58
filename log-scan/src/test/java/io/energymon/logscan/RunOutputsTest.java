package io.energymon.logscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.energymon.infra.testing.SecretRegistry;
import io.energymon.infra.testing.SecretScan;
import io.energymon.infra.testing.SecretScan.Finding;
import io.energymon.logscan.RunOutputs.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the full-run scan reads, on a planted build tree: which files, which modules ran, what it finds. */
class RunOutputsTest {

    private static final String SECRET = "Zq3v9XkP2mLr8sTwQ4bN";

    @Test
    void theOutputsOfThisBuildAreScannedWithTheRegisteredSecretsButNeverTheRegistryItself(@TempDir Path root)
            throws IOException {
        Instant buildStart = Instant.now().minusSeconds(60);
        Path gateway = module(root, "gateway");
        Path reports = Files.createDirectories(gateway.resolve("target/surefire-reports"));
        Path report = write(reports.resolve("TEST-io.energymon.gateway.LoginTest.xml"),
                "<testsuite><system-out><![CDATA[login with client secret " + SECRET + "\n]]></system-out></testsuite>\n");
        Path output = write(reports.resolve("io.energymon.gateway.LoginTest-output.txt"), "started\nall fine\n");
        Path keycloakLog = write(Files.createDirectories(gateway.resolve("target/shared-keycloak")).resolve("keycloak.log"),
                "Keycloak started\nAuthorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ\n");
        write(Files.createDirectories(gateway.resolve("target/kafka/data/readings.v1-0"))
                .resolve("00000000000000000000.log"), SECRET); // a Kafka segment: records, not a log
        write(gateway.resolve("target/classes/application.yml"), "password: " + SECRET + "\n"); // not an output
        Path registry = write(Files.createDirectories(gateway.resolve("target/" + SecretRegistry.DIR_NAME))
                .resolve("4711-abc" + SecretRegistry.FILE_SUFFIX), "Keycloak client secret of energymon-gateway\t"
                + SECRET + "\n");

        Path portal = module(root, "portal-service"); // ran in an earlier build only
        Path old = write(Files.createDirectories(portal.resolve("target/surefire-reports"))
                .resolve("TEST-io.energymon.portal.PortalTest.xml"), "<testsuite/>\n");
        Files.setLastModifiedTime(old, FileTime.from(buildStart.minusSeconds(3600)));

        Path self = module(root, "log-scan");
        write(Files.createDirectories(self.resolve("target/surefire-reports")).resolve("TEST-x.xml"), SECRET);
        module(root, "infra/keycloak");

        RunOutputs outputs = RunOutputs.collect(root, "log-scan", buildStart);

        assertThat(outputs.modules()).containsExactly("gateway", "infra/keycloak", "portal-service");
        assertThat(outputs.ran()).containsExactly("gateway");
        assertThat(outputs.files()).extracting(Output::file).containsExactly(keycloakLog, report, output);
        assertThat(outputs.registries()).containsExactly(registry);
        assertThat(outputs.bytes("gateway")).isEqualTo(Files.size(keycloakLog) + Files.size(output) + Files.size(report));

        List<SecretRegistry.Secret> secrets = SecretRegistry.read(outputs.registries());
        List<Finding> findings = SecretScan.logs(outputs.files().stream().map(Output::file).toList(), secrets);
        assertThat(findings).extracting(f -> Path.of(f.file()).getFileName().toString(), Finding::line, Finding::rule)
                .containsExactlyInAnyOrder(
                        tuple("keycloak.log", 2, "jwt"),
                        tuple("keycloak.log", 2, "bearer-token"),
                        tuple("TEST-io.energymon.gateway.LoginTest.xml", 1, "run-secret"));
        assertThat(findings).filteredOn(f -> f.rule().equals("run-secret")).extracting(Finding::detail)
                .containsExactly("Keycloak client secret of energymon-gateway [Zq\u2026(20 chars)]");
        assertThat(findings.toString()).doesNotContain(SECRET);

        // the same tree scanned whenever written: the earlier build's module counts as run
        assertThat(RunOutputs.collect(root, "log-scan", null).ran()).containsExactly("gateway", "portal-service");
    }

    private static Path module(Path root, String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve("target"));
        write(dir.resolveSibling("pom.xml"), "<project/>\n");
        return dir.getParent();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
