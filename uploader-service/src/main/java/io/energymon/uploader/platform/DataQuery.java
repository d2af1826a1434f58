package io.energymon.uploader.platform;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What to download of the values a platform holds for an enterprise ("采集数据下载"), to reconcile them with local
 * history: statDates from {@code from} (inclusive) to {@code to} (exclusive), in the platform's zone.
 *
 * @param dataCode one item only (bare digits), or null for every item
 * @param statType one period type only (0..3), or null for all
 * @param from     first statDate included
 * @param to       first statDate no longer included; after {@code from}
 */
public record DataQuery(String dataCode, Integer statType, LocalDateTime from, LocalDateTime to) {
    public DataQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to must be after from");
        }
        if (statType != null && (statType < 0 || statType > 3)) {
            throw new IllegalArgumentException("statType must be 0..3");
        }
    }
}
