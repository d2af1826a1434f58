package io.energymon.collector.modbus;

import static io.energymon.collector.modbus.RegisterOrder.ABCD;
import static io.energymon.collector.modbus.RegisterOrder.BADC;
import static io.energymon.collector.modbus.RegisterOrder.CDAB;
import static io.energymon.collector.modbus.RegisterOrder.DCBA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Decoding against vectors computed outside this code (IEEE 754 bit patterns from Python's {@code struct.pack('>f')}
 * / {@code ('>d')}, two's complement extremes by hand), every layout of one value, and the round trip
 * encode → decode for every type and layout.
 */
class RegisterTypeTest {

    private static BigDecimal decode(RegisterType t, RegisterOrder o, int... regs) {
        return t.decode(regs, 0, o);
    }

    @Test
    void decodesSixteenBitValues() {
        assertThat(decode(RegisterType.UINT16, ABCD, 0xFFFF)).isEqualByComparingTo("65535");
        assertThat(decode(RegisterType.INT16, ABCD, 0xFFFF)).isEqualByComparingTo("-1");
        assertThat(decode(RegisterType.INT16, ABCD, 0x8000)).isEqualByComparingTo("-32768");
        assertThat(decode(RegisterType.INT16, ABCD, 0x7FFF)).isEqualByComparingTo("32767");
        // byte order inside the register: 0x3412 on the wire with swapped bytes is 0x1234 = 4660
        assertThat(decode(RegisterType.UINT16, BADC, 0x3412)).isEqualByComparingTo("4660");
        assertThat(decode(RegisterType.INT16, DCBA, 0x0080)).isEqualByComparingTo("-32768");
    }

    @Test
    void decodesThirtyTwoBitIntegersInEveryLayout() {
        // 120642 = 0x0001_D742
        assertThat(decode(RegisterType.UINT32, ABCD, 0x0001, 0xD742)).isEqualByComparingTo("120642");
        assertThat(decode(RegisterType.UINT32, CDAB, 0xD742, 0x0001)).isEqualByComparingTo("120642");
        assertThat(decode(RegisterType.UINT32, BADC, 0x0100, 0x42D7)).isEqualByComparingTo("120642");
        assertThat(decode(RegisterType.UINT32, DCBA, 0x42D7, 0x0100)).isEqualByComparingTo("120642");
        assertThat(decode(RegisterType.UINT32, ABCD, 0xFFFF, 0xFFFF)).isEqualByComparingTo("4294967295");
        assertThat(decode(RegisterType.INT32, ABCD, 0xFFFF, 0xFFFE)).isEqualByComparingTo("-2");
        assertThat(decode(RegisterType.INT32, ABCD, 0x8000, 0x0000)).isEqualByComparingTo("-2147483648");
        assertThat(decode(RegisterType.INT32, CDAB, 0xFFFF, 0x7FFF)).isEqualByComparingTo("2147483647");
    }

    @Test
    void decodesSixtyFourBitIntegersAtTheirExtremes() {
        assertThat(decode(RegisterType.UINT64, ABCD, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF))
                .isEqualByComparingTo("18446744073709551615");
        assertThat(decode(RegisterType.UINT64, ABCD, 0x8000, 0, 0, 0)).isEqualByComparingTo("9223372036854775808");
        assertThat(decode(RegisterType.INT64, ABCD, 0x8000, 0, 0, 0)).isEqualByComparingTo("-9223372036854775808");
        assertThat(decode(RegisterType.INT64, ABCD, 0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF))
                .isEqualByComparingTo("9223372036854775807");
        assertThat(decode(RegisterType.INT64, ABCD, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF)).isEqualByComparingTo("-1");
        // 0x0102030405060708 = 72623859790382856 in the four layouts
        String v = "72623859790382856";
        assertThat(decode(RegisterType.UINT64, ABCD, 0x0102, 0x0304, 0x0506, 0x0708)).isEqualByComparingTo(v);
        assertThat(decode(RegisterType.UINT64, CDAB, 0x0708, 0x0506, 0x0304, 0x0102)).isEqualByComparingTo(v);
        assertThat(decode(RegisterType.UINT64, BADC, 0x0201, 0x0403, 0x0605, 0x0807)).isEqualByComparingTo(v);
        assertThat(decode(RegisterType.INT64, DCBA, 0x0807, 0x0605, 0x0403, 0x0201)).isEqualByComparingTo(v);
    }

    @Test
    void decodesFloatsToTheirShortestDecimalInEveryLayout() {
        // struct.pack('>f', 1206.42) = 44 96 cd 71
        assertThat(decode(RegisterType.FLOAT32, ABCD, 0x4496, 0xCD71)).isEqualTo(new BigDecimal("1206.42"));
        assertThat(decode(RegisterType.FLOAT32, CDAB, 0xCD71, 0x4496)).isEqualTo(new BigDecimal("1206.42"));
        assertThat(decode(RegisterType.FLOAT32, BADC, 0x9644, 0x71CD)).isEqualTo(new BigDecimal("1206.42"));
        assertThat(decode(RegisterType.FLOAT32, DCBA, 0x71CD, 0x9644)).isEqualTo(new BigDecimal("1206.42"));
        // struct.pack('>f', -0.15625) = be 20 00 00
        assertThat(decode(RegisterType.FLOAT32, ABCD, 0xBE20, 0x0000)).isEqualTo(new BigDecimal("-0.15625"));
        // struct.pack('>d', 123456.789) = 40 fe 24 0c 9f be 76 c9
        assertThat(decode(RegisterType.FLOAT64, ABCD, 0x40FE, 0x240C, 0x9FBE, 0x76C9))
                .isEqualTo(new BigDecimal("123456.789"));
        assertThat(decode(RegisterType.FLOAT64, CDAB, 0x76C9, 0x9FBE, 0x240C, 0x40FE))
                .isEqualTo(new BigDecimal("123456.789"));
        assertThat(decode(RegisterType.FLOAT64, BADC, 0xFE40, 0x0C24, 0xBE9F, 0xC976))
                .isEqualTo(new BigDecimal("123456.789"));
        assertThat(decode(RegisterType.FLOAT64, DCBA, 0xC976, 0xBE9F, 0x0C24, 0xFE40))
                .isEqualTo(new BigDecimal("123456.789"));
        // struct.pack('>d', 0.1) = 3f b9 99 99 99 99 99 9a: 0.1, not 0.1000000000000000055511151231257827
        assertThat(decode(RegisterType.FLOAT64, ABCD, 0x3FB9, 0x9999, 0x9999, 0x999A)).isEqualTo(new BigDecimal("0.1"));
        // struct.pack('>d', -2.5) = c0 04 00 00 00 00 00 00
        assertThat(decode(RegisterType.FLOAT64, ABCD, 0xC004, 0, 0, 0)).isEqualByComparingTo("-2.5");
    }

    @Test
    void decodesFromAnOffsetInsideALongerRead() {
        int[] block = {0x1111, 0x4496, 0xCD71, 0x2222};
        assertThat(RegisterType.FLOAT32.decode(block, 1, ABCD)).isEqualTo(new BigDecimal("1206.42"));
        assertThat(RegisterType.UINT16.decode(block, 3, ABCD)).isEqualByComparingTo("8738");
        assertThatThrownBy(() -> RegisterType.UINT32.decode(block, 3, ABCD)).hasMessageContaining("needs 2 registers");
    }

    @Test
    void rejectsNanAndInfinitiesWithTheReason() {
        assertThatThrownBy(() -> decode(RegisterType.FLOAT32, ABCD, 0x7FC0, 0x0000))
                .isInstanceOf(RegisterType.NonFiniteValueException.class).hasMessageContaining("NaN")
                .hasMessageContaining("0x7FC00000").hasMessageContaining("浮点值无效");
        assertThatThrownBy(() -> decode(RegisterType.FLOAT32, CDAB, 0x0000, 0xFF80))
                .hasMessageContaining("-Infinity");
        assertThatThrownBy(() -> decode(RegisterType.FLOAT64, ABCD, 0x7FF0, 0, 0, 0))
                .hasMessageContaining("+Infinity").hasMessageContaining("0x7FF0000000000000");
    }

    @Test
    void readsTypeAndLayoutFromTheAddressFields() {
        assertThat(RegisterType.of(null)).isEqualTo(RegisterType.UINT32);
        assertThat(RegisterType.of(" float64 ")).isEqualTo(RegisterType.FLOAT64);
        assertThatThrownBy(() -> RegisterType.of("DOUBLE")).hasMessageContaining("dataType")
                .hasMessageContaining("DOUBLE").hasMessageContaining("FLOAT64");
        assertThat(RegisterOrder.of(null, null)).isEqualTo(ABCD);
        assertThat(RegisterOrder.of("LITTLE", "big")).isEqualTo(CDAB);
        assertThat(RegisterOrder.of("BIG", "LITTLE")).isEqualTo(BADC);
        assertThat(RegisterOrder.of("little", "little")).isEqualTo(DCBA);
        assertThatThrownBy(() -> RegisterOrder.of("MIDDLE", null)).hasMessageContaining("wordOrder")
                .hasMessageContaining("MIDDLE");
        assertThatThrownBy(() -> RegisterOrder.of(null, "MIXED")).hasMessageContaining("byteOrder");
    }

    @Property
    void decodingWhatWasEncodedGivesTheValueBack(@ForAll("typedValues") TypedValue v, @ForAll RegisterOrder order) {
        int[] regs = v.type().encode(v.value(), order);
        assertThat(regs).hasSize(v.type().words());
        assertThat(java.util.Arrays.stream(regs)).allMatch(w -> w >= 0 && w <= 0xFFFF);
        assertThat(v.type().decode(regs, 0, order)).isEqualByComparingTo(v.value());
    }

    @Property
    void layoutsOfTheSameValueArePermutationsOfItsBytes(@ForAll("typedValues") TypedValue v) {
        int[] abcd = v.type().encode(v.value(), ABCD);
        int[] dcba = v.type().encode(v.value(), DCBA);
        int n = abcd.length;
        for (int i = 0; i < n; i++) {
            int w = abcd[n - 1 - i];
            assertThat(dcba[i]).isEqualTo(((w & 0xFF) << 8) | (w >>> 8));
        }
    }

    record TypedValue(RegisterType type, BigDecimal value) {
    }

    @Provide
    Arbitrary<TypedValue> typedValues() {
        return Arbitraries.oneOf(
                integers(RegisterType.UINT16, BigInteger.ZERO, BigInteger.valueOf(65535)),
                integers(RegisterType.INT16, BigInteger.valueOf(-32768), BigInteger.valueOf(32767)),
                integers(RegisterType.UINT32, BigInteger.ZERO, BigInteger.valueOf(4294967295L)),
                integers(RegisterType.INT32, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
                integers(RegisterType.UINT64, BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
                integers(RegisterType.INT64, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
                Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite)
                        .map(f -> new TypedValue(RegisterType.FLOAT32, new BigDecimal(Float.toString(f)))),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)
                        .map(d -> new TypedValue(RegisterType.FLOAT64, new BigDecimal(Double.toString(d)))));
    }

    private static Arbitrary<TypedValue> integers(RegisterType type, BigInteger min, BigInteger max) {
        return Arbitraries.bigIntegers().between(min, max).map(i -> new TypedValue(type, new BigDecimal(i)));
    }
}
