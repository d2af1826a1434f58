package io.energymon.collector.meterbus;

/** What one point asks of a meter on a bus: which meter, which data, how it is decoded. */
public interface BusTarget {
    /** Points whose targets have equal keys share one request per poll (e.g. several fields of one CJ/T 188 reply). */
    Object requestKey();

    /** The meter and data asked for, in reasons of BAD readings, e.g. {@code 表 000102030425 DI 00010000}. */
    String label();
}
