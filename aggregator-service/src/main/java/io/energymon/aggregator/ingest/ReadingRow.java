package io.energymon.aggregator.ingest;

import io.energymon.aggregator.series.SeriesKey;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** One reading of a Kafka batch with its series, its collector and the slot length of its poll. */
record ReadingRow(SeriesKey key, int seriesId, Reading reading, String collectorId, Duration slotLength) {
    Instant ts() {
        return reading.ts();
    }

    BigDecimal value() {
        return reading.value();
    }

    /** Whether the reading is GOOD (not UNCERTAIN or BAD): only GOOD readings give valid values. */
    boolean good() {
        return reading.quality() == Quality.GOOD;
    }

    boolean usable() {
        return reading.quality() != Quality.BAD;
    }

    /** The same merge rule as the database's: a later reading of the same slot wins unless it is BAD over a usable one. */
    ReadingRow mergedWith(ReadingRow later) {
        return later.usable() || !usable() ? later : this;
    }
}
