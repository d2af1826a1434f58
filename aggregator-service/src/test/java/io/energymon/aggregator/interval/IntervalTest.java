package io.energymon.aggregator.interval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntervalTest {
    private static final Instant T0 = Instant.parse("2026-11-23T04:00:00Z");
    private static final Duration SLOT = Duration.ofMinutes(15);

    @Test
    void oneSlotApartIsNormalWithTheDifferenceAsConsumption() {
        Interval i = Interval.between(T0, new BigDecimal("1206.42"), T0.plus(SLOT), new BigDecimal("1210.00"), SLOT);
        assertThat(i.flag()).isEqualTo(Interval.Flag.NORMAL);
        assertThat(i.consumption()).isEqualByComparingTo("3.58");
        assertThat(i.end()).isEqualTo(Instant.parse("2026-11-23T04:15:00Z"));
    }

    @Test
    void missingSlotsInBetweenAreFlaggedAsGapNotSpread() {
        Interval i = Interval.between(T0, new BigDecimal("10"), T0.plus(SLOT.multipliedBy(3)), new BigDecimal("40"), SLOT);
        assertThat(i.flag()).isEqualTo(Interval.Flag.GAP);
        assertThat(i.consumption()).isEqualByComparingTo("30");
    }

    @Test
    void aCounterThatGoesDownYieldsNoConsumption() {
        Interval i = Interval.between(T0, new BigDecimal("99999.90"), T0.plus(SLOT), new BigDecimal("0.40"), SLOT);
        assertThat(i.flag()).isEqualTo(Interval.Flag.DECREASE);
        assertThat(i.consumption()).isNull();
    }

    @Test
    void endMustFollowStart() {
        assertThatThrownBy(() -> Interval.between(T0, BigDecimal.ONE, T0, BigDecimal.TEN, SLOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
    }
}
