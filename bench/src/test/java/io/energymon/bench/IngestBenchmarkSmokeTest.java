package io.energymon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A short run of the ingest benchmark in bin/test, so that the benchmark keeps working: 2 enterprises × 20 points ×
 * 10 slots through Kafka into the aggregator, then the same rows by COPY. Figures are not judged here (they are
 * measured by bin/bench on a quiet machine); the counts are.
 */
class IngestBenchmarkSmokeTest {

    @Test
    void feedsEveryReadingThroughKafkaIntoTheAggregatorAndMeasuresIt() throws Exception {
        IngestBenchmark.Result r = IngestBenchmark.run(new IngestBenchmark.Params(2, 20, 10, 10));

        assertThat(r.total()).isEqualTo(400);
        assertThat(r.stored()).isEqualTo(400);
        // 10 readings of a cumulative point give 9 intervals: 2 × 20 × 9
        assertThat(r.intervals()).isEqualTo(360);
        // one item per 10 points, i.e. 2 per enterprise, each with a value for the 9 periods: 2 × 2 × 9
        assertThat(r.itemValues()).isEqualTo(36);
        assertThat(r.readingsPerSecond()).isPositive();
        assertThat(r.copyReadingsPerSecond()).isPositive();
        assertThat(r.bytesPerReading()).isPositive();
    }
}
