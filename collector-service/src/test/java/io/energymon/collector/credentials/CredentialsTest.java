package io.energymon.collector.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Secrets from properties or from files of a directory, never leaking into messages. */
class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void aPropertyComesBeforeAFileAndAFileLosesItsTrailingLineBreak() throws Exception {
        Files.writeString(dir.resolve("mes-db"), "from-file\n");
        Files.writeString(dir.resolve("erp.db"), "p@ss word\r\n");
        Files.writeString(dir.resolve("plain"), "no-newline");
        var credentials = new Credentials(new CredentialsProperties(Map.of("mes-db", "from-property"), dir));

        assertThat(credentials.secret("mes-db")).isEqualTo("from-property");
        assertThat(credentials.secret("erp.db")).isEqualTo("p@ss word");
        assertThat(credentials.secret("plain")).isEqualTo("no-newline");
    }

    @Test
    void aMissingSecretSaysWhereItWasLookedFor() {
        var credentials = new Credentials(new CredentialsProperties(Map.of("other", "s3cret"), dir));

        assertThatThrownBy(() -> credentials.secret("mes-db"))
                .isInstanceOf(Credentials.MissingCredentialException.class)
                .hasMessageContaining("未找到凭据 mes-db").hasMessageContaining("credential mes-db not found")
                .hasMessageContaining(dir.toString()).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new Credentials(new CredentialsProperties(null, null)).secret("x"))
                .hasMessageContaining("credentials-dir, which is not set");
    }

    @Test
    void aNameCannotLeaveTheDirectory() throws Exception {
        Path inside = Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(dir.resolve("outside"), "not yours");
        var credentials = new Credentials(new CredentialsProperties(Map.of(), inside));

        for (String ref : new String[] {"../outside", "..", ".hidden", "a/b", ""}) {
            assertThatThrownBy(() -> credentials.secret(ref)).as(ref)
                    .hasMessageContaining("is invalid").hasMessageNotContaining("not yours");
        }
    }

    @Test
    void thePropertiesNeverShowASecret() {
        var props = new CredentialsProperties(Map.of("mes-db", "s3cret"), dir);

        assertThat(props.toString()).contains("mes-db").doesNotContain("s3cret");
    }

    @Test
    void thePropertiesBindFromEnergymonCollectorWithDottedNamesInBrackets() {
        var source = new MapConfigurationPropertySource(Map.of(
                "energymon.collector.credentials.mes-db", "one",
                "energymon.collector.credentials[erp.db]", "two",
                "energymon.collector.credentials-dir", dir.toString()));

        CredentialsProperties props = new Binder(source).bind("energymon.collector", CredentialsProperties.class)
                .get();

        var credentials = new Credentials(props);
        assertThat(credentials.secret("mes-db")).isEqualTo("one");
        assertThat(credentials.secret("erp.db")).isEqualTo("two");
        assertThat(props.credentialsDir()).isEqualTo(dir);
    }
}
