package io.energymon.uploader.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads (or, when allowed, creates) the key file: the base64 of 32 bytes on its first line. */
public final class SecretsKeyFile {
    private static final Logger log = LoggerFactory.getLogger(SecretsKeyFile.class);
    static final int KEY_BYTES = 32;

    private SecretsKeyFile() {
    }

    /** The AES-256 key of the file; creates the file first when it is missing and {@code generate} is set. */
    public static SecretKey load(Path file, boolean generate) {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            if (!generate) {
                throw new IllegalStateException("密钥文件 " + absolute + " 不存在：请挂载 energymon.uploader.secrets.key-file"
                        + "（32 字节随机数的 base64）/ secrets key file " + absolute + " does not exist: mount the file "
                        + "named by energymon.uploader.secrets.key-file (base64 of 32 random bytes), e.g. "
                        + "`head -c 32 /dev/urandom | base64 > uploader-secrets.key`");
            }
            generate(absolute);
        }
        byte[] key;
        try {
            String text = Files.readString(absolute, StandardCharsets.US_ASCII).strip();
            key = Base64.getDecoder().decode(text.lines().findFirst().orElse("").strip());
        } catch (IOException | IllegalArgumentException ex) {
            throw new IllegalStateException("密钥文件 " + absolute + " 无法读取或不是 base64 / secrets key file "
                    + absolute + " cannot be read or is not base64: " + ex.getClass().getSimpleName(), ex);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("密钥文件 " + absolute + " 应含 32 字节密钥，实为 " + key.length + " 字节 / secrets "
                    + "key file " + absolute + " must hold a 32-byte key (base64), it holds " + key.length + " bytes");
        }
        SecretKey secretKey = new SecretKeySpec(key, "AES");
        Arrays.fill(key, (byte) 0);
        return secretKey;
    }

    private static void generate(Path file) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException ex) {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException ex) {
            return; // another process created it meanwhile: use theirs
        } catch (IOException ex) {
            throw new IllegalStateException("无法创建密钥文件 " + file + " / cannot create secrets key file " + file
                    + ": " + ex.getMessage(), ex);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        log.warn("generated a new secrets key in {} (energymon.uploader.secrets.generate-key=true): for development "
                + "only; production must mount a key file shared by all replicas", file);
    }
}
