package io.energymon.collector.meterbus;

import java.util.Locale;

/**
 * A reply of a meter bus that cannot be used: no frame, broken frame, another meter's frame, an error reply, a value
 * that is not a number. The message is bilingual ("中文 / English"); {@link #kind()} says which kind of failure it is
 * (metrics tag). Each protocol has its own subclass, the only exception its decoder throws.
 */
public abstract class MeterFrameException extends Exception {

    /** What went wrong, as counted in the metrics. */
    public enum Kind {
        /** No frame, truncated frame, wrong end byte, impossible length. */
        FRAME,
        /** The checksum does not match. */
        CHECKSUM,
        /** The frame comes from another meter than the one asked. */
        ADDRESS,
        /** The meter answered with an error (exception) reply. */
        ERROR_REPLY,
        /** A well-formed reply to something else (another control code, data identifier, serial number). */
        UNEXPECTED,
        /** The value cannot be decoded (BCD digit above 9, wrong length, unknown unit). */
        VALUE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    protected MeterFrameException(Kind kind, String zh, String en) {
        super(zh + " / " + en);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
