package io.energymon.infra.platformsim;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 (GB/T 32907) in ECB mode with PKCS#7 padding, hex lowercase, as the simulated platform applies it to field
 * values. Written on BouncyCastle's low-level {@link SM4Engine} on purpose, independently of the uploader's JCE-based
 * cipher, so that a mistake on one side is not mirrored on the other.
 */
public final class SimSm4 {

    private static final Pattern LOWER_HEX_BLOCKS = Pattern.compile("([0-9a-f]{32})+");
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;

    /** @param hexKey 32 hex digits (16 bytes) */
    public SimSm4(String hexKey) {
        this.key = HEX.parseHex(hexKey);
        if (key.length != 16) {
            throw new IllegalArgumentException("SM4 key must be 16 bytes");
        }
    }

    /** Encrypts the UTF-8 bytes of {@code plain}; returns lowercase hex. */
    public String encrypt(String plain) {
        PaddedBufferedBlockCipher cipher = new PaddedBufferedBlockCipher(new SM4Engine(), new PKCS7Padding());
        cipher.init(true, new KeyParameter(key));
        byte[] in = plain.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[cipher.getOutputSize(in.length)];
        int n = cipher.processBytes(in, 0, in.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return HEX.formatHex(out, 0, n);
    }

    /**
     * Decrypts lowercase hex produced by SM4/ECB/PKCS7 into UTF-8 text.
     *
     * @throws DecryptionException when the text is not lowercase hex of whole blocks, the padding is wrong or the
     *                             plaintext is not valid UTF-8
     */
    public String decrypt(String hex) throws DecryptionException {
        if (hex == null || !LOWER_HEX_BLOCKS.matcher(hex).matches()) {
            throw new DecryptionException("not lowercase hex of whole 16-byte blocks");
        }
        byte[] in = HEX.parseHex(hex);
        PaddedBufferedBlockCipher cipher = new PaddedBufferedBlockCipher(new SM4Engine(), new PKCS7Padding());
        cipher.init(false, new KeyParameter(key));
        byte[] out = new byte[cipher.getOutputSize(in.length)];
        int n = cipher.processBytes(in, 0, in.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new DecryptionException("bad padding");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new DecryptionException("plaintext is not UTF-8");
        }
    }

    /** One raw SM4 block (no mode, no padding): used to check the engine against the GB/T 32907 vector. */
    public static byte[] encryptBlock(byte[] key16, byte[] block16) {
        BlockCipher engine = new SM4Engine();
        engine.init(true, new KeyParameter(key16));
        byte[] out = new byte[16];
        engine.processBlock(block16, 0, out, 0);
        return out;
    }

    /** The field could not be decrypted. */
    public static final class DecryptionException extends Exception {
        public DecryptionException(String message) {
            super(message);
        }
    }
}
