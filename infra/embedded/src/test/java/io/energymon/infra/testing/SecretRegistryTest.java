package io.energymon.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.infra.testing.SecretRegistry.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A test JVM's registry file: what is written, how it is protected, and what the scan reads back. */
class SecretRegistryTest {

    @Test
    void registeredSecretsAreWrittenOnceEachToAnOwnerOnlyFileOfThisJvmAndReadBack() throws IOException {
        if (!SecretRegistry.active()) { // run outside Maven (an IDE): the surefire configuration sets the folder
            System.setProperty(SecretRegistry.DIR_PROPERTY,
                    Files.createTempDirectory("secret-registry-test").resolve(SecretRegistry.DIR_NAME).toString());
        }
        Path dir = Path.of(System.getProperty(SecretRegistry.DIR_PROPERTY));
        String value = "test-value-" + UUID.randomUUID();
        String signature = "c2lnbmF0dXJl-" + UUID.randomUUID();

        SecretRegistry.register("a planted\tsecret", value);
        SecretRegistry.register("the same again", value);
        SecretRegistry.registerTokenSignature("a token's signature", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." + signature);
        SecretRegistry.register("blank", "  ");

        List<Path> files = SecretRegistry.files(List.of(dir));
        List<Path> mine = files.stream()
                .filter(f -> f.getFileName().toString().startsWith(ProcessHandle.current().pid() + "-")).toList();
        assertThat(mine).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine.get(0)))).isEqualTo("rw-------");
        assertThat(SecretRegistry.read(mine)).contains(new Secret("a planted secret", value),
                new Secret("a token's signature", signature)).doesNotContain(new Secret("the same again", value))
                .noneMatch(s -> s.label().equals("blank"));
        assertThat(new Secret("label", value).toString()).isEqualTo("label");
    }
}
