package io.energymon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A short run of the query benchmark in bin/test, so that it keeps working: 3 items × 2 months loaded into the
 * aggregator, the rollup check, and 3 timed rounds of each query. Figures are not judged here (bin/bench query
 * measures them on a quiet machine); what was loaded and answered is.
 */
class QueryBenchmarkSmokeTest {

    @Test
    void loadsTheMonthsChecksTheRollupsAndAnswersEveryQuery() throws Exception {
        QueryBenchmark.Result r = QueryBenchmark.run(new QueryBenchmark.Params(3, 2, 3, 1));

        assertThat(r.loaded().months()).isEqualTo(3 * 2);
        assertThat(r.loaded().quarters()).isEqualTo(r.loaded().days() * 96);
        assertThat(r.loaded().years()).isBetween(3L, 3L * 2);
        assertThat(r.rollupsChangedByRollupJob()).isZero();
        assertThat(r.oneRequest().count()).isEqualTo(3);
        assertThat(r.dashboard().count()).isEqualTo(3);
        // (1 warm-up + 3 timed rounds) × (one request + 3 requests) × 3 items × 28 to 31 days
        assertThat(r.pointsChecked()).isBetween(4L * 2 * 3 * 28, 4L * 2 * 3 * 31);
    }
}
