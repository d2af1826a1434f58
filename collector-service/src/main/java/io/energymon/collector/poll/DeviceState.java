package io.energymon.collector.poll;

/** Supervision state of one device (its connection or bus), see {@link DeviceSupervision}. */
public enum DeviceState {
    /** Answering (or not asked yet): read on every slot. */
    ONLINE(0),
    /** Its last slot(s) failed: asked again after an exponential back-off, its points BAD in between. */
    RETRYING(1),
    /** Failed {@code defective-after} slots in a row: probed once per {@code backoff-max}, its points BAD in between. */
    DEFECTIVE(2);

    private final int gaugeValue;

    DeviceState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** The value of the {@code collector_device_state} gauge: 0 ONLINE, 1 RETRYING, 2 DEFECTIVE. */
    public int gaugeValue() {
        return gaugeValue;
    }
}
