package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.Bcd;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data identifiers the collector reads and how their values are decoded. To read another quantity, add its DI
 * with its format (from the standard's data table) to {@link #FORMATS}.
 */
public final class Dlt645DataIds {

    private static final Map<String, Dlt645ValueFormat> FORMATS = formats();

    private Dlt645DataIds() {
    }

    private static Map<String, Dlt645ValueFormat> formats() {
        Map<String, Dlt645ValueFormat> m = new TreeMap<>();
        // DL/T 645-2007 (DI3 DI2 DI1 DI0)
        m.put("00010000", energy());                      // forward active energy, total, XXXXXX.XX kWh
        m.put("00020000", energy());                      // reverse active energy, total
        m.put("0001FF00", energyBlock());                 // forward active energy block: total, tariffs 1..n
        m.put("0002FF00", energyBlock());                 // reverse active energy block
        for (String phase : new String[] {"01", "02", "03"}) { // phases A, B, C
            m.put("0201" + phase + "00", new Dlt645ValueFormat(2, 1, "V", false));  // voltage XXX.X V
            m.put("0202" + phase + "00", new Dlt645ValueFormat(3, 3, "A", true));   // current XXX.XXX A, signed
            m.put("0203" + phase + "00", new Dlt645ValueFormat(3, 4, "kW", true));  // active power XX.XXXX kW, signed
        }
        m.put("02030000", new Dlt645ValueFormat(3, 4, "kW", true)); // total active power
        // DL/T 645-1997 (DI1 DI0)
        m.put("9010", energy());                          // forward active energy, total, XXXXXX.XX kWh
        m.put("9020", energy());                          // reverse active energy, total
        for (String phase : new String[] {"1", "2", "3"}) {
            m.put("B61" + phase, new Dlt645ValueFormat(2, 0, "V", false));  // voltage XXX V
            m.put("B62" + phase, new Dlt645ValueFormat(2, 2, "A", false));  // current XX.XX A
        }
        m.put("B630", new Dlt645ValueFormat(3, 4, "kW", false)); // instantaneous active power, total, XX.XXXX kW
        return Map.copyOf(m);
    }

    private static Dlt645ValueFormat energy() {
        return new Dlt645ValueFormat(4, 2, "kWh", false);
    }

    /** Energy data block: total then each tariff, XXXXXX.XX kWh each; the total is taken. */
    static Dlt645ValueFormat energyBlock() {
        return new Dlt645ValueFormat(4, 2, "kWh", false, true);
    }

    /** The format of a data identifier, if the collector knows it. */
    public static Optional<Dlt645ValueFormat> format(Dlt645DataId di) {
        return Optional.ofNullable(FORMATS.get(di.toString()));
    }

    /** Every known identifier, for messages. */
    public static String known() {
        return String.join(", ", new TreeMap<>(FORMATS).keySet());
    }

    /**
     * Decodes {@code len} bytes (real values, low byte first) at {@code off} in the given format (of a block: its
     * first value, the total).
     *
     * @throws Dlt645Exception wrong length, or a digit above 9
     */
    public static BigDecimal decode(Dlt645ValueFormat f, byte[] b, int off, int len) throws Dlt645Exception {
        if (f.block()) {
            if (len == 0 || len % f.length() != 0) {
                throw new Dlt645Exception(Kind.VALUE, "数据块长度错误", "data block has " + len
                        + " byte(s), expected a positive multiple of " + f.length());
            }
            len = f.length();
        } else if (len != f.length()) {
            throw new Dlt645Exception(Kind.VALUE, "数据长度错误", "value has " + len + " byte(s), expected "
                    + f.length());
        }
        byte[] v = new byte[len];
        System.arraycopy(b, off, v, 0, len);
        boolean negative = f.signed() && (v[len - 1] & 0x80) != 0;
        if (f.signed()) {
            v[len - 1] &= 0x7F;
        }
        long digits = Bcd.lowFirst(v, 0, len);
        if (digits < 0) {
            throw new Dlt645Exception(Kind.VALUE, "数值不是 BCD 码", "value is not BCD: " + Bcd.hex(b, off, len));
        }
        return BigDecimal.valueOf(negative ? -digits : digits, f.decimals());
    }
}
