package io.energymon.collector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegisterTypeTest {

    @Test
    void decodesThirtyTwoBitValuesInBothWordOrders() {
        // 120642 = 0x0001_D742
        assertThat(RegisterType.UINT32.decode(new int[] {0x0001, 0xD742}, true)).isEqualByComparingTo("120642");
        assertThat(RegisterType.UINT32.decode(new int[] {0xD742, 0x0001}, false)).isEqualByComparingTo("120642");
        assertThat(RegisterType.UINT32.decode(new int[] {0xFFFF, 0xFFFF}, true)).isEqualByComparingTo("4294967295");
        assertThat(RegisterType.INT32.decode(new int[] {0xFFFF, 0xFFFE}, true)).isEqualByComparingTo("-2");
        // 1206.42f = 0x4496CD71
        assertThat(RegisterType.FLOAT32.decode(new int[] {0x4496, 0xCD71}, true)).isEqualByComparingTo("1206.42");
    }

    @Test
    void decodesSixteenBitValues() {
        assertThat(RegisterType.UINT16.decode(new int[] {0xFFFF}, true)).isEqualByComparingTo("65535");
        assertThat(RegisterType.INT16.decode(new int[] {0xFFFF}, true)).isEqualByComparingTo("-1");
    }

    @Test
    void rejectsWrongRegisterCountsAndNonFiniteFloats() {
        assertThatThrownBy(() -> RegisterType.UINT32.decode(new int[] {1}, true)).hasMessageContaining("needs 2 registers");
        assertThatThrownBy(() -> RegisterType.FLOAT32.decode(new int[] {0x7FC0, 0x0000}, true)).hasMessageContaining("NaN");
    }
}
