package io.energymon.portal.manualentry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.EntryPeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryRulesTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24); // a Tuesday
    private static final PointConfig OUTPUT = new PointConfig("output", "产量", null, null, null, null, "t", null, null,
            null, 5);
    private static final Map<String, PointConfig> POINTS = Map.of("output", OUTPUT,
            "metered", new PointConfig("metered", "电表", "meter-1", null, null, null, "kWh", null, null, null, 4),
            "derived", new PointConfig("derived", "推算", null, null, null, null, "t", null, null, null, 3));

    @Test
    void periodStartsWhereTheAggregatorExpectsThem() {
        assertThat(check(EntryPeriod.DAY, TODAY, "1")).isEmpty();
        assertThat(check(EntryPeriod.WEEK, LocalDate.of(2026, 11, 23), "1")).isEmpty();
        assertThat(check(EntryPeriod.MONTH, LocalDate.of(2026, 11, 1), "1")).isEmpty();

        List<Violation> sunday = check(EntryPeriod.WEEK, LocalDate.of(2026, 11, 22), "1");
        assertThat(sunday).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("periodStart", EntryRules.MISALIGNED));
        assertThat(sunday.getFirst().messageZh()).contains("星期日").contains("2026-11-16");
        assertThat(sunday.getFirst().messageEn()).contains("SUNDAY").contains("2026-11-16");

        assertThat(check(EntryPeriod.MONTH, LocalDate.of(2026, 10, 31), "1")).extracting(Violation::rule)
                .containsExactly(EntryRules.MISALIGNED);
        assertThat(check(EntryPeriod.DAY, TODAY.plusDays(1), "1")).extracting(Violation::rule)
                .containsExactly("date.future");
        // 24 months back from the current month's start: 2024-11-01 is still accepted, the day before is not
        assertThat(check(EntryPeriod.MONTH, LocalDate.of(2024, 11, 1), "1")).isEmpty();
        assertThat(check(EntryPeriod.DAY, LocalDate.of(2024, 10, 31), "1")).extracting(Violation::rule)
                .containsExactly("date.too-old");
    }

    @Test
    void valuesAreNonNegativeWithAtMostSixDecimals() {
        assertThat(check(EntryPeriod.DAY, TODAY, "0")).isEmpty();
        assertThat(check(EntryPeriod.DAY, TODAY, "12.1234560000")).isEmpty();
        assertThat(check(EntryPeriod.DAY, TODAY, "12.1234567")).extracting(Violation::rule).containsExactly("scale");
        assertThat(check(EntryPeriod.DAY, TODAY, "-0.5")).extracting(Violation::rule).containsExactly("range");
        assertThat(check(EntryPeriod.DAY, TODAY, "1e15")).extracting(Violation::rule).containsExactly("range");
    }

    @Test
    void onlyManualPointsInTheirUnitWithKnownDistinctAttachments() {
        UUID known = UUID.randomUUID();
        assertThat(EntryRules.check(request("metered", "kWh", List.of()), POINTS, TODAY, 24, Set.of()))
                .extracting(Violation::rule).containsExactly("manual-entry.point-not-manual");
        assertThat(EntryRules.check(request("derived", "t", List.of()), POINTS, TODAY, 24, Set.of()))
                .extracting(Violation::rule).containsExactly("manual-entry.point-not-manual");
        assertThat(EntryRules.check(request("output", "kg", List.of()), POINTS, TODAY, 24, Set.of()))
                .extracting(Violation::field).containsExactly("unit");
        assertThat(EntryRules.check(request("output", "t", List.of(known, known, UUID.randomUUID())), POINTS, TODAY,
                24, Set.of(known)))
                .extracting(Violation::field, Violation::rule).containsExactly(
                        tuple("attachmentIds[1]", "duplicate"),
                        tuple("attachmentIds[2]", "reference"));
        assertThat(EntryRules.check(new ManualEntryRequest(null, null, null, null, null, null, null), POINTS, TODAY, 24,
                Set.of())).extracting(Violation::field)
                .containsExactlyInAnyOrder("pointId", "period", "periodStart", "value", "unit");
    }

    private static List<Violation> check(EntryPeriod period, LocalDate start, String value) {
        return EntryRules.check(new ManualEntryRequest("output", period, start, new BigDecimal(value), "t", null, null),
                POINTS, TODAY, 24, Set.of());
    }

    private static ManualEntryRequest request(String point, String unit, List<UUID> attachments) {
        return new ManualEntryRequest(point, EntryPeriod.DAY, TODAY, BigDecimal.ONE, unit, null, attachments);
    }
}
