package io.energymon.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A poll is stored in runs of consecutive records of at most {@code max-readings-per-transaction} readings. */
class ReadingsListenerChunksTest {

    @Test
    void consecutiveRecordsUpToTheLimitShareATransactionAndALargerRecordHasItsOwn() {
        List<Integer> readingsPerRecord = List.of(1, 2, 2, 10, 1, 4, 3);
        assertThat(ReadingsListener.chunks(readingsPerRecord, Integer::intValue, 5))
                .containsExactly(List.of(1, 2, 2), List.of(10), List.of(1, 4), List.of(3));
    }

    @Test
    void recordsKeepTheirOrderAndNoneIsLost() {
        assertThat(ReadingsListener.chunks(List.of(3, 3, 3), Integer::intValue, 5))
                .containsExactly(List.of(3), List.of(3), List.of(3));
        assertThat(ReadingsListener.chunks(List.of(3, 3, 3), Integer::intValue, 20000))
                .containsExactly(List.of(3, 3, 3));
        assertThat(ReadingsListener.chunks(List.<Integer>of(), Integer::intValue, 5)).isEmpty();
    }
}
