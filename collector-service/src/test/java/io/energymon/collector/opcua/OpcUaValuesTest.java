package io.energymon.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

/** Numeric variants decode to their exact decimal value; anything else is a reason, never an exception. */
class OpcUaValuesTest {

    private static String value(Variant v) {
        OpcUaValues.Decoded d = OpcUaValues.decode(v);
        assertThat(d.problem()).isNull();
        return d.value().toPlainString();
    }

    private static String problem(Variant v) {
        OpcUaValues.Decoded d = OpcUaValues.decode(v);
        assertThat(d.value()).isNull();
        return d.problem();
    }

    @Test
    void decodesEveryIntegerWidthSignedAndUnsigned() {
        assertThat(value(Variant.ofSByte((byte) -128))).isEqualTo("-128");
        assertThat(value(Variant.ofByte(ubyte(255)))).isEqualTo("255");
        assertThat(value(Variant.ofInt16((short) -32768))).isEqualTo("-32768");
        assertThat(value(Variant.ofUInt16(ushort(65535)))).isEqualTo("65535");
        assertThat(value(Variant.ofInt32(-2147483648))).isEqualTo("-2147483648");
        assertThat(value(Variant.ofUInt32(uint(4294967295L)))).isEqualTo("4294967295");
        assertThat(value(Variant.ofInt64(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(value(Variant.ofUInt64(ulong(new java.math.BigInteger("18446744073709551615")))))
                .isEqualTo("18446744073709551615");
    }

    @Test
    void decodesFloatsByTheirShortestDecimalAndBooleansAsZeroOrOne() {
        assertThat(value(Variant.ofFloat(3.14f))).isEqualTo("3.14");
        assertThat(value(Variant.ofFloat(1.2f))).isEqualTo("1.2");
        assertThat(value(Variant.ofDouble(0.1))).isEqualTo("0.1");
        assertThat(value(Variant.ofDouble(-1206.42))).isEqualTo("-1206.42");
        assertThat(value(Variant.ofDouble(1.0E10))).isEqualTo("10000000000");
        assertThat(value(Variant.ofBoolean(true))).isEqualTo("1");
        assertThat(value(Variant.ofBoolean(false))).isEqualTo("0");
    }

    @Test
    void reportsWhatIsNoNumber() {
        assertThat(problem(Variant.NULL_VALUE)).isEqualTo("值不是数值 / value is no value (null)");
        assertThat(problem(Variant.ofString("AUTO"))).isEqualTo("值不是数值 / value is a String, not a number: AUTO");
        assertThat(problem(Variant.ofDouble(Double.NaN))).isEqualTo("值不是数值 / value is not a finite number: NaN");
        assertThat(problem(Variant.ofFloat(Float.POSITIVE_INFINITY))).contains("not a finite number: Infinity");
        assertThat(problem(new Variant(new double[] {1.0, 2.0}))).isEqualTo("值不是数值 / value is an array");
        assertThat(problem(Variant.ofGuid(UUID.fromString("72962b91-fa75-4ae6-8d28-b404dc7daf63"))))
                .contains("a UUID, not a number");
    }

    @Test
    void parsesTheFourNodeIdFormsAndRejectsTheRest() {
        assertThat(OpcUaValues.parseNodeId("ns=2;s=Boiler1.SteamFlow")).isEqualTo(new NodeId(2, "Boiler1.SteamFlow"));
        assertThat(OpcUaValues.parseNodeId(" i=2258 ")).isEqualTo(new NodeId(0, 2258));
        assertThat(OpcUaValues.parseNodeId("ns=3;g=72962b91-fa75-4ae6-8d28-b404dc7daf63"))
                .isEqualTo(new NodeId(3, UUID.fromString("72962b91-fa75-4ae6-8d28-b404dc7daf63")));
        assertThat(OpcUaValues.parseNodeId("ns=1;b=AQID")).isEqualTo(new NodeId(1,
                org.eclipse.milo.opcua.stack.core.types.builtin.ByteString.of(new byte[] {1, 2, 3})));
        assertThat(OpcUaValues.parseNodeId("Boiler1.SteamFlow")).isNull();
        assertThat(OpcUaValues.parseNodeId("ns=2;x=1")).isNull();
        assertThat(OpcUaValues.parseNodeId("")).isNull();
        assertThat(OpcUaValues.parseNodeId(null)).isNull();
    }
}
