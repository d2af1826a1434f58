package io.energymon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A short run of the query benchmark in bin/test, so that it keeps working: 3 items × 2 months loaded into the
 * aggregator, the rollup check, and 3 timed rounds of each query, and of the web app's dashboards (their kgce rows,
 * series and latest readings loaded too; every answer's values checked by the benchmark itself against the load). Figures are not judged here (bin/bench query
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

        QueryBenchmark.Dashboards d = r.dashboards();
        // the kgce of every day, month and year value: 2 electricity items one method, the gas item both
        assertThat(d.kgceRows()).isEqualTo((r.loaded().days() + r.loaded().months() + r.loaded().years()) / 3 * 4);
        // /energy ×2, /quality, /readings/latest, 2 energy types × 2 units, 1 process
        assertThat(d.requestsPerLoad()).isEqualTo(9);
        assertThat(d.load().count()).isEqualTo(3);
        assertThat(d.loadInProcess().count()).isEqualTo(3);
        assertThat(d.summary().count()).isEqualTo(3);
        assertThat(d.summaryInProcess().count()).isEqualTo(3);
        assertThat(d.requests()).hasSize(9).allSatisfy((kind, l) -> assertThat(l.count()).isEqualTo(3));
        // per round at least: 1 day of /energy (3 checks), 1 month (1), quality (1), 3 latest readings, 2 types
        // × 2 units, 1 process, summary (3) and its in-process day kgce (1)
        assertThat(d.valuesChecked()).isGreaterThanOrEqualTo(4L * (3 + 1 + 1 + 3 + 4 + 1 + 3 + 1));
    }
}
