package io.energymon.domain.event;

/**
 * The period a manually entered (§6.3.4 a: daily, weekly or monthly) reading covers. A reading with a period carries
 * the quantity of the whole period, and its {@code ts} is the period's start in the enterprise's time zone: local
 * midnight of the day, of the Monday, of the 1st of the month.
 */
public enum EntryPeriod {
    /** one local day */
    DAY,
    /** one ISO week, Monday to Sunday */
    WEEK,
    /** one calendar month */
    MONTH
}
