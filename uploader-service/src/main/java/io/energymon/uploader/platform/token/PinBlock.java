package io.energymon.uploader.platform.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The token dialect's password (PROTOCOL.md §2): a PIN block of 16 ASCII characters (2-digit PIN length, the PIN,
 * {@code F} up to 16), encrypted with SM4/CBC/NoPadding, key = the 16 ASCII characters of the platform's
 * {@code secretKey}, IV = the first 16 characters of the USCC; lowercase hex. The PIN never appears in messages.
 */
public final class PinBlock {

    private static final Provider BC = new BouncyCastleProvider();

    private PinBlock() {
    }

    /** The clear PIN block, e.g. {@code 061234 56FFFFFFFF} without the space for PIN "123456". */
    static String clear(char[] pin) {
        if (pin == null || pin.length < 4 || pin.length > 14) {
            throw new IllegalArgumentException("密码长度应为4至14位 / the PIN must have 4 to 14 characters");
        }
        StringBuilder block = new StringBuilder(16);
        block.append(String.format("%02d", pin.length)).append(pin);
        while (block.length() < 16) {
            block.append('F');
        }
        return block.toString();
    }

    /** The encrypted password to send. */
    public static String encrypt(char[] pin, String secretKey, String enterpriseCode) {
        byte[] key = ascii16(secretKey, "secretKey");
        byte[] iv = ascii16(enterpriseCode.substring(0, Math.min(16, enterpriseCode.length())), "enterpriseCode");
        byte[] plain = clear(pin).getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher cipher = Cipher.getInstance("SM4/CBC/NoPadding", BC);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "SM4"), new IvParameterSpec(iv));
            return HexFormat.of().formatHex(cipher.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM4 encryption of the PIN block failed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] ascii16(String text, String name) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != 16) {
            throw new IllegalArgumentException(name + " must be 16 ASCII characters");
        }
        return bytes;
    }
}
