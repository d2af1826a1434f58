package io.energymon.collector.cjt188;

import java.util.Map;

/**
 * A decoded read reply.
 *
 * @param values    every value of the reply, by field
 * @param meterTime the meter's real-time clock, 7 BCD bytes as sent (hex, wire order; not interpreted: readings
 *                  are stamped with the poll slot)
 * @param status    the 2 status bytes (ST), first byte in the low 8 bits
 */
public record Cjt188Readout(Map<Cjt188Field, Cjt188Quantity> values, String meterTime, int status) {
    public Cjt188Readout {
        values = Map.copyOf(values);
    }
}
