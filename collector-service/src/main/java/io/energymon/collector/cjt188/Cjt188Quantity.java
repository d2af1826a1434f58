package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/** A decoded value with its unit. */
public record Cjt188Quantity(BigDecimal value, Cjt188Unit unit) {

    /**
     * The value in unit {@code to} (exact within Wh or J multiples, 16 significant digits between them), or as sent
     * when there is no such unit.
     *
     * @param pointUnit the configured unit text, for the message
     * @throws Cjt188Exception {@code to} measures another dimension
     */
    public BigDecimal in(Optional<Cjt188Unit> to, String pointUnit) throws Cjt188Exception {
        if (to.isEmpty() || to.get() == unit) {
            return value;
        }
        Cjt188Unit target = to.get();
        if (target.dimension() != unit.dimension()) {
            throw new Cjt188Exception(Kind.VALUE, "单位不符：表计发送 " + unit.symbol() + "，点位单位为 " + pointUnit,
                    "unit mismatch: the meter sends " + unit.symbol() + " (" + unit.dimension()
                            + "), the point's unit is " + pointUnit + " (" + target.dimension() + ")");
        }
        return value.multiply(unit.factor()).divide(target.factor(), MathContext.DECIMAL64);
    }
}
