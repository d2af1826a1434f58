package io.energymon.collector.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords come from the property values first, then from one file per reference; a bad reference is refused. */
class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void findsAPasswordInThePropertiesOrInItsFile() throws Exception {
        Files.writeString(dir.resolve("dcs-reader"), "from-file\n");
        Files.writeString(dir.resolve("both"), "file-loses");
        Credentials c = new Credentials(new CredentialProperties(dir, Map.of("both", "property-wins", "plain", "p")));

        assertThat(c.password("dcs-reader")).isEqualTo("from-file");
        assertThat(c.password("both")).isEqualTo("property-wins");
        assertThat(c.password("plain")).isEqualTo("p");
    }

    @Test
    void saysWhereItLookedForAMissingSecretAndRefusesPathsAsReferences() throws Exception {
        Files.writeString(dir.resolve("secret"), "x");
        Credentials c = new Credentials(new CredentialProperties(dir.resolve("sub"), Map.of()));

        assertThatThrownBy(() -> c.password("nope")).hasMessage("凭据未找到 / credential 'nope' not found: set "
                + "energymon.collector.credentials.values.nope or put a file " + dir.resolve("sub").resolve("nope"));
        assertThatThrownBy(() -> c.password("../secret")).hasMessageContaining("is not a plain name");
        assertThatThrownBy(() -> c.password(".hidden")).hasMessageContaining("is not a plain name");
        assertThatThrownBy(() -> c.password(null)).hasMessage("凭据引用无效 / credential reference missing");
        assertThatThrownBy(() -> new Credentials(CredentialProperties.NONE).password("x"))
                .hasMessageEndingWith("or energymon.collector.credentials.dir");
    }
}
