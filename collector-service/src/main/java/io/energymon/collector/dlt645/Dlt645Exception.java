package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.MeterFrameException;

/** The only exception the DL/T 645 codec throws: a frame or reply that cannot be used, with a bilingual message. */
public final class Dlt645Exception extends MeterFrameException {
    public Dlt645Exception(Kind kind, String zh, String en) {
        super(kind, zh, en);
    }
}
