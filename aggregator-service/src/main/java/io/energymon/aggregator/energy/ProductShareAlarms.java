package io.energymon.aggregator.energy;

import io.energymon.aggregator.alarm.AlarmKind;
import io.energymon.aggregator.alarm.AlarmStates;
import io.energymon.aggregator.alarm.Observation;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The §6.3.4 b check of a closed month ({@link AlarmKind#PRODUCT_ENERGY_SHARE_LOW}, subject the month {@code yyyy-MM}):
 * a bad observation when the energy of the reported products is below {@code product-share-min} of the
 * comprehensive energy consumption, a good one when a later recomputation meets it; {@link AlarmStates} raises the
 * alarm once and clears it once, through the outbox in the caller's transaction. Called by the rollup job whenever a
 * month value of an ended month changes.
 */
@Component
public class ProductShareAlarms {
    private final EnergyAccounting accounting;
    private final AlarmStates alarms;
    private final EnergyProperties props;
    private final Clock clock;

    @Autowired
    public ProductShareAlarms(EnergyAccounting accounting, AlarmStates alarms, EnergyProperties props) {
        this(accounting, alarms, props, Clock.systemUTC());
    }

    ProductShareAlarms(EnergyAccounting accounting, AlarmStates alarms, EnergyProperties props, Clock clock) {
        this.accounting = accounting;
        this.alarms = alarms;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Checks a month (given by its first local day) if it has ended: observes whether its account meets the share.
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
        if (a.productShareMet()) {
            alarms.observe(List.of(Observation.good(ref, AlarmKind.PRODUCT_ENERGY_SHARE_LOW, subject, clock.instant())));
        } else {
            String percent = a.productShare().movePointRight(2).stripTrailingZeros().toPlainString();
            String min = props.productShareMin().movePointRight(2).stripTrailingZeros().toPlainString();
            alarms.observe(List.of(Observation.bad(ref, AlarmKind.PRODUCT_ENERGY_SHARE_LOW, subject, monthEnd,
                    "上传产品的能耗仅占综合能耗的 " + percent + "%，低于 " + min + "%（DB36/T 2149.2 §6.3.4 b）",
                    "the energy of the reported products is only " + percent + "% of the comprehensive energy "
                            + "consumption, below " + min + "% (DB36/T 2149.2 §6.3.4 b)")));
        }
        return Optional.of(a.productShareMet());
    }
}
