package io.energymon.uploader.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secrets stored in the database: AES-256-GCM, a random 96-bit IV per value, the row's identity as
 * associated data (a value copied to another row does not decrypt). Stored form: {@code v1:} followed by the base64
 * of IV and ciphertext with its 128-bit tag. A value without the prefix is a plaintext row written before encryption
 * ({@link #isEncrypted}); it is read as is and re-encrypted at start-up ({@link LegacySecretsMigration}).
 */
public final class SecretBox {
    static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(SecretKey key) {
        this.key = key;
    }

    /** The stored form of {@code plaintext} for the row {@code rowId}; null stays null. */
    public String encrypt(String plaintext, String rowId) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM unavailable: " + ex.getMessage(), ex);
        }
    }

    /**
     * The secret of a stored value of the row {@code rowId}: decrypted, or as is when it is a legacy plaintext value.
     *
     * @throws SecretUnreadableException when it was encrypted with another key or altered
     */
    public String decrypt(String stored, String rowId) {
        if (stored == null || !isEncrypted(stored)) {
            return stored;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException ex) {
            throw unreadable(rowId, "the stored value is not valid base64 (altered)", ex);
        }
        if (raw.length < IV_BYTES + TAG_BITS / 8) {
            throw unreadable(rowId, "the stored value is too short (altered)", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException ex) {
            throw unreadable(rowId, "the key file holds another key than the one it was written with, or the stored "
                    + "value was altered", ex);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM unavailable: " + ex.getMessage(), ex);
        }
    }

    /** Whether a stored value is in the encrypted form (else it is a legacy plaintext value). */
    public static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** The associated data binding a platform registration's secret to its row. */
    public static String registrationRowId(String platformId, String tenantId, String enterpriseCode) {
        return "platform_registration/" + platformId + "/" + tenantId + "/" + enterpriseCode;
    }

    private static SecretUnreadableException unreadable(String rowId, String why, Throwable cause) {
        return new SecretUnreadableException("存储的密钥无法解密（" + rowId + "）：密钥文件与写入时不同或数据被篡改 / "
                + "the stored secret of " + rowId + " cannot be decrypted: " + why, cause);
    }
}
