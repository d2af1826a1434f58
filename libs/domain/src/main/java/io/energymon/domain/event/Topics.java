package io.energymon.domain.event;

/** Kafka topic names. Versioned: a breaking change of a value schema gets a new topic. See docs/events.md. */
public final class Topics {
    /** Batches of readings from one poll, keyed by enterprise USCC. */
    public static final String READINGS = "readings.v1";
    /** A data item's value for one period, keyed by enterprise USCC. */
    public static final String ITEM_VALUES = "item-values.v1";
    /** One enterprise's master data and collection configuration (compacted), keyed by {@code tenantId/USCC}. */
    public static final String CONFIG = "config.v1";
    /** Meter replaced / reset / recalibrated, keyed by enterprise USCC. */
    public static final String METER_EVENTS = "meter-events.v1";
    /** Raised / cleared alarms ({@link AlarmEvent}), keyed by enterprise USCC. */
    public static final String ALARMS = "alarms.v1";
    /** Who changed what, when, from where ({@link AuditEvent}), keyed by tenant id. */
    public static final String AUDIT = "audit.v1";

    private Topics() {
    }
}
