package io.energymon.collector.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the points of a device into as few read requests as the device allows. Per register table (a device has one
 * unit id, so per function and unit id), the points are taken in register order and a point joins the current request
 * when the request then spans at most {@code maxSpan} registers and at most {@code maxGap} unused registers lie between
 * it and the request's last register; otherwise it starts a new request. A point is never split across requests;
 * points that overlap (the same registers read as two types) share a request.
 */
public final class RequestPlanner {
    /** The most registers one read request may ask for (Modbus application protocol, function 03/04). */
    public static final int MAX_SPAN = 125;

    private RequestPlanner() {
    }

    /**
     * @param maxSpan most registers per request, 1..{@value #MAX_SPAN}
     * @param maxGap  most unused registers bridged inside a request, &gt;= 0
     * @throws IllegalArgumentException for limits outside these ranges, or a point wider than {@code maxSpan}
     */
    public static List<ReadRequest> plan(List<ModbusPoint> points, int maxSpan, int maxGap) {
        if (maxSpan < 1 || maxSpan > MAX_SPAN) {
            throw new IllegalArgumentException("maxSpan " + maxSpan + " is not 1.." + MAX_SPAN);
        }
        if (maxGap < 0) {
            throw new IllegalArgumentException("maxGap " + maxGap + " is negative");
        }
        Map<RegisterTable, List<ModbusPoint>> byTable = new EnumMap<>(RegisterTable.class);
        for (ModbusPoint p : points) {
            if (p.type().words() > maxSpan) {
                throw new IllegalArgumentException("point " + p.config().id() + " (" + p.type() + ") takes "
                        + p.type().words() + " registers, more than maxSpan " + maxSpan);
            }
            byTable.computeIfAbsent(p.table(), k -> new ArrayList<>()).add(p);
        }
        List<ReadRequest> requests = new ArrayList<>();
        for (Map.Entry<RegisterTable, List<ModbusPoint>> e : byTable.entrySet()) {
            List<ModbusPoint> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(ModbusPoint::register).thenComparingInt(ModbusPoint::end));
            List<ModbusPoint> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (ModbusPoint p : sorted) {
                if (!current.isEmpty() && p.register() - end <= maxGap && Math.max(end, p.end()) - start <= maxSpan) {
                    current.add(p);
                    end = Math.max(end, p.end());
                    continue;
                }
                if (!current.isEmpty()) {
                    requests.add(new ReadRequest(e.getKey(), start, end - start, current));
                }
                current = new ArrayList<>(List.of(p));
                start = p.register();
                end = p.end();
            }
            if (!current.isEmpty()) {
                requests.add(new ReadRequest(e.getKey(), start, end - start, current));
            }
        }
        return requests;
    }
}
