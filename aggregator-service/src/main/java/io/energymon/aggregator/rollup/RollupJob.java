package io.energymon.aggregator.rollup;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.energy.ProductShareAlarms;
import io.energymon.aggregator.item.ItemValueWriter;
import io.energymon.aggregator.manual.ManualValues;
import io.energymon.aggregator.item.Validity;
import io.energymon.aggregator.schedule.PeriodicTask;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rolls data item values up the periods, every {@code rollup-interval}: marked days from the real-time values of the
 * day, then marked months from their days, then marked years from their months ({@code rollup_pending}, V9), each
 * the sum of the values of the level below within the period's local bounds that are not withdrawn (valid and
 * doubtful ones, see {@link Validity}) — except the days and months of manual items that
 * their manual entries give ({@link ManualValues}). The value is valid only when those values cover the whole period (the sum of
 * their lengths within it equals its length: no quarter, day or month missing or withdrawn) and are all valid; else
 * it is doubtful. A value that changed (in value or validity) gets a new version (published through the outbox like
 * every item value) and marks the period above it; a period with no value below any more withdraws its stored value.
 * Sums suit the quantities data items carry (consumption, output, supply); another aggregation would be a field of
 * the item's configuration.
 *
 * <p>Each batch of at most {@code rollup-batch} marks is claimed ({@code FOR UPDATE SKIP LOCKED}), computed, written
 * and unmarked in one transaction with no network call, so several instances share the work and a crash leaves the
 * marks in place. Marks of items no longer configured are dropped. A new month value of an ended month runs the
 * §6.3.4 b product-energy check of its month ({@link ProductShareAlarms}) in the same transaction. Metric
 * {@code aggregator_rollup_values_total}.
 */
@Component
public class RollupJob implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ItemCatalog catalog;
    private final ItemValueWriter writer;
    private final RollupMarks marks;
    private final AggregatorProperties props;
    private final ProductShareAlarms productShare;
    private final ManualValues manual;
    private final Counter values;
    private PeriodicTask task;

    public RollupJob(JdbcClient jdbc, PlatformTransactionManager txm, ItemCatalog catalog, ItemValueWriter writer,
                     RollupMarks marks, AggregatorProperties props, ProductShareAlarms productShare,
                     ManualValues manual, MeterRegistry registry) {
        this.manual = manual;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txm);
        this.catalog = catalog;
        this.writer = writer;
        this.marks = marks;
        this.props = props;
        this.productShare = productShare;
        this.values = Counter.builder("aggregator_rollup_values_total")
                .description("day, month and year values written with a new version").register(registry);
    }

    /**
     * A claimed mark with the sum of the values below it that are not withdrawn, how many they are, whether they cover
     * the period and are all valid, and the value stored now.
     */
    private record Claimed(EnterpriseRef ref, String dataCode, ItemValueWriter.Period period, BigDecimal total,
                           long inputs, boolean complete, BigDecimal storedValue, Boolean storedWithdrawn) {
    }

    /**
     * Rolls up everything marked now, days first; returns the values written with a new version. Does nothing until
     * the configuration has been read (the marks wait): an item not known yet must not lose its marks.
     */
    public int runOnce() {
        if (!catalog.loaded()) {
            return 0;
        }
        int written = 0;
        for (int level = 1; level <= 3; level++) {
            int claimed;
            do {
                int lvl = level;
                int[] counts = tx.execute(s -> batch(lvl));
                claimed = counts[0];
                written += counts[1];
            } while (claimed == props.rollupBatch());
        }
        return written;
    }

    /** One batch of one level: returns {claimed, written}. */
    private int[] batch(int level) {
        List<Claimed> claimed = jdbc.sql("""
                        with claimed as (
                            delete from rollup_pending p
                             where (p.tenant_id, p.enterprise_code, p.data_code, p.stat_type, p.period_start) in (
                                   select tenant_id, enterprise_code, data_code, stat_type, period_start
                                     from rollup_pending where stat_type = ?
                                    order by marked_at limit ? for update skip locked)
                            returning p.tenant_id, p.enterprise_code, p.data_code, p.period_start, p.period_end,
                                      p.stat_date
                        )
                        select c.tenant_id, c.enterprise_code, c.data_code, c.period_start, c.period_end, c.stat_date,
                               sum(v.value) filter (where not v.withdrawn),
                               count(v.value) filter (where not v.withdrawn),
                               coalesce(bool_and(v.valid), false)
                                 and coalesce(sum(extract(epoch from least(v.period_end, c.period_end)
                                                                     - v.period_start))
                                                  filter (where not v.withdrawn), 0)
                                     = extract(epoch from c.period_end - c.period_start),
                               s.value, s.withdrawn
                          from claimed c
                          left join item_value v
                            on v.tenant_id = c.tenant_id and v.enterprise_code = c.enterprise_code
                           and v.data_code = c.data_code and v.stat_type = ?
                           and v.period_start >= c.period_start and v.period_start < c.period_end
                          left join item_value s
                            on s.tenant_id = c.tenant_id and s.enterprise_code = c.enterprise_code
                           and s.data_code = c.data_code and s.stat_type = ? and s.period_start = c.period_start
                         group by c.tenant_id, c.enterprise_code, c.data_code, c.period_start, c.period_end,
                                  c.stat_date, s.value, s.withdrawn
                        """)
                .params(level, props.rollupBatch(), level - 1, level)
                .query((rs, i) -> new Claimed(new EnterpriseRef(rs.getString(1), rs.getString(2)), rs.getString(3),
                        new ItemValueWriter.Period(level, rs.getObject(4, OffsetDateTime.class).toInstant(),
                                rs.getObject(5, OffsetDateTime.class).toInstant(),
                                rs.getObject(6, LocalDateTime.class)),
                        rs.getBigDecimal(7), rs.getLong(8), rs.getBoolean(9), rs.getBigDecimal(10),
                        (Boolean) rs.getObject(11)))
                .list();
        // days and months of manual items come from their entries where they have them (manual.ManualValues)
        Map<RollupMarks.Mark, BigDecimal> entered = manual.values(level, claimed.stream()
                .map(c -> new RollupMarks.Mark(c.ref(), c.dataCode(), c.period())).toList());
        List<ItemValueWriter.Pending> pending = new ArrayList<>();
        for (Claimed c : claimed) {
            Optional<CatalogItem> item = catalog.enterprise(c.ref()).flatMap(e -> e.item(c.dataCode()));
            if (item.isEmpty()) {
                continue; // no longer configured: nothing to roll up
            }
            int inputType = item.get().config().inputType();
            int scope = item.get().config().scope();
            BigDecimal manualValue = entered.get(new RollupMarks.Mark(c.ref(), c.dataCode(), c.period()));
            if (manualValue != null) {
                pending.add(new ItemValueWriter.Pending(c.ref(), c.dataCode(), c.period(), manualValue, inputType,
                        scope));
            } else if (c.inputs() > 0) {
                pending.add(new ItemValueWriter.Pending(c.ref(), c.dataCode(), c.period(), c.total(), inputType, scope,
                        Validity.computed(c.complete())));
            } else if (Boolean.FALSE.equals(c.storedWithdrawn())) {
                pending.add(new ItemValueWriter.Pending(c.ref(), c.dataCode(), c.period(), c.storedValue(), inputType,
                        scope, Validity.WITHDRAWN));
            }
        }
        List<ItemValue> written = writer.upsertAll(pending);
        List<RollupMarks.Mark> next = new ArrayList<>();
        if (level < 3) {
            for (ItemValue v : written) {
                EnterpriseRef ref = new EnterpriseRef(v.tenantId(), v.enterpriseCode());
                Optional<EnterpriseCatalog> enterprise = catalog.enterprise(ref);
                Optional<CatalogItem> item = enterprise.flatMap(e -> e.item(v.dataCode()));
                if (item.isPresent() && RollupPeriod.needed(item.get().config().statTypes(), level + 1)) {
                    next.add(new RollupMarks.Mark(ref, v.dataCode(),
                            RollupPeriod.of(level + 1, v.periodStart(), enterprise.get().zone())));
                }
            }
        }
        marks.mark(next);
        if (level == 2) {
            // §6.3.4 b: a changed month value of an ended month checks that month's product energy share again
            Set<String> checked = new HashSet<>();
            for (ItemValue v : written) {
                if (checked.add(v.tenantId() + "/" + v.enterpriseCode() + "/" + v.periodStart())) {
                    productShare.check(new EnterpriseRef(v.tenantId(), v.enterpriseCode()), v.statDate().toLocalDate(),
                            v.periodEnd());
                }
            }
        }
        values.increment(written.size());
        if (!written.isEmpty()) {
            log.debug("rolled up {} value(s) of stat type {}", written.size(), level);
        }
        return new int[] {claimed.size(), written.size()};
    }

    @Override
    public void start() {
        task = PeriodicTask.start("rollup", props.rollupInterval(), this::runOnce);
    }

    @Override
    public void stop() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
