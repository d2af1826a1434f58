package io.energymon.aggregator.energy;

import io.energymon.aggregator.outbox.OutboxWriter;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The §6.3.4 b check of a closed month (an alarm on {@code alarms.v1}, type {@value #TYPE}, subject the month
 * {@code yyyy-MM}): raised once when the energy of the reported products is below {@code product-share-min} of the
 * comprehensive energy consumption, cleared once when a later recomputation meets it. The open alarm is a row of
 * {@code open_alarm}, and the event goes through the outbox in the caller's transaction (never to Kafka from inside
 * it). Called by the rollup job whenever a month value of an ended month changes. Metric
 * {@code aggregator_alarms_total{type,state}}.
 */
@Component
public class ProductShareAlarms {
    public static final String TYPE = "PRODUCT_ENERGY_SHARE_LOW";
    public static final String SOURCE = "aggregator";

    private final JdbcClient jdbc;
    private final EnergyAccounting accounting;
    private final OutboxWriter outbox;
    private final EnergyProperties props;
    private final Clock clock;
    private final Counter raised;
    private final Counter cleared;

    @Autowired
    public ProductShareAlarms(JdbcClient jdbc, EnergyAccounting accounting, OutboxWriter outbox,
                              EnergyProperties props, MeterRegistry registry) {
        this(jdbc, accounting, outbox, props, registry, Clock.systemUTC());
    }

    ProductShareAlarms(JdbcClient jdbc, EnergyAccounting accounting, OutboxWriter outbox, EnergyProperties props,
                       MeterRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.accounting = accounting;
        this.outbox = outbox;
        this.props = props;
        this.clock = clock;
        this.raised = Counter.builder("aggregator_alarms_total").tag("type", TYPE).tag("state", "raised")
                .description("alarms written to the outbox for alarms.v1").register(registry);
        this.cleared = Counter.builder("aggregator_alarms_total").tag("type", TYPE).tag("state", "cleared")
                .description("alarms written to the outbox for alarms.v1").register(registry);
    }

    /**
     * Checks a month (given by its first local day) if it has ended: raises or clears the alarm as its account says.
     * Returns the account's verdict (empty when the month is still running or is not checked).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Boolean> check(EnterpriseRef ref, LocalDate month, Instant monthEnd) {
        if (monthEnd.isAfter(clock.instant())) {
            return Optional.empty();
        }
        String subject = YearMonth.from(month).toString();
        List<EnergyAccounting.PeriodAccount> accounts = accounting.accounts(ref, 2, month, month);
        Optional<EnergyAccounting.PeriodAccount> account = accounts.stream().findFirst()
                .filter(a -> a.productShareMet() != null);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        EnergyAccounting.PeriodAccount a = account.get();
        if (!a.productShareMet()) {
            UUID id = UUID.randomUUID();
            int inserted = jdbc.sql("""
                            insert into open_alarm (tenant_id, enterprise_code, type, subject, alarm_id)
                            values (?, ?, ?, ?, ?) on conflict do nothing
                            """)
                    .params(ref.tenantId(), ref.enterpriseCode(), TYPE, subject, id).update();
            if (inserted == 1) {
                String percent = a.productShare().movePointRight(2).stripTrailingZeros().toPlainString();
                String min = props.productShareMin().movePointRight(2).stripTrailingZeros().toPlainString();
                outbox.write(Topics.ALARMS, ref.enterpriseCode(), new AlarmEvent(id, id, ref.tenantId(),
                        ref.enterpriseCode(), SOURCE, TYPE, subject, AlarmEvent.State.RAISED,
                        subject + " 上传产品的能耗仅占综合能耗的 " + percent + "%，低于 " + min + "%（DB36/T 2149.2 §6.3.4 b） / "
                                + "the energy of the reported products is only " + percent + "% of the comprehensive "
                                + "energy consumption of " + subject + ", below " + min + "% (DB36/T 2149.2 §6.3.4 b)",
                        monthEnd));
                raised.increment();
            }
        } else {
            List<UUID> ids = jdbc.sql("""
                            delete from open_alarm where tenant_id = ? and enterprise_code = ? and type = ? and subject = ?
                            returning alarm_id
                            """)
                    .params(ref.tenantId(), ref.enterpriseCode(), TYPE, subject).query(UUID.class).list();
            for (UUID id : ids) {
                outbox.write(Topics.ALARMS, ref.enterpriseCode(), new AlarmEvent(UUID.randomUUID(), id, ref.tenantId(),
                        ref.enterpriseCode(), SOURCE, TYPE, subject, AlarmEvent.State.CLEARED,
                        subject + " 上传产品的能耗已达到综合能耗的 " + props.productShareMin().movePointRight(2)
                                .stripTrailingZeros().toPlainString() + "% / the energy of the reported products "
                                + "reaches the required share of " + subject, clock.instant()));
                cleared.increment();
            }
        }
        return Optional.of(a.productShareMet());
    }
}
