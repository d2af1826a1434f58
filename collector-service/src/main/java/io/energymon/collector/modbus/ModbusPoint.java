package io.energymon.collector.modbus;

import io.energymon.domain.config.PointConfig;
import java.math.BigDecimal;

/**
 * A point of a Modbus device whose address is usable: the registers it takes and how they are decoded.
 *
 * @param config   the point's configuration (scale, offset)
 * @param source   the data source code its readings carry
 * @param table    holding or input registers
 * @param register first register, 0-based protocol address
 * @param type     data type, which gives the number of registers
 * @param order    word and byte order
 */
public record ModbusPoint(PointConfig config, int source, RegisterTable table, int register, RegisterType type,
                          RegisterOrder order) {

    /** One past the last register of the point. */
    public int end() {
        return register + type.words();
    }

    /**
     * The point's value from a block of registers read from {@code blockStart}: raw × scale + offset, exact.
     *
     * @throws RegisterType.NonFiniteValueException a float holding NaN or an infinity
     */
    public BigDecimal value(int[] block, int blockStart) {
        BigDecimal v = type.decode(block, register - blockStart, order).multiply(config.scale()).add(config.offset())
                .stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
