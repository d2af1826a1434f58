package io.energymon.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.infra.testing.SecretScan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * No password, key or token in clear in the configuration committed to the repository (issue #11): Spring
 * properties and YAML, the Helm chart's values and templates, the Keycloak realm. Rules and allow-list:
 * {@link SecretScan#configFile(String, String)}.
 */
class CommittedFilesSecretScanTest {

    @Test
    void theCommittedConfigurationHoldsNoSecretInClear() {
        Path root = Path.of(System.getProperty("energymon.root", "..")).toAbsolutePath().normalize();

        // the scan sees the files that matter (else an empty result would prove nothing)
        assertThat(SecretScan.committedConfigFiles(root)).extracting(p -> root.relativize(p).toString().replace('\\', '/'))
                .contains("helm/energymon/values.yaml", "helm/energymon/templates/services.yaml",
                        "infra/keycloak/src/main/resources/keycloak/energymon-realm.json",
                        "gateway/src/main/resources/application.yml",
                        "uploader-service/src/main/resources/application.yml")
                .noneMatch(p -> p.contains("/target/"));

        assertThat(SecretScan.committedFiles(root)).as("secrets in clear in committed files").isEmpty();
    }
}
