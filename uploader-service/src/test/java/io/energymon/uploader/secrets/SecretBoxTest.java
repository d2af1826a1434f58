package io.energymon.uploader.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    private static final String SECRET = "0123456789abcdeffedcba9876543210";
    private static final String ROW = SecretBox.registrationRowId("jiangxi", "tenant-a", "91360000000000001X");

    @TempDir
    Path dir;

    private SecretBox box(String keyFile) {
        return new SecretBox(SecretsKeyFile.load(dir.resolve(keyFile), true));
    }

    @Test
    void aStoredSecretIsNotThePlaintextDecryptsToItAndDiffersEachTime() {
        SecretBox box = box("a.key");
        String first = box.encrypt(SECRET, ROW);
        String second = box.encrypt(SECRET, ROW);
        assertThat(first).startsWith("v1:").doesNotContain(SECRET);
        // version prefix, then base64 of a 12-byte IV and the 32-byte secret with its 16-byte tag
        assertThat(Base64.getDecoder().decode(first.substring(3))).hasSize(12 + SECRET.length() + 16);
        assertThat(second).isNotEqualTo(first); // a fresh IV per value
        assertThat(box.decrypt(first, ROW)).isEqualTo(SECRET);
        assertThat(box.decrypt(second, ROW)).isEqualTo(SECRET);
        assertThat(box.encrypt(null, ROW)).isNull();
    }

    @Test
    void aTamperedValueAnotherRowsValueAndAnotherKeyAreRefusedWithoutShowingTheSecret() {
        SecretBox box = box("a.key");
        String stored = box.encrypt(SECRET, ROW);
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        raw[raw.length - 20] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.decrypt(tampered, ROW)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(ROW).hasMessageContaining("altered").hasMessageContaining(" / ")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> box.decrypt("v1:%%%", ROW)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("base64");
        String otherRow = SecretBox.registrationRowId("jiangxi", "tenant-b", "91360000000000001X");
        assertThatThrownBy(() -> box.decrypt(stored, otherRow)).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> box("b.key").decrypt(stored, ROW)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("another key").hasMessageNotContaining(SECRET);
    }

    @Test
    void aLegacyPlaintextValueIsReadAsItIs() {
        assertThat(box("a.key").decrypt(SECRET, ROW)).isEqualTo(SECRET);
        assertThat(SecretBox.isEncrypted(SECRET)).isFalse();
    }

    @Test
    void aMissingKeyFileIsABilingualStartUpErrorUnlessGenerationIsAllowed() throws Exception {
        Path missing = dir.resolve("none/uploader-secrets.key");
        assertThatThrownBy(() -> SecretsKeyFile.load(missing, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("密钥文件")
                .hasMessageContaining("energymon.uploader.secrets.key-file");
        assertThat(missing).doesNotExist();

        SecretKey generated = SecretsKeyFile.load(missing, true);
        assertThat(missing).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(missing).strip())).hasSize(32);
        assertThat(Files.getPosixFilePermissions(missing)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        // a second start reads the same key: what the first wrote still decrypts
        assertThat(SecretsKeyFile.load(missing, true).getEncoded()).isEqualTo(generated.getEncoded());
    }

    @Test
    void aKeyFileOfTheWrongLengthOrNotBase64IsRefused() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"),
                Base64.getEncoder().encodeToString(new byte[16]), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SecretsKeyFile.load(shortKey, false)).hasMessageContaining("32")
                .hasMessageContaining("16 bytes");
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key!");
        assertThatThrownBy(() -> SecretsKeyFile.load(garbage, true)).hasMessageContaining("base64");
    }
}
