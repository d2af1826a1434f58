package io.energymon.collector.modbus;

import java.util.List;

/**
 * One read request of a poll (function 03 or 04): {@code count} registers from {@code start}, covering every register
 * of each of its points.
 *
 * @param points the points it reads, by register
 */
public record ReadRequest(RegisterTable table, int start, int count, List<ModbusPoint> points) {
    public ReadRequest {
        points = List.copyOf(points);
    }

    @Override
    public String toString() {
        return String.format("%s %d..%d (function %02d, %d register(s))", table, start, start + count - 1,
                table.functionCode(), count);
    }
}
