package io.energymon.collector.opcua;

import java.math.BigDecimal;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** Decoding of OPC UA values and node ids for the collector. */
final class OpcUaValues {
    private OpcUaValues() {
    }

    /** A decoded value, or why the variant is not a number. */
    record Decoded(BigDecimal value, String problem) {
    }

    /**
     * The exact decimal value of a numeric scalar variant: every integer width (signed and unsigned), Float and Double
     * (by their shortest decimal representation, so 3.14f is 3.14, not 3.1400001049041748), Boolean as 0 or 1.
     * Anything else (null, text, arrays, NaN, infinities, structures) is a problem.
     */
    static Decoded decode(Variant v) {
        Object o = v == null ? null : v.getValue();
        BigDecimal d = switch (o) {
            case null -> null;
            case Byte b -> BigDecimal.valueOf(b);
            case Short s -> BigDecimal.valueOf(s);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case UByte u -> BigDecimal.valueOf(u.longValue());
            case UShort u -> BigDecimal.valueOf(u.longValue());
            case UInteger u -> BigDecimal.valueOf(u.longValue());
            case ULong u -> new BigDecimal(u.toBigInteger());
            case Float f when Float.isFinite(f) -> new BigDecimal(Float.toString(f));
            case Double x when Double.isFinite(x) -> new BigDecimal(Double.toString(x));
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            default -> null;
        };
        if (d != null) {
            return new Decoded(d, null);
        }
        String what = o == null ? "no value (null)"
                : o.getClass().isArray() ? "an array"
                : o instanceof Float || o instanceof Double ? "not a finite number: " + o
                : "a " + o.getClass().getSimpleName() + ", not a number: " + abbreviate(String.valueOf(o));
        return new Decoded(null, "值不是数值 / value is " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** The node id of an address ({@code ns=2;s=...}, {@code i=...}, {@code g=...}, {@code b=...}), or null. */
    static NodeId parseNodeId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return NodeId.parseSafe(text.strip()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
