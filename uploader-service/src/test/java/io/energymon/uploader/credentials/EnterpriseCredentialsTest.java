package io.energymon.uploader.credentials;

import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.pki.DevPki;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.testing.UploaderTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout of the certificate folder, and the failures that name the file expected. */
class EnterpriseCredentialsTest {
    private static final String A = uscc(301);
    private static final String B = uscc(302);

    @TempDir
    Path dir;

    private DevPki pki;
    private EnterpriseCredentials credentials;

    @BeforeEach
    void setUp() {
        pki = DevPki.create(dir.resolve("pki"), List.of(A, B));
        credentials = new EnterpriseCredentials(new UploaderProperties(Duration.ofMinutes(15), 200, Duration.ofHours(2),
                Duration.ofSeconds(30), "config.v1", "item-values.v1", dir.resolve("credentials"), Duration.ofMinutes(1),
                List.of(), Duration.ofMinutes(5), 8, "alarms.v1",
                Duration.ofMinutes(15)));
    }

    @Test
    void loadsTheTenantsCertificateWithTheFirstLineOfThePasswordFileTrimmed() throws Exception {
        UploaderTestSupport.writeCredentials(pki, dir.resolve("credentials"), "tenant-a", A);
        Path pass = dir.resolve("credentials/tenant-a/" + A + ".p12.pass");
        Files.writeString(pass, "  " + DevPki.DEV_PASSWORD + "\t\nsecond line is ignored\n");

        EnterpriseCredentials.Credentials c = credentials.load("tenant-a", A);

        assertThat(c.keystore()).isEqualTo(dir.resolve("credentials/tenant-a/" + A + ".p12").toAbsolutePath());
        assertThat(new String(c.password())).isEqualTo(DevPki.DEV_PASSWORD);
        assertThat(c.toString()).doesNotContain(DevPki.DEV_PASSWORD);
        String fingerprint = c.fingerprint();
        assertThat(credentials.load("tenant-a", A).fingerprint()).isEqualTo(fingerprint);
        Files.copy(pki.clientKeystore(B), c.keystore(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(credentials.load("tenant-a", A).fingerprint()).isNotEqualTo(fingerprint);
    }

    @Test
    void aMissingCertificateOrPasswordFileIsNamedInBothLanguages() throws Exception {
        Path expected = dir.resolve("credentials/tenant-b/" + A + ".p12").toAbsolutePath();
        assertThatThrownBy(() -> credentials.load("tenant-b", A)).isInstanceOf(CredentialsException.class)
                .hasMessageContaining("客户端证书缺失").hasMessageContaining("client certificate of enterprise " + A
                        + " missing").hasMessageContaining(expected.toString());

        Files.createDirectories(expected.getParent());
        Files.copy(pki.clientKeystore(A), expected);
        assertThatThrownBy(() -> credentials.load("tenant-b", A)).isInstanceOf(CredentialsException.class)
                .hasMessageContaining("密码文件缺失").hasMessageContaining(expected + ".pass");
    }

    @Test
    void aWrongPasswordIsReportedWithoutShowingIt() throws Exception {
        UploaderTestSupport.writeCredentials(pki, dir.resolve("credentials"), "tenant-a", A);
        Files.writeString(dir.resolve("credentials/tenant-a/" + A + ".p12.pass"), "not-the-password\n");
        assertThatThrownBy(() -> credentials.load("tenant-a", A)).isInstanceOf(CredentialsException.class)
                .hasMessageContaining("无法打开").hasMessageContaining("wrong password")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aTenantIdCannotLeaveTheFolder() {
        assertThatThrownBy(() -> credentials.load("..", A)).isInstanceOf(CredentialsException.class)
                .hasMessageContaining("tenant id");
        assertThatThrownBy(() -> credentials.load("a/../../etc", A)).isInstanceOf(CredentialsException.class);
        assertThatThrownBy(() -> credentials.load("x/y", A)).isInstanceOf(CredentialsException.class);
    }
}
