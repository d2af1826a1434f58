package io.energymon.uploader.credentials;

import io.energymon.uploader.config.UploaderProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * The enterprises' client certificates (DB36 §9.10), kept out of Kafka: a folder laid out like a mounted Kubernetes
 * secret, {@code <credentials-dir>/<tenantId>/<USCC>.p12} (PKCS#12 with the key and its chain) and
 * {@code <credentials-dir>/<tenantId>/<USCC>.p12.pass} (its password in the first line, trimmed). The tenant is part
 * of the path, so an enterprise is never sent under another tenant's certificate even when two tenants name the same
 * USCC. Files are read on every use, so a replaced certificate is picked up without a restart.
 */
@Component
public class EnterpriseCredentials {
    private final Path dir;

    public EnterpriseCredentials(UploaderProperties props) {
        this.dir = props.credentialsDir().toAbsolutePath().normalize();
    }

    /**
     * A loaded certificate. {@link #clear()} wipes the password once it was used.
     *
     * @param fingerprint SHA-256 over the key store and the password file: changes when either is replaced
     */
    public record Credentials(Path keystore, char[] password, String fingerprint) {
        public void clear() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "Credentials[" + keystore + "]";
        }
    }

    /** The folder of all certificates. */
    public Path directory() {
        return dir;
    }

    /** Where the key store of an enterprise is expected. */
    public Path keystorePath(String tenantId, String enterpriseCode) {
        return tenantDir(tenantId).resolve(enterpriseCode + ".p12");
    }

    /** Where the password of an enterprise's key store is expected. */
    public Path passwordPath(String tenantId, String enterpriseCode) {
        return tenantDir(tenantId).resolve(enterpriseCode + ".p12.pass");
    }

    /**
     * Reads and checks the enterprise's certificate.
     *
     * @throws CredentialsException when it cannot be used (the message names the file)
     */
    public Credentials load(String tenantId, String enterpriseCode) {
        Path keystore = keystorePath(tenantId, enterpriseCode);
        Path passFile = passwordPath(tenantId, enterpriseCode);
        byte[] store = read(keystore, enterpriseCode, "客户端证书", "client certificate");
        byte[] pass = read(passFile, enterpriseCode, "客户端证书密码文件", "client certificate password file");
        char[] password = firstLine(pass);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(store), password);
            boolean hasKey = false;
            for (String alias : Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new CredentialsException("用能单位 " + enterpriseCode + " 的客户端证书 " + keystore
                        + " 不含私钥 / client certificate " + keystore + " of enterprise " + enterpriseCode
                        + " holds no private key");
            }
        } catch (IOException | GeneralSecurityException e) {
            Arrays.fill(password, '\0');
            throw new CredentialsException("用能单位 " + enterpriseCode + " 的客户端证书 " + keystore
                    + " 无法打开（密码错误或文件损坏）/ client certificate " + keystore + " of enterprise "
                    + enterpriseCode + " cannot be opened (wrong password in " + passFile.getFileName()
                    + " or damaged file)", e);
        }
        return new Credentials(keystore, password, fingerprint(store, pass));
    }

    private Path tenantDir(String tenantId) {
        Path p = dir.resolve(tenantId).normalize();
        if (tenantId.isBlank() || !dir.equals(p.getParent()) || !p.getFileName().toString().equals(tenantId)) {
            throw new CredentialsException("租户标识 “" + tenantId + "” 不能用作证书目录名 / tenant id '" + tenantId
                    + "' cannot name a folder of " + dir);
        }
        return p;
    }

    private static byte[] read(Path file, String enterpriseCode, String whatZh, String whatEn) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CredentialsException("用能单位 " + enterpriseCode + " 的" + whatZh + "缺失：应位于 " + file + " / "
                    + whatEn + " of enterprise " + enterpriseCode + " missing: expected at " + file);
        } catch (IOException | RuntimeException e) {
            throw new CredentialsException("用能单位 " + enterpriseCode + " 的" + whatZh + " " + file + " 无法读取 / "
                    + whatEn + " " + file + " of enterprise " + enterpriseCode + " unreadable: " + e, e);
        }
    }

    private static char[] firstLine(byte[] pass) {
        String text = new String(pass, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).strip();
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1).strip();
        }
        return line.toCharArray();
    }

    private static String fingerprint(byte[] store, byte[] pass) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(store);
            md.update((byte) 0);
            md.update(pass);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
