package io.energymon.infra.plant;

import java.math.BigDecimal;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A meter on a simulated RS-485 bus (DL/T 645 or CJ/T 188): a cumulative counter with 0.01 resolution
 * ({@link #counter()}: kWh for electricity and heat, m³ for water and gas), instantaneous values, and a fault to
 * inject.
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

    private final String address;
    private final SimulatedEnergyMeter counter;
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
