package io.energymon.domain.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured value of one point (采集点) at one poll slot.
 *
 * @param pointId point id, unique within the enterprise
 * @param ts      the poll slot the value belongs to (start of the slot on the slot grid), never the time of receipt
 * @param value   the value in the point's unit; null when quality is BAD
 * @param quality quality of the value
 * @param source  data source code of DB36/T 2149.2 Table 3 (1 MIS ... 4 meter, 5 manual ... 7 other)
 * @param error   why the reading is BAD (null otherwise)
 */
public record Reading(String pointId, Instant ts, BigDecimal value, Quality quality, int source, String error) {
    public Reading {
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(quality, "quality");
        if (quality != Quality.BAD && value == null) {
            throw new IllegalArgumentException("reading " + pointId + " at " + ts + " has quality " + quality + " but no value");
        }
        if (source < 1 || source > 7) {
            throw new IllegalArgumentException("source must be a Table 3 code 1..7, got " + source);
        }
    }

    public static Reading good(String pointId, Instant ts, BigDecimal value, int source) {
        return new Reading(pointId, ts, value, Quality.GOOD, source, null);
    }

    public static Reading bad(String pointId, Instant ts, int source, String error) {
        return new Reading(pointId, ts, null, Quality.BAD, source, error);
    }
}
