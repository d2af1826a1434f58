package io.energymon.aggregator.rollup;

import io.energymon.aggregator.item.ItemValueWriter;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Marks day, month or year values to be rolled up again, in the caller's transaction (one statement). */
@Component
public class RollupMarks {
    private final JdbcClient jdbc;

    public RollupMarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A period of an item whose value must be computed again. */
    public record Mark(EnterpriseRef ref, String dataCode, ItemValueWriter.Period period) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void mark(Collection<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        Set<Mark> distinct = new LinkedHashSet<>(marks);
        jdbc.sql("""
                        insert into rollup_pending (tenant_id, enterprise_code, data_code, stat_type, period_start,
                                                    period_end, stat_date)
                        select * from unnest(?::text[], ?::text[], ?::text[], ?::smallint[], ?::timestamptz[],
                                             ?::timestamptz[], ?::timestamp[])
                        on conflict do nothing
                        """)
                .params(distinct.stream().map(m -> m.ref().tenantId()).toArray(String[]::new),
                        distinct.stream().map(m -> m.ref().enterpriseCode()).toArray(String[]::new),
                        distinct.stream().map(Mark::dataCode).toArray(String[]::new),
                        distinct.stream().map(m -> m.period().statType()).toArray(Integer[]::new),
                        distinct.stream().map(m -> m.period().start().toString()).toArray(String[]::new),
                        distinct.stream().map(m -> m.period().end().toString()).toArray(String[]::new),
                        distinct.stream().map(m -> m.period().statDate().toString()).toArray(String[]::new))
                .update();
    }
}
