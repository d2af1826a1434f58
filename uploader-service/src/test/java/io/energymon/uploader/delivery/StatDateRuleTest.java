package io.energymon.uploader.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class StatDateRuleTest {
    private static final String CODE = "0000000002330011";
    private static final Duration QUARTER = Duration.ofMinutes(15);

    private static boolean fits(int statType, String statDate) {
        return StatDateRule.violation(CODE, statType, LocalDateTime.parse(statDate), QUARTER).isEmpty();
    }

    @Test
    void realTimeValuesStartOnAQuarterHour() {
        assertThat(fits(0, "2026-11-23T12:15:00")).isTrue();
        assertThat(fits(0, "2026-11-23T00:00:00")).isTrue();
        assertThat(fits(0, "2026-11-23T12:07:00")).isFalse();
        assertThat(fits(0, "2026-11-23T12:15:30")).isFalse();
        assertThat(fits(0, "2026-11-23T12:15:00.5")).isFalse();
    }

    @Test
    void aShorterRealTimePeriodAcceptsItsOwnBoundaries() {
        assertThat(StatDateRule.violation(CODE, 0, LocalDateTime.parse("2026-11-23T12:00:05"), Duration.ofSeconds(5)))
                .isEmpty();
        assertThat(StatDateRule.violation(CODE, 0, LocalDateTime.parse("2026-11-23T12:00:07"), Duration.ofSeconds(5)))
                .isPresent();
    }

    @Test
    void dayMonthAndYearValuesStartOnTheFirstInstantOfTheirPeriod() {
        assertThat(fits(1, "2026-11-23T00:00:00")).isTrue();
        assertThat(fits(1, "2026-11-23T00:15:00")).isFalse();
        assertThat(fits(2, "2026-11-01T00:00:00")).isTrue();
        assertThat(fits(2, "2026-11-02T00:00:00")).isFalse();
        assertThat(fits(2, "2026-11-01T08:00:00")).isFalse();
        assertThat(fits(3, "2026-01-01T00:00:00")).isTrue();
        assertThat(fits(3, "2026-02-01T00:00:00")).isFalse();
    }

    @Test
    void theReasonIsBilingualAndNamesTheItemAndTheDate() {
        assertThat(StatDateRule.violation(CODE, 2, LocalDateTime.parse("2026-11-02T00:00:00"), QUARTER))
                .hasValueSatisfying(m -> assertThat(m)
                        .startsWith("本地校验未通过：数据项 " + CODE)
                        .contains(" / refused locally: data item " + CODE + ", statType 2, statDate 2026-11-02 00:00:00")
                        .contains("month's first instant"));
    }
}
