package io.energymon.collector.source;

import io.energymon.domain.config.PointConfig;
import java.time.Duration;

/** Checks of a point's configuration common to every protocol. */
public final class PointChecks {
    /** Slot of a point whose own slot is unusable: it is still reported (BAD) on this grid, never dropped. */
    public static final Duration DEFAULT_SLOT = Duration.ofMinutes(15);
    /** Shortest slot polled. */
    public static final Duration MIN_SLOT = Duration.ofSeconds(1);
    /** Data source used for the BAD reading of a point whose own source code is not a Table 3 code (4: meter). */
    public static final int FALLBACK_SOURCE = 4;
    private static final Duration DAY = Duration.ofDays(1);
    private static final String MISCONFIGURED = "misconfigured: ";

    private PointChecks() {
    }

    /** Why the point's slot cannot be used (null when it can): it must be whole milliseconds, >= 1 s and divide a day. */
    public static String slotProblem(PointConfig p) {
        Duration s = p.slot();
        if (s.compareTo(MIN_SLOT) < 0 || s.compareTo(DAY) > 0 || s.getNano() % 1_000_000 != 0
                || DAY.toMillis() % s.toMillis() != 0) {
            return misconfigured(p, "slot " + s + " must be at least 1 s and divide a day (PT1M, PT15M, PT1H ...)");
        }
        return null;
    }

    /** The slot the point is polled on: its own, or {@link #DEFAULT_SLOT} when its own is unusable. */
    public static Duration effectiveSlot(PointConfig p) {
        return slotProblem(p) == null ? p.slot() : DEFAULT_SLOT;
    }

    /** Why the point's data source code is unusable, or null. */
    public static String sourceProblem(PointConfig p) {
        return p.source() >= 1 && p.source() <= 7 ? null
                : misconfigured(p, "source " + p.source() + " is not a Table 3 code 1..7");
    }

    /** The data source code its readings carry. */
    public static int effectiveSource(PointConfig p) {
        return sourceProblem(p) == null ? p.source() : FALLBACK_SOURCE;
    }

    /** The first protocol-independent problem of the point, or null. */
    public static String commonProblem(PointConfig p) {
        String slot = slotProblem(p);
        return slot != null ? slot : sourceProblem(p);
    }

    /** A reason text for a configuration error of a point. */
    public static String misconfigured(PointConfig p, String what) {
        return "点位 " + p.id() + " 配置错误 / point " + p.id() + " " + MISCONFIGURED + what;
    }

    /**
     * Whether a BAD reading's reason is a configuration error (of the point or of the device: "... misconfigured: ..."),
     * as opposed to a failure of the device or its connection. Sources write device configuration errors as
     * {@code "设备 <id> 配置错误 / device <id> misconfigured: <what>"}.
     */
    public static boolean isConfigurationError(String reason) {
        return reason != null && reason.contains(MISCONFIGURED);
    }
}
