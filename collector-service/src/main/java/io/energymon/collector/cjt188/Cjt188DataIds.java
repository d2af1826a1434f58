package io.energymon.collector.cjt188;

import io.energymon.collector.cjt188.Cjt188MeterType.Family;
import io.energymon.collector.meterbus.Bcd;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data identifiers the collector reads and the layout of their replies, per meter family. The layouts of 901F
 * follow CJ/T 188-2004 as vendors document it (the standard's text was not at hand):
 * <ul>
 *   <li>water and gas: current cumulative flow (4 BCD bytes, 2 decimals) + unit code, settlement-date cumulative
 *       flow (4, 2) + unit, real time (7), status (2): 19 bytes after DI0 DI1 SER;</li>
 *   <li>heat and cooling: settlement-date heat (4, 2) + unit, current heat (4, 2) + unit, heat power (4, 2) + unit,
 *       flow rate (4, 4) + unit, cumulative flow (4, 2) + unit, supply temperature (3, 2, °C), return temperature
 *       (3, 2, °C), working time (3, 0, h), real time (7), status (2): 43 bytes after DI0 DI1 SER.</li>
 * </ul>
 * All BCD values low byte first. To read another DI, add its layouts to {@link #LAYOUTS}.
 */
public final class Cjt188DataIds {
    /** The cumulative-data identifier 901F (as written: DI1 DI0). */
    public static final int DI_901F = 0x901F;

    /** One value of a layout: {@code bytes} BCD bytes, {@code decimals}, then a unit code byte, or a fixed unit. */
    private record Slot(Cjt188Field field, int bytes, int decimals, Cjt188Unit fixedUnit) {
        int size() {
            return bytes + (fixedUnit == null ? 1 : 0);
        }
    }

    private record Layout(List<Slot> slots) {
        int size() {
            return slots.stream().mapToInt(Slot::size).sum() + 7 + 2;
        }
    }

    private static final Map<Integer, Map<Family, Layout>> LAYOUTS = Map.of(DI_901F, Map.of(
            Family.WATER, flowLayout(),
            Family.GAS, flowLayout(),
            Family.HEAT, new Layout(List.of(
                    new Slot(Cjt188Field.SETTLEMENT_HEAT, 4, 2, null),
                    new Slot(Cjt188Field.CURRENT_HEAT, 4, 2, null),
                    new Slot(Cjt188Field.HEAT_POWER, 4, 2, null),
                    new Slot(Cjt188Field.FLOW_RATE, 4, 4, null),
                    new Slot(Cjt188Field.CUMULATIVE_FLOW, 4, 2, null),
                    new Slot(Cjt188Field.SUPPLY_TEMPERATURE, 3, 2, Cjt188Unit.CELSIUS),
                    new Slot(Cjt188Field.RETURN_TEMPERATURE, 3, 2, Cjt188Unit.CELSIUS),
                    new Slot(Cjt188Field.WORKING_HOURS, 3, 0, Cjt188Unit.HOUR)))));

    private Cjt188DataIds() {
    }

    private static Layout flowLayout() {
        return new Layout(List.of(new Slot(Cjt188Field.CURRENT_FLOW, 4, 2, null),
                new Slot(Cjt188Field.SETTLEMENT_FLOW, 4, 2, null)));
    }

    /** Whether replies of {@code di} from meters of {@code family} can be decoded. */
    public static boolean supports(int di, Family family) {
        return LAYOUTS.getOrDefault(di, Map.of()).containsKey(family);
    }

    /** The fields a reply of {@code di} from {@code family} holds, in order (empty if unsupported). */
    public static List<Cjt188Field> fields(int di, Family family) {
        Layout l = LAYOUTS.getOrDefault(di, Map.of()).get(family);
        return l == null ? List.of() : l.slots().stream().map(Slot::field).toList();
    }

    /** The field a point reads when it names none: the family's first cumulative value. */
    public static Optional<Cjt188Field> defaultField(int di, Family family) {
        List<Cjt188Field> fields = fields(di, family);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(family == Family.HEAT ? Cjt188Field.CURRENT_HEAT : fields.getFirst());
    }

    /**
     * Decodes the values after DI0 DI1 SER.
     *
     * @throws Cjt188Exception unsupported DI for the family, wrong length, a digit above 9 or an unknown unit code
     */
    public static Cjt188Readout decode(int di, Family family, byte[] b, int off, int len) throws Cjt188Exception {
        Layout layout = LAYOUTS.getOrDefault(di, Map.of()).get(family);
        if (layout == null) {
            throw new Cjt188Exception(Kind.VALUE, "不支持的数据标识", String.format(
                    "DI %04X of a %s meter is not decoded by this collector", di, family));
        }
        if (len != layout.size()) {
            throw new Cjt188Exception(Kind.VALUE, "数据长度错误", String.format(
                    "DI %04X of a %s meter has %d byte(s) after DI and SER, expected %d", di, family, len,
                    layout.size()));
        }
        Map<Cjt188Field, Cjt188Quantity> values = new LinkedHashMap<>();
        int at = off;
        for (Slot s : layout.slots()) {
            long digits = Bcd.lowFirst(b, at, s.bytes());
            if (digits < 0) {
                throw new Cjt188Exception(Kind.VALUE, "数值不是 BCD 码", s.field() + " is not BCD: "
                        + Bcd.hex(b, at, s.bytes()));
            }
            at += s.bytes();
            Cjt188Unit unit = s.fixedUnit();
            if (unit == null) {
                int code = b[at++] & 0xFF;
                unit = Cjt188Unit.ofCode(code).orElseThrow(() -> new Cjt188Exception(Kind.VALUE, "未知单位代号",
                        String.format("unknown unit code %02X after %s", code, s.field())));
            }
            values.put(s.field(), new Cjt188Quantity(BigDecimal.valueOf(digits, s.decimals()), unit));
        }
        String time = Bcd.hex(b, at, 7);
        at += 7;
        int status = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        return new Cjt188Readout(values, time, status);
    }
}
