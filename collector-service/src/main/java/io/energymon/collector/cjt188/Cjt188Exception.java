package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.MeterFrameException;

/** The only exception the CJ/T 188 codec throws: a frame or reply that cannot be used, with a bilingual message. */
public final class Cjt188Exception extends MeterFrameException {
    public Cjt188Exception(Kind kind, String zh, String en) {
        super(kind, zh, en);
    }
}
