package io.energymon.aggregator.item;

import io.energymon.aggregator.outbox.OutboxWriter;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a data item's value for a period. A new value, or a value different from the stored one, gets the next
 * version and is announced on {@code item-values.v1} through the outbox; an equal value (a replay) changes nothing.
 */
@Component
public class ItemValueWriter {
    private final JdbcClient jdbc;
    private final OutboxWriter outbox;

    public ItemValueWriter(JdbcClient jdbc, OutboxWriter outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** The period and value to store; statDate is the period start in the enterprise's local time. */
    public record Period(int statType, Instant start, Instant end, LocalDateTime statDate) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<ItemValue> upsert(EnterpriseRef ref, String dataCode, Period period, BigDecimal value, int inputType,
                                      int scope) {
        Optional<VersionRow> written = jdbc.sql("""
                        insert into item_value (tenant_id, enterprise_code, data_code, stat_type, period_start, period_end,
                                                stat_date, value, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 1)
                        on conflict (tenant_id, enterprise_code, data_code, stat_type, period_start) do update
                           set value = excluded.value, period_end = excluded.period_end, stat_date = excluded.stat_date,
                               version = item_value.version + 1, computed_at = now()
                         where item_value.value is distinct from excluded.value
                        returning version, computed_at
                        """)
                .params(ref.tenantId(), ref.enterpriseCode(), dataCode, period.statType(), ts(period.start()),
                        ts(period.end()), Timestamp.valueOf(period.statDate()), value)
                .query((rs, i) -> new VersionRow(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional();
        return written.map(w -> {
            ItemValue event = new ItemValue(ref.tenantId(), ref.enterpriseCode(), dataCode, period.statType(),
                    period.statDate(), period.start(), period.end(), value, w.version(), inputType, scope, true,
                    w.computedAt());
            outbox.write(Topics.ITEM_VALUES, ref.enterpriseCode(), event);
            return event;
        });
    }

    private record VersionRow(long version, Instant computedAt) {
    }

    static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
