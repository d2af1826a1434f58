package io.energymon.collector.sql;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the queries of SQL points by outcome, {@code collector_sql_queries_total{outcome="ok|bad|error|unreachable"}}
 * ({@code bad}: the query ran but gave no usable value — no row, NULL, several rows, a missing column; {@code error}:
 * the database refused it; {@code unreachable}: no connection), and the rows taken by incremental pulls,
 * {@code collector_sql_rows_total}.
 */
public final class SqlMetrics {
    public static final String QUERIES = "collector_sql_queries_total";
    public static final String ROWS = "collector_sql_rows_total";

    private final MeterRegistry registry;
    private final Counter rows;

    public SqlMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rows = Counter.builder(ROWS).description("rows taken by incremental SQL pulls").register(registry);
    }

    void query(String outcome) {
        Counter.builder(QUERIES).description("queries of SQL points, by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    void rows(int count) {
        rows.increment(count);
    }
}
