package io.energymon.uploader.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.platformsim.SimSm4;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sm4FieldCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String VECTOR_KEY = "0123456789abcdeffedcba9876543210";

    @Test
    void jceSm4MatchesTheGbt32907Vector() {
        byte[] key = HEX.parseHex(VECTOR_KEY);
        assertThat(HEX.formatHex(Sm4FieldCipher.encryptBlock(key, key)))
                .isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void emptyValueIsOnePkcs7PaddingBlock() {
        byte[] pad = new byte[16];
        Arrays.fill(pad, (byte) 0x10);
        String expected = HEX.formatHex(Sm4FieldCipher.encryptBlock(HEX.parseHex(VECTOR_KEY), pad));
        assertThat(new Sm4FieldCipher(VECTOR_KEY).encrypt("")).isEqualTo(expected);
    }

    @Test
    void interoperatesWithTheSimulatorsIndependentImplementation() throws Exception {
        String key = "8f3a1c9b2d4e6f708192a3b4c5d6e7f8";
        Sm4FieldCipher cipher = new Sm4FieldCipher(key);
        SimSm4 other = new SimSm4(key);
        for (String value : new String[] {"0000000002330011", "1206.42", "2025-03-01 00:15:00", "true", "电力"}) {
            String encrypted = cipher.encrypt(value);
            assertThat(encrypted).matches("([0-9a-f]{32})+");
            assertThat(other.decrypt(encrypted)).isEqualTo(value);
            assertThat(cipher.decrypt(other.encrypt(value))).isEqualTo(value);
        }
    }

    @Test
    void refusesBadKeysWithoutShowingThem() {
        assertThatThrownBy(() -> new Sm4FieldCipher("0123"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("0123");
        assertThatThrownBy(() -> new Sm4FieldCipher("zz23456789abcdeffedcba9876543210"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("zz23");
        assertThat(new Sm4FieldCipher(VECTOR_KEY).toString()).doesNotContain(VECTOR_KEY);
    }
}
