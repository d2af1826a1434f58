package io.energymon.infra.plant.opcua;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The simulated process behind {@link PlantOpcUaServer}: every value is a pure function of the time, so a test can
 * compute what the server shows at an instant, and two servers show the same plant. Times are taken in whole
 * milliseconds since the epoch; periods are chosen so that values move visibly within minutes.
 *
 * <ul>
 *   <li>steam flow, t/h (Double, 3 decimals): 20 + 5 sin(2π s / 3600)</li>
 *   <li>steam pressure, MPa (Float, 3 decimals): 1.25 + 0.05 sin(2π s / 600)</li>
 *   <li>steam temperature, °C (Double, 2 decimals): 250 + 10 sin(2π s / 1800)</li>
 *   <li>steam total, t (Double, 3 decimals): the integral of the flow since the epoch, 20 h + 5/(2π) (1 - cos(2π s / 3600))</li>
 *   <li>electric energy counter, 0.01 kWh (UInt32, wraps at 2^32 like a real counter): 1500 kW since the epoch</li>
 * </ul>
 * where s is the seconds and h the hours since the epoch.
 */
public final class PlantProcess {
    /** Constant electric load of the simulated generator, kW. */
    public static final int ELECTRIC_POWER_KW = 1500;
    private static final double TWO_PI = 2 * Math.PI;
    private static final long WRAP = 1L << 32;

    private PlantProcess() {
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static double round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Steam flow, t/h. */
    public static double steamFlow(Instant t) {
        return round(20 + 5 * Math.sin(TWO_PI * seconds(t) / 3600), 3);
    }

    /** Steam pressure, MPa (a Float on the wire). */
    public static float steamPressure(Instant t) {
        return BigDecimal.valueOf(1.25 + 0.05 * Math.sin(TWO_PI * seconds(t) / 600))
                .setScale(3, RoundingMode.HALF_EVEN).floatValue();
    }

    /** Steam temperature, °C. */
    public static double steamTemperature(Instant t) {
        return round(250 + 10 * Math.sin(TWO_PI * seconds(t) / 1800), 2);
    }

    /** Cumulative steam, t: the integral of {@link #steamFlow} (before its rounding) since the epoch. */
    public static double steamTotal(Instant t) {
        double s = seconds(t);
        return round(20 * s / 3600 + 5 / TWO_PI * (1 - Math.cos(TWO_PI * s / 3600)), 3);
    }

    /** Electric energy counter in 0.01 kWh, modulo 2^32 (the UInt32 the server shows). */
    public static long electricEnergyCounter(Instant t) {
        // kWh × 100 = kW × ms / 3 600 000 × 100 = kW × ms / 36 000
        return Math.floorDiv(t.toEpochMilli() * ELECTRIC_POWER_KW, 36_000L) % WRAP;
    }
}
