package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.Bcd;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The daily frozen data (日冻结数据) of DL/T 645-2007 meters: at each day boundary (00:00 by default) a meter stores
 * its energy registers, keeping the last 62 days; the n-th last (上 n 次, n = 1..62) is read with
 * <ul>
 *   <li>{@code 05 06 00 nn}: (上 n 次) 日冻结时间, the freezing time YYMMDDhhmm (5 bytes, minute first), in the
 *       meter's clock;</li>
 *   <li>{@code 05 06 01 nn}: (上 n 次) 日冻结正向有功电能数据, forward active energy, a block of total and tariffs
 *       (XXXXXX.XX kWh each, so 20 bytes with 4 tariffs);</li>
 *   <li>{@code 05 06 02 nn}: (上 n 次) 日冻结反向有功电能数据, reverse active energy, the same way.</li>
 * </ul>
 * DL/T 645-1997 has no daily frozen data (only last month's registers), so its meters are not back-filled.
 */
public final class Dlt645Frozen {
    /** Days a DL/T 645-2007 meter keeps. */
    public static final int STORED_DAYS = 62;
    private static final long FROZEN_DAY = 0x0506_0000L;

    private Dlt645Frozen() {
    }

    /** The DI of the n-th last daily freezing time. */
    public static Dlt645DataId time(int n) {
        return new Dlt645DataId(FROZEN_DAY | nth(n), Dlt645Version.V2007);
    }

    /**
     * The DI of the n-th last daily frozen value of the energy a point reads ({@code 00010000} or {@code 0001FF00}:
     * forward active; {@code 00020000} or {@code 0002FF00}: reverse active), or empty when the meter freezes no such
     * value.
     */
    public static Optional<Dlt645DataId> energy(Dlt645DataId point, int n) {
        if (point.version() != Dlt645Version.V2007) {
            return Optional.empty();
        }
        long kind = switch ((int) point.value()) {
            case 0x0001_0000, 0x0001_FF00 -> 0x0100;
            case 0x0002_0000, 0x0002_FF00 -> 0x0200;
            default -> -1;
        };
        return kind < 0 ? Optional.empty()
                : Optional.of(new Dlt645DataId(FROZEN_DAY | kind | nth(n), Dlt645Version.V2007));
    }

    /** The energy (total) of a frozen energy block. */
    public static BigDecimal energyValue(byte[] data) throws Dlt645Exception {
        return Dlt645DataIds.decode(Dlt645DataIds.energyBlock(), data, 0, data.length);
    }

    /**
     * The freezing time in the meter's clock, or empty when the meter has not frozen that day yet (all digits 0).
     *
     * @throws Dlt645Exception not 5 BCD bytes, or no valid date and time
     */
    public static Optional<LocalDateTime> decodeTime(byte[] data) throws Dlt645Exception {
        if (data.length != 5) {
            throw new Dlt645Exception(Kind.VALUE, "冻结时间长度错误", "freezing time has " + data.length
                    + " byte(s), expected 5 (YYMMDDhhmm)");
        }
        int[] f = new int[5]; // minute, hour, day, month, year
        for (int i = 0; i < 5; i++) {
            f[i] = (int) Bcd.lowFirst(data, i, 1);
            if (f[i] < 0) {
                throw new Dlt645Exception(Kind.VALUE, "冻结时间不是 BCD 码", "freezing time is not BCD: " + Bcd.hex(data));
            }
        }
        if (f[0] == 0 && f[1] == 0 && f[2] == 0 && f[3] == 0 && f[4] == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(2000 + f[4], f[3], f[2], f[1], f[0]));
        } catch (DateTimeException e) {
            throw new Dlt645Exception(Kind.VALUE, "冻结时间无效", "freezing time " + Bcd.hex(data)
                    + " is no valid date and time: " + e.getMessage());
        }
    }

    private static long nth(int n) {
        if (n < 1 || n > STORED_DAYS) {
            throw new IllegalArgumentException("frozen day " + n + " is not 1.." + STORED_DAYS);
        }
        return n;
    }
}
