package io.energymon.collector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.domain.config.PointConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPlannerTest {

    private static ModbusPoint p(String id, RegisterTable table, int register, RegisterType type) {
        return new ModbusPoint(new PointConfig(id, id, "d", null, null, null, null, null, null, null, null), 4, table,
                register, type, RegisterOrder.ABCD);
    }

    private static ModbusPoint holding(String id, int register, RegisterType type) {
        return p(id, RegisterTable.HOLDING, register, type);
    }

    /** Each request as "TABLE start+count: ids". */
    private static List<String> shape(List<ReadRequest> requests) {
        return requests.stream().map(r -> r.table() + " " + r.start() + "+" + r.count() + ": "
                + String.join(",", r.points().stream().map(x -> x.config().id()).toList())).toList();
    }

    @Test
    void mergesAdjacentPointsInRegisterOrder() {
        var points = List.of(holding("c", 4, RegisterType.FLOAT32), holding("a", 0, RegisterType.UINT32),
                holding("b", 2, RegisterType.INT16), holding("b2", 3, RegisterType.UINT16));
        assertThat(shape(RequestPlanner.plan(points, 125, 0))).containsExactly("HOLDING 0+6: a,b,b2,c");
    }

    @Test
    void bridgesGapsUpToMaxGapOnly() {
        // a: 0..1, b: 5..6 (3 unused registers 2..4), c: 10 (3 unused registers 7..9)
        var points = List.of(holding("a", 0, RegisterType.UINT32), holding("b", 5, RegisterType.INT32),
                holding("c", 10, RegisterType.UINT16));
        assertThat(shape(RequestPlanner.plan(points, 125, 0)))
                .containsExactly("HOLDING 0+2: a", "HOLDING 5+2: b", "HOLDING 10+1: c");
        assertThat(shape(RequestPlanner.plan(points, 125, 2)))
                .containsExactly("HOLDING 0+2: a", "HOLDING 5+2: b", "HOLDING 10+1: c");
        assertThat(shape(RequestPlanner.plan(points, 125, 3))).containsExactly("HOLDING 0+11: a,b,c");
    }

    @Test
    void startsANewRequestWhenTheSpanWouldExceedMaxSpanWithoutSplittingAPoint() {
        // five FLOAT64 points back to back: 0..3, 4..7, 8..11, 12..15, 16..19
        var points = List.of(holding("p0", 0, RegisterType.FLOAT64), holding("p1", 4, RegisterType.FLOAT64),
                holding("p2", 8, RegisterType.FLOAT64), holding("p3", 12, RegisterType.FLOAT64),
                holding("p4", 16, RegisterType.FLOAT64));
        // a span of 10 holds two whole points (8 registers); a third would need 12
        assertThat(shape(RequestPlanner.plan(points, 10, 0)))
                .containsExactly("HOLDING 0+8: p0,p1", "HOLDING 8+8: p2,p3", "HOLDING 16+4: p4");
        assertThat(shape(RequestPlanner.plan(points, 4, 0))).hasSize(5);
        assertThat(shape(RequestPlanner.plan(points, 125, 0))).containsExactly("HOLDING 0+20: p0,p1,p2,p3,p4");
    }

    @Test
    void keepsTheLargestRequestWithinTheProtocolLimit() {
        // 70 UINT32 points back to back = 140 registers: 62 points (124 registers) in the first request, 8 in the second
        List<ModbusPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            points.add(holding("p" + i, 2 * i, RegisterType.UINT32));
        }
        List<ReadRequest> requests = RequestPlanner.plan(points, 125, 0);
        assertThat(requests).extracting(ReadRequest::start, ReadRequest::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 124), org.assertj.core.groups.Tuple.tuple(124, 16));
        assertThat(requests.stream().mapToInt(r -> r.points().size()).sum()).isEqualTo(70);
    }

    @Test
    void overlappingPointsShareARequest() {
        // the same two registers read as UINT32 and as its high word, and a FLOAT64 starting inside a FLOAT32
        var points = List.of(holding("u32", 100, RegisterType.UINT32), holding("hi", 100, RegisterType.UINT16),
                holding("f32", 102, RegisterType.FLOAT32), holding("f64", 103, RegisterType.FLOAT64));
        assertThat(shape(RequestPlanner.plan(points, 125, 0))).containsExactly("HOLDING 100+7: hi,u32,f32,f64");
        // with a span of 4 the FLOAT64 (103..106) cannot join 100..103
        assertThat(shape(RequestPlanner.plan(points, 4, 0)))
                .containsExactly("HOLDING 100+4: hi,u32,f32", "HOLDING 103+4: f64");
    }

    @Test
    void neverMergesHoldingAndInputRegisters() {
        var points = List.of(p("i0", RegisterTable.INPUT, 0, RegisterType.UINT16),
                p("h0", RegisterTable.HOLDING, 0, RegisterType.UINT16),
                p("i1", RegisterTable.INPUT, 1, RegisterType.UINT16),
                p("h1", RegisterTable.HOLDING, 1, RegisterType.UINT16));
        assertThat(shape(RequestPlanner.plan(points, 125, 0)))
                .containsExactly("HOLDING 0+2: h0,h1", "INPUT 0+2: i0,i1");
    }

    @Test
    void sixtyFourBitPointsAtTheEndOfTheAddressSpace() {
        var points = List.of(holding("last", 65532, RegisterType.INT64), holding("before", 65530, RegisterType.UINT32));
        assertThat(shape(RequestPlanner.plan(points, 125, 0))).containsExactly("HOLDING 65530+6: before,last");
    }

    @Test
    void rejectsLimitsOutsideTheProtocolAndPointsWiderThanTheSpan() {
        var points = List.of(holding("f64", 0, RegisterType.FLOAT64));
        assertThatThrownBy(() -> RequestPlanner.plan(points, 0, 0)).hasMessageContaining("maxSpan 0");
        assertThatThrownBy(() -> RequestPlanner.plan(points, 126, 0)).hasMessageContaining("maxSpan 126");
        assertThatThrownBy(() -> RequestPlanner.plan(points, 125, -1)).hasMessageContaining("maxGap -1");
        assertThatThrownBy(() -> RequestPlanner.plan(points, 2, 0)).hasMessageContaining("f64")
                .hasMessageContaining("4 registers");
    }
}
