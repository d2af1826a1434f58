package io.energymon.domain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured value of one point (采集点) at one poll slot, or a manual entry (§6.3.4) of one point for a whole
 * day, week or month.
 *
 * @param pointId point id, unique within the enterprise
 * @param ts      the poll slot the value belongs to (start of the slot on the slot grid), never the time of receipt;
 *                for a period entry the start of the period in the enterprise's time zone
 * @param value   the value in the point's unit; null when quality is BAD
 * @param quality quality of the value
 * @param source  data source code of DB36/T 2149.2 Table 3 (1 MIS ... 4 meter, 5 manual ... 7 other)
 * @param error   why the reading is BAD (null otherwise)
 * @param period  null for a reading at a poll slot; the period of a manual entry whose value is the quantity of the
 *                whole period (optional in JSON: absent for a slot reading, so values written before the field
 *                existed decode with null and slot readings keep their former shape)
 */
public record Reading(String pointId, Instant ts, BigDecimal value, Quality quality, int source, String error,
                      @JsonInclude(JsonInclude.Include.NON_NULL) EntryPeriod period) {
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

    /** A reading at a poll slot. */
    public Reading(String pointId, Instant ts, BigDecimal value, Quality quality, int source, String error) {
        this(pointId, ts, value, quality, source, error, null);
    }

    /** A manual entry of the quantity of a whole period starting at {@code start} (local period start). */
    public static Reading entry(String pointId, EntryPeriod period, Instant start, BigDecimal value, int source) {
        return new Reading(pointId, start, value, Quality.GOOD, source, null, Objects.requireNonNull(period, "period"));
    }

    public static Reading good(String pointId, Instant ts, BigDecimal value, int source) {
        return new Reading(pointId, ts, value, Quality.GOOD, source, null);
    }

    public static Reading bad(String pointId, Instant ts, int source, String error) {
        return new Reading(pointId, ts, null, Quality.BAD, source, error);
    }
}
