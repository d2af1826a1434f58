package io.energymon.infra.platformsim;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The token platform's reading of a login password (PROTOCOL.md §2): SM4-CBC without padding over one 16-byte PIN
 * block (2-digit length + PIN + 'F' padding), key = the 16 ASCII characters of the secretKey, IV = the first 16
 * characters of the USCC. Written on BouncyCastle's low-level engine, independently of the uploader's code.
 */
final class SimPinBlock {

    private SimPinBlock() {
    }

    /** The PIN inside an encrypted block, or null when the block is malformed. */
    static String pin(String hex, String secretKey, String enterpriseCode) {
        byte[] in;
        try {
            in = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (in.length != 16 || secretKey.length() != 16 || enterpriseCode.length() < 16) {
            return null;
        }
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new SM4Engine());
        cbc.init(false, new ParametersWithIV(new KeyParameter(secretKey.getBytes(StandardCharsets.US_ASCII)),
                enterpriseCode.substring(0, 16).getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[16];
        cbc.processBlock(in, 0, out, 0);
        String block = new String(out, StandardCharsets.ISO_8859_1);
        if (!block.substring(0, 2).chars().allMatch(Character::isDigit)) {
            return null;
        }
        int length = Integer.parseInt(block.substring(0, 2));
        if (length < 1 || length > 14 || !block.substring(2 + length).chars().allMatch(c -> c == 'F')) {
            return null;
        }
        return block.substring(2, 2 + length);
    }
}
