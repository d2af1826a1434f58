package io.energymon.uploader.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Field encryption of the national dialect (PROTOCOL.md §1): SM4/ECB/PKCS#7 over the UTF-8 bytes of a value, output
 * lowercase hex, key = the hex-decoded {@code secretKey} of the registration. Uses the JCE with a private
 * BouncyCastle provider instance (the provider is not installed JVM-wide). Thread-safe; the key never appears in
 * {@link #toString()}.
 */
public final class Sm4FieldCipher {

    private static final Provider BC = new BouncyCastleProvider();
    private static final String TRANSFORMATION = "SM4/ECB/PKCS7Padding";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    /**
     * @param hexKey 32 hex digits
     * @throws IllegalArgumentException when the key is not 16 bytes of hex (the message never contains the key)
     */
    public Sm4FieldCipher(String hexKey) {
        byte[] raw;
        try {
            raw = HEX.parseHex(hexKey);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("SM4 key must be 32 hex digits");
        }
        if (raw.length != 16) {
            throw new IllegalArgumentException("SM4 key must be 32 hex digits");
        }
        this.key = new SecretKeySpec(raw, "SM4");
    }

    /** Encrypts the UTF-8 bytes of {@code plain}; lowercase hex. */
    public String encrypt(String plain) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, BC);
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return HEX.formatHex(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM4 encryption failed", e);
        }
    }

    /**
     * Decrypts hex (either case) into UTF-8 text.
     *
     * @throws IllegalArgumentException when the text is not hex of whole blocks or the padding is wrong
     */
    public String decrypt(String hex) {
        byte[] in;
        try {
            in = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex", e);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, BC);
            cipher.init(Cipher.DECRYPT_MODE, key);
            return new String(cipher.doFinal(in), StandardCharsets.UTF_8);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new IllegalArgumentException("SM4 decryption failed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM4 decryption failed", e);
        }
    }

    /** One raw SM4 block through the JCE ({@code SM4/ECB/NoPadding}): for checks against published vectors. */
    public static byte[] encryptBlock(byte[] key16, byte[] block16) {
        try {
            Cipher cipher = Cipher.getInstance("SM4/ECB/NoPadding", BC);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key16, "SM4"));
            return cipher.doFinal(block16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Sm4FieldCipher[SM4/ECB/PKCS7Padding, key=***]";
    }
}
