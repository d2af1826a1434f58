package io.energymon.uploader.platform;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One data item value as the platform receives it.
 *
 * @param dataCode   data item code as the platform wants it (NHJC16 16 digits by default, PROTOCOL.md §3)
 * @param dataValue  value, sent as a plain decimal string
 * @param inputType  data source 1..7
 * @param statType   0 real-time, 1 day, 2 month, 3 year
 * @param statDate   interval start in the platform's zone
 * @param uploadDate time of the upload in the platform's zone
 * @param scope      1 whole plant, 2 process, 3 process unit, 4 key equipment
 * @param valid      whether the value is valid (rendered according to the dialect's polarity)
 */
public record DataRecord(String dataCode, BigDecimal dataValue, int inputType, int statType, LocalDateTime statDate,
                         LocalDateTime uploadDate, int scope, boolean valid) {
    public DataRecord {
        Objects.requireNonNull(dataCode, "dataCode");
        Objects.requireNonNull(dataValue, "dataValue");
        Objects.requireNonNull(statDate, "statDate");
        Objects.requireNonNull(uploadDate, "uploadDate");
    }
}
