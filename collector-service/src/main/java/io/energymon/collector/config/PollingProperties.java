package io.energymon.collector.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How devices are read and supervised. Bound from {@code energymon.collector.polling.*}.
 *
 * <p>Every device is read on its own worker, so a slow or dead one never delays the others. A device's readings of a
 * slot must arrive within its <em>read budget</em>: {@code min(slot length x read-budget-fraction, read-budget-max)},
 * counted from the tick; what has not arrived by then is a BAD reading ("no answer within ...") and the late result is
 * discarded. A device still busy with an earlier slot when the next tick comes is not asked again: that slot's
 * readings are BAD too.
 *
 * <p>Per device a state machine: ONLINE; after a failed slot (every point BAD for a reason other than its
 * configuration, or no answer within the budget) RETRYING, tried again after a back-off doubling from
 * {@code backoff-initial} up to {@code backoff-max} (slots in between are BAD "retrying" without a request); after
 * {@code defective-after} consecutive failed slots DEFECTIVE, probed once per {@code backoff-max} (its points BAD
 * "device defective" in between); back to ONLINE at the first answer.
 *
 * @param readBudgetFraction share of the slot length a device may take to answer a slot (default 0.8; in (0, 1])
 * @param readBudgetMax      longest read budget, whatever the slot length (default PT5M)
 * @param defectiveAfter     consecutive failed slots after which a device is DEFECTIVE (default 3; >= 1)
 * @param backoffInitial     wait after the first failed slot before the device is asked again (default PT5S)
 * @param backoffMax         longest wait between two attempts, and the probing period of a DEFECTIVE device
 *                           (default PT5M; >= backoff-initial)
 */
@ConfigurationProperties("energymon.collector.polling")
public record PollingProperties(@DefaultValue("0.8") double readBudgetFraction,
                                @DefaultValue("PT5M") Duration readBudgetMax,
                                @DefaultValue("3") int defectiveAfter,
                                @DefaultValue("PT5S") Duration backoffInitial,
                                @DefaultValue("PT5M") Duration backoffMax) {

    /** The defaults. */
    public static final PollingProperties DEFAULTS = new PollingProperties(0.8, Duration.ofMinutes(5), 3,
            Duration.ofSeconds(5), Duration.ofMinutes(5));

    public PollingProperties {
        if (!(readBudgetFraction > 0 && readBudgetFraction <= 1)) {
            throw new IllegalArgumentException("energymon.collector.polling.read-budget-fraction must be in (0, 1], got "
                    + readBudgetFraction);
        }
        requirePositive("read-budget-max", readBudgetMax);
        if (defectiveAfter < 1) {
            throw new IllegalArgumentException("energymon.collector.polling.defective-after must be >= 1, got "
                    + defectiveAfter);
        }
        requirePositive("backoff-initial", backoffInitial);
        requirePositive("backoff-max", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("energymon.collector.polling.backoff-max " + backoffMax
                    + " must not be shorter than backoff-initial " + backoffInitial);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("energymon.collector.polling." + name + " must be positive, got " + d);
        }
    }

    /** How long a device may take to answer a slot of this length. */
    public Duration readBudget(Duration slotLength) {
        Duration share = Duration.ofMillis(Math.max(1, (long) (slotLength.toMillis() * readBudgetFraction)));
        return share.compareTo(readBudgetMax) < 0 ? share : readBudgetMax;
    }

    /** The wait after the {@code failures}-th consecutive failed slot (1-based) before the next attempt. */
    public Duration backoff(int failures) {
        if (failures >= defectiveAfter) {
            return backoffMax;
        }
        Duration d = backoffInitial;
        for (int i = 1; i < failures && d.compareTo(backoffMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(backoffMax) < 0 ? d : backoffMax;
    }
}
