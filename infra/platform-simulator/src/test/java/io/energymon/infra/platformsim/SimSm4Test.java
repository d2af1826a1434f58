package io.energymon.infra.platformsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class SimSm4Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void engineMatchesTheGbt32907Vector() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        byte[] out = SimSm4.encryptBlock(key, key);
        assertThat(HEX.formatHex(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void emptyPlaintextIsOneFullPkcs7PaddingBlock() {
        String key = "0123456789abcdeffedcba9876543210";
        byte[] padBlock = new byte[16];
        java.util.Arrays.fill(padBlock, (byte) 0x10);
        String expectedPad = HEX.formatHex(SimSm4.encryptBlock(HEX.parseHex(key), padBlock));
        // an empty plaintext is exactly one padding block
        assertThat(new SimSm4(key).encrypt("")).isEqualTo(expectedPad);
    }

    @Test
    void agreesWithTheJceProviderAndRoundTrips() throws Exception {
        String key = "00112233445566778899aabbccddeeff";
        String text = "2025-03-01 00:15:00 电力 3300";
        Cipher jce = Cipher.getInstance("SM4/ECB/PKCS7Padding", new BouncyCastleProvider());
        jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HEX.parseHex(key), "SM4"));
        String expected = HEX.formatHex(jce.doFinal(text.getBytes(StandardCharsets.UTF_8)));

        SimSm4 sm4 = new SimSm4(key);
        assertThat(sm4.encrypt(text)).isEqualTo(expected).matches("[0-9a-f]+");
        assertThat(sm4.decrypt(expected)).isEqualTo(text);
    }

    @Test
    void rejectsWrongKeyUppercaseAndTruncatedText() throws Exception {
        String cipherText = new SimSm4("00112233445566778899aabbccddeeff").encrypt("0000000002330011");
        SimSm4 other = new SimSm4("ffeeddccbbaa99887766554433221100");
        assertThatThrownBy(() -> other.decrypt(cipherText)).isInstanceOf(SimSm4.DecryptionException.class);
        SimSm4 right = new SimSm4("00112233445566778899aabbccddeeff");
        assertThatThrownBy(() -> right.decrypt(cipherText.toUpperCase()))
                .isInstanceOf(SimSm4.DecryptionException.class);
        assertThatThrownBy(() -> right.decrypt(cipherText.substring(2)))
                .isInstanceOf(SimSm4.DecryptionException.class);
        assertThat(right.decrypt(cipherText)).isEqualTo("0000000002330011");
    }
}
