package io.energymon.collector.cjt188;

import java.util.Locale;

/**
 * A value inside a CJ/T 188 reply; a point names the one it reads in {@code address.dataType} (default: the first
 * cumulative value of the meter's family, {@link #CURRENT_FLOW} for water and gas, {@link #CURRENT_HEAT} for heat
 * and cooling).
 */
public enum Cjt188Field {
    /** Water, gas: current cumulative flow (当前累积流量). */
    CURRENT_FLOW,
    /** Water, gas: cumulative flow at the settlement date (结算日累积流量). */
    SETTLEMENT_FLOW,
    /** Heat: heat at the settlement date (结算日热量). */
    SETTLEMENT_HEAT,
    /** Heat: current heat (当前热量). */
    CURRENT_HEAT,
    /** Heat: heat power (热功率). */
    HEAT_POWER,
    /** Heat: flow rate (流量). */
    FLOW_RATE,
    /** Heat: cumulative flow (累积流量). */
    CUMULATIVE_FLOW,
    /** Heat: supply water temperature (供水温度). */
    SUPPLY_TEMPERATURE,
    /** Heat: return water temperature (回水温度). */
    RETURN_TEMPERATURE,
    /** Heat: cumulative working time (累计工作时间). */
    WORKING_HOURS;

    /** Parses a configured field name ({@code current_flow}, {@code CURRENT-HEAT} ...). */
    public static Cjt188Field parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CJ/T 188 dataType (the field of the reply) must be one of "
                    + java.util.Arrays.toString(values()) + ", got " + text);
        }
    }
}
