package io.energymon.aggregator.item;

import io.energymon.aggregator.energy.TceWriter;
import io.energymon.aggregator.outbox.OutboxWriter;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores data items' values for periods, set-based. A new value, or a value (or {@link Validity}) different from the
 * stored one, gets the next version and is announced on {@code item-values.v1} through the outbox (with
 * {@code valid = false} for a doubtful or withdrawn value); an equal value (a replay) changes nothing. Each new version of an energy or working-medium item is converted to kgce in the same transaction
 * ({@link TceWriter}).
 */
@Component
public class ItemValueWriter {
    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final TceWriter tce;

    public ItemValueWriter(JdbcClient jdbc, OutboxWriter outbox, TceWriter tce) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tce = tce;
    }

    /** The period and value to store; statDate is the period start in the enterprise's local time. */
    public record Period(int statType, Instant start, Instant end, LocalDateTime statDate) {
    }

    /** One value to store, valid, doubtful or withdrawn (see {@link Validity}). */
    public record Pending(EnterpriseRef ref, String dataCode, Period period, BigDecimal value, int inputType,
                          int scope, Validity validity) {
        /** A valid value. */
        public Pending(EnterpriseRef ref, String dataCode, Period period, BigDecimal value, int inputType, int scope) {
            this(ref, dataCode, period, value, inputType, scope, Validity.VALID);
        }
    }

    private record Key(String tenantId, String enterpriseCode, String dataCode, int statType, Instant start) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<ItemValue> upsert(EnterpriseRef ref, String dataCode, Period period, BigDecimal value, int inputType,
                                      int scope) {
        return upsertAll(List.of(new Pending(ref, dataCode, period, value, inputType, scope))).stream().findFirst();
    }

    /**
     * Upserts the values (at most one per item and period) in one statement, and writes an outbox row for each new
     * version; returns the new versions.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ItemValue> upsertAll(List<Pending> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        int n = values.size();
        String[] tenants = new String[n];
        String[] enterprises = new String[n];
        String[] codes = new String[n];
        Integer[] statTypes = new Integer[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        String[] statDates = new String[n];
        String[] vals = new String[n];
        Boolean[] valids = new Boolean[n];
        Boolean[] withdrawn = new Boolean[n];
        Map<Key, Pending> byKey = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Pending p = values.get(i);
            tenants[i] = p.ref().tenantId();
            enterprises[i] = p.ref().enterpriseCode();
            codes[i] = p.dataCode();
            statTypes[i] = p.period().statType();
            starts[i] = p.period().start().toString();
            ends[i] = p.period().end().toString();
            statDates[i] = p.period().statDate().toString();
            vals[i] = p.value().toPlainString();
            valids[i] = p.validity().valid();
            withdrawn[i] = p.validity().withdrawn();
            byKey.put(new Key(tenants[i], enterprises[i], codes[i], statTypes[i], p.period().start()), p);
        }
        List<ItemValue> written = new ArrayList<>();
        jdbc.sql("""
                        insert into item_value (tenant_id, enterprise_code, data_code, stat_type, period_start, period_end,
                                                stat_date, value, valid, withdrawn, version)
                        select t, e, c, st, ps, pe, sd, v, ok, w, 1
                          from unnest(?::text[], ?::text[], ?::text[], ?::smallint[], ?::timestamptz[],
                                      ?::timestamptz[], ?::timestamp[], ?::numeric[], ?::boolean[], ?::boolean[])
                               as u(t, e, c, st, ps, pe, sd, v, ok, w)
                        on conflict (tenant_id, enterprise_code, data_code, stat_type, period_start) do update
                           set value = excluded.value, valid = excluded.valid, withdrawn = excluded.withdrawn,
                               period_end = excluded.period_end, stat_date = excluded.stat_date,
                               version = item_value.version + 1, computed_at = now()
                         where (item_value.value, item_value.valid, item_value.withdrawn)
                               is distinct from (excluded.value, excluded.valid, excluded.withdrawn)
                        returning tenant_id, enterprise_code, data_code, stat_type, period_start, version, computed_at
                        """)
                .params(tenants, enterprises, codes, statTypes, starts, ends, statDates, vals, valids, withdrawn)
                .query((rs, i) -> {
                    Pending p = byKey.get(new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant()));
                    written.add(new ItemValue(p.ref().tenantId(), p.ref().enterpriseCode(), p.dataCode(),
                            p.period().statType(), p.period().statDate(), p.period().start(), p.period().end(),
                            p.value(), rs.getLong(6), p.inputType(), p.scope(), p.validity().valid(),
                            rs.getObject(7, OffsetDateTime.class).toInstant()));
                    return null;
                })
                .list();
        tce.write(written);
        outbox.writeAll(Topics.ITEM_VALUES, written.stream()
                .map(v -> new OutboxWriter.Message(v.enterpriseCode(), v)).toList());
        return written;
    }
}
