package io.energymon.infra.plant;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated energy meter behind a {@link ModbusMeterSimulator}: a cumulative active-energy counter with
 * 0.01 kWh resolution, exposed as a UINT32 (high word first) that wraps at 2^32 like a real counter.
 *
 * <p>{@link #energyKwh()} returns the total energy the meter has counted, at 0.01 kWh resolution and not reduced
 * modulo 2^32 (the registers are), so tests can compute expected consumption across a wrap.
 */
public final class SimulatedEnergyMeter implements SimulatedUnit {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final long WRAP = 1L << 32;

    private final int unitId;
    private final int energyRegister;
    private final ScheduledExecutorService scheduler;

    /** Total energy counted, in 0.01 kWh. Guarded by this. */
    private long hundredths;
    /** Energy under load not yet reaching a full 0.01 kWh, in 0.01 kWh. Guarded by this. */
    private double remainder;
    private long lastTickNanos;
    /** Incremented at every start/stop, so a tick that raced with stopLoad() counts nothing. Guarded by this. */
    private long loadGeneration;
    private ScheduledFuture<?> load;

    SimulatedEnergyMeter(int unitId, int energyRegister, ScheduledExecutorService scheduler) {
        this.unitId = unitId;
        this.energyRegister = energyRegister;
        this.scheduler = scheduler;
    }

    public int unitId() {
        return unitId;
    }

    public int energyRegister() {
        return energyRegister;
    }

    /** Sets the counter; the value is truncated to 0.01 kWh. Must not be negative. */
    public synchronized void setEnergyKwh(BigDecimal kwh) {
        if (kwh == null || kwh.signum() < 0) {
            throw new IllegalArgumentException("电能值不能为负 / Energy must not be negative: " + kwh);
        }
        hundredths = kwh.multiply(HUNDRED).setScale(0, RoundingMode.FLOOR).longValueExact();
        remainder = 0;
    }

    /** The total energy counted, 0.01 kWh resolution (scale 2), not wrapped. */
    public synchronized BigDecimal energyKwh() {
        return BigDecimal.valueOf(hundredths, 2);
    }

    @Override
    public int[] read(int offset, int count, boolean holding) {
        if (count < 1 || offset < energyRegister || offset + count > energyRegister + 2) {
            throw new IllegalAddressException("unit " + unitId + ": registers " + offset + ".." + (offset + count - 1)
                    + " do not exist (energy is at " + energyRegister + ".." + (energyRegister + 1) + ")");
        }
        long value = registerValue();
        int[] all = {(int) (value >>> 16) & 0xFFFF, (int) value & 0xFFFF};
        return Arrays.copyOfRange(all, offset - energyRegister, offset - energyRegister + count);
    }

    @Override
    public int registerCount() {
        return energyRegister + 2;
    }

    /** The UINT32 register value: total energy in 0.01 kWh modulo 2^32. */
    synchronized long registerValue() {
        return hundredths % WRAP;
    }

    /**
     * Starts (or replaces) a constant load: every {@code tick} the counter grows by {@code kilowatts} times the time
     * that really elapsed since the previous tick, as a real meter does.
     */
    public synchronized void startLoad(double kilowatts, Duration tick) {
        if (!(kilowatts >= 0) || Double.isInfinite(kilowatts)) {
            throw new IllegalArgumentException("功率无效 / Invalid power: " + kilowatts);
        }
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("周期无效 / Invalid tick: " + tick);
        }
        stopLoad();
        lastTickNanos = System.nanoTime();
        long generation = ++loadGeneration;
        long tickNanos = tick.toNanos();
        load = scheduler.scheduleAtFixedRate(() -> accumulate(kilowatts, generation), tickNanos, tickNanos,
                TimeUnit.NANOSECONDS);
    }

    /** Stops the load; the counter keeps its value. */
    public synchronized void stopLoad() {
        if (load != null) {
            load.cancel(false);
            load = null;
            loadGeneration++;
        }
    }

    private synchronized void accumulate(double kilowatts, long generation) {
        if (generation != loadGeneration) {
            return;
        }
        long now = System.nanoTime();
        double hours = (now - lastTickNanos) / 3.6e12;
        lastTickNanos = now;
        remainder += kilowatts * hours * 100;
        long whole = (long) Math.floor(remainder);
        hundredths += whole;
        remainder -= whole;
    }
}
