package io.energymon.infra.plant;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A meter on a simulated RS-485 bus (DL/T 645 or CJ/T 188): a cumulative counter with 0.01 resolution
 * ({@link #counter()}: kWh for electricity and heat, m³ for water and gas), instantaneous values, a fault to
 * inject, and the daily frozen values a DL/T 645-2007 meter keeps ({@link #freezeDaily}).
 */
public final class SimulatedBusMeter {
    /** How the meter misbehaves. */
    public enum Fault {
        /** Answers normally. */
        NONE,
        /** Does not answer (dead meter on a live bus). */
        SILENT,
        /** Answers with a wrong checksum (garbled reply). */
        BAD_CHECKSUM
    }

    /** Days of frozen values a meter keeps (DL/T 645-2007: 62). */
    public static final int FROZEN_DAYS = 62;

    /** A daily frozen value: the meter's local time of freezing and its counter then. */
    public record FrozenDay(LocalDateTime at, BigDecimal value) {
    }

    private final String address;
    private final SimulatedEnergyMeter counter;
    private final List<FrozenDay> frozen = new ArrayList<>(); // most recent first; guarded by this
    private volatile Fault fault = Fault.NONE;
    private volatile BigDecimal voltage = new BigDecimal("230.0");
    private volatile BigDecimal current = BigDecimal.ZERO;
    private volatile BigDecimal power = BigDecimal.ZERO;

    SimulatedBusMeter(String address, ScheduledExecutorService scheduler) {
        this.address = address;
        this.counter = new SimulatedEnergyMeter(0, 0, scheduler);
    }

    public String address() {
        return address;
    }

    /** The cumulative counter (its unit id and register are not used on a bus). */
    public SimulatedEnergyMeter counter() {
        return counter;
    }

    public Fault fault() {
        return fault;
    }

    public void setFault(Fault fault) {
        this.fault = fault;
    }

    /** Sets the instantaneous values: voltage (V), current (A, negative = reverse), power (kW, heat: heat power). */
    public void setInstantaneous(BigDecimal voltage, BigDecimal current, BigDecimal power) {
        this.voltage = voltage;
        this.current = current;
        this.power = power;
    }

    /**
     * The meter's daily freeze, as it happens at its day boundary (normally 00:00 of its clock): stores the counter
     * as it is now with the freezing time {@code at}; the oldest of more than {@link #FROZEN_DAYS} is dropped. Call it
     * when the simulated meter's clock passes midnight.
     */
    public synchronized FrozenDay freezeDaily(LocalDateTime at) {
        FrozenDay d = new FrozenDay(at, counter.energyKwh());
        frozen.addFirst(d);
        if (frozen.size() > FROZEN_DAYS) {
            frozen.removeLast();
        }
        return d;
    }

    /** The n-th last daily frozen value (n = 1: the most recent), or null when the meter has not stored that many. */
    synchronized FrozenDay frozen(int n) {
        return n >= 1 && n <= frozen.size() ? frozen.get(n - 1) : null;
    }

    BigDecimal voltage() {
        return voltage;
    }

    BigDecimal current() {
        return current;
    }

    BigDecimal power() {
        return power;
    }
}
