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

    private static final BigDecimal MAX = new BigDecimal("99999.99");

    @Test
    void aCounterThatWrapsPastItsMaximumIsARolloverWithTheWrappedConsumption() {
        // counts 0 .. 99999.99 in 0.01, so a full turn is 100000.00: (100000.00 - 99990.00) + 5.00 = 15.00
        Interval i = Interval.between(T0, new BigDecimal("99990.00"), T0.plus(SLOT), new BigDecimal("5.00"), SLOT, MAX);
        assertThat(i.flag()).isEqualTo(Interval.Flag.ROLLOVER);
        assertThat(i.flag().usable()).isTrue();
        assertThat(i.consumption()).isEqualByComparingTo("15.00");
    }

    @Test
    void anImplausibleWrapStaysADecrease() {
        // (100000.00 - 40000.00) + 100.00 = 60100.00 > 99999.99 / 2
        Interval i = Interval.between(T0, new BigDecimal("40000.00"), T0.plus(SLOT), new BigDecimal("100.00"), SLOT, MAX);
        assertThat(i.flag()).isEqualTo(Interval.Flag.DECREASE);
        assertThat(i.consumption()).isNull();
        assertThat(i.flag().usable()).isFalse();
    }

    @Test
    void exactlyHalfTheMaximumIsStillARolloverOneMoreIsNot() {
        // max 100 counts in whole units, a turn is 101: (101 - 60) + 9 = 50 = 100 / 2; (101 - 60) + 10 = 51
        BigDecimal max = new BigDecimal("100");
        assertThat(Interval.between(T0, new BigDecimal("60"), T0.plus(SLOT), new BigDecimal("9"), SLOT, max))
                .satisfies(i -> {
                    assertThat(i.flag()).isEqualTo(Interval.Flag.ROLLOVER);
                    assertThat(i.consumption()).isEqualByComparingTo("50");
                });
        assertThat(Interval.between(T0, new BigDecimal("60"), T0.plus(SLOT), new BigDecimal("10"), SLOT, max).flag())
                .isEqualTo(Interval.Flag.DECREASE);
    }

    @Test
    void aWrapAcrossMissingSlotsIsAGapWithItsConsumptionNotSpread() {
        // (100000.00 - 99990.00) + 20.00 = 30.00 over two slots
        Interval i = Interval.between(T0, new BigDecimal("99990.00"), T0.plus(SLOT.multipliedBy(2)),
                new BigDecimal("20.00"), SLOT, MAX);
        assertThat(i.flag()).isEqualTo(Interval.Flag.GAP);
        assertThat(i.consumption()).isEqualByComparingTo("30.00");
    }

    @Test
    void anIncreaseIsNormalWhateverTheMaximum() {
        Interval i = Interval.between(T0, new BigDecimal("10.00"), T0.plus(SLOT), new BigDecimal("12.00"), SLOT, MAX);
        assertThat(i.flag()).isEqualTo(Interval.Flag.NORMAL);
        assertThat(i.consumption()).isEqualByComparingTo("2.00");
    }

    @Test
    void meterChangesInTheSpanAreChainedCounterByCounter() {
        // old counter 1000.00 -> final 1050.00; reset at 0.00 -> final 20.00; new meter from 5.00 -> 8.00
        // (1050.00 - 1000.00) + (20.00 - 0.00) + (8.00 - 5.00) = 73.00
        var changes = java.util.List.of(
                new MeterChange(1, T0.plusSeconds(60), new BigDecimal("1050.00"), new BigDecimal("0.00")),
                new MeterChange(1, T0.plusSeconds(600), new BigDecimal("20.00"), new BigDecimal("5.00")));
        Interval i = Interval.between(T0, new BigDecimal("1000.00"), T0.plus(SLOT), new BigDecimal("8.00"), SLOT, null,
                changes);
        assertThat(i.flag()).isEqualTo(Interval.Flag.METER_CHANGE);
        assertThat(i.flag().usable()).isTrue();
        assertThat(i.consumption()).isEqualByComparingTo("73.00");
    }

    @Test
    void aMeterChangeTheReadingsContradictIsADecreaseAndOnlyChangesInsideTheSpanCount() {
        // final 990.00 below the start 1000.00: the readings contradict the event
        var contradicted = java.util.List.of(
                new MeterChange(1, T0.plusSeconds(60), new BigDecimal("990.00"), new BigDecimal("0.00")));
        Interval i = Interval.between(T0, new BigDecimal("1000.00"), T0.plus(SLOT), new BigDecimal("3.00"), SLOT, null,
                contradicted);
        assertThat(i.flag()).isEqualTo(Interval.Flag.DECREASE);
        assertThat(i.consumption()).isNull();
        // (start, end]: a change at the start belongs to the interval before, one at the end to this one
        var c = new MeterChange(1, T0, BigDecimal.ONE, BigDecimal.ZERO);
        assertThat(MeterChange.within(java.util.List.of(c), T0, T0.plus(SLOT))).isEmpty();
        assertThat(MeterChange.within(java.util.List.of(c), T0.minus(SLOT), T0)).containsExactly(c);
    }

    @Test
    void anIntervalIsGoodOnlyWhenBothItsReadingsAreGoodAndKeepsItsConsumptionEitherWay() {
        Interval i = Interval.between(T0, new BigDecimal("10.00"), T0.plus(SLOT), new BigDecimal("12.50"), SLOT);
        assertThat(i.good()).isTrue();
        for (boolean[] ends : new boolean[][] {{false, true}, {true, false}, {false, false}}) {
            Interval graded = i.withEnds(ends[0], ends[1]);
            assertThat(graded.good()).isFalse();
            assertThat(graded.consumption()).isEqualByComparingTo("2.50");
            assertThat(graded.flag()).isEqualTo(Interval.Flag.NORMAL);
        }
        assertThat(i.withEnds(true, true).good()).isTrue();
    }
}
