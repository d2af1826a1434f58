package io.energymon.aggregator.manual;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.EntryPeriod;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualPeriodsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Reading entry(EntryPeriod period, String ts) {
        return Reading.entry("p", period, Instant.parse(ts), BigDecimal.ONE, 5);
    }

    @Test
    void anEntryMustStartAtLocalMidnightOfItsDayMondayOrFirstOfTheMonth() {
        // 2026-10-01 is a Thursday; 2026-09-28 a Monday; local midnight in Shanghai is 16:00 UTC the day before
        assertThat(ManualPeriods.misalignment(entry(EntryPeriod.DAY, "2026-09-30T16:00:00Z"), SHANGHAI)).isEmpty();
        assertThat(ManualPeriods.misalignment(entry(EntryPeriod.MONTH, "2026-09-30T16:00:00Z"), SHANGHAI)).isEmpty();
        assertThat(ManualPeriods.misalignment(entry(EntryPeriod.WEEK, "2026-09-27T16:00:00Z"), SHANGHAI)).isEmpty();

        assertThat(ManualPeriods.misalignment(entry(EntryPeriod.WEEK, "2026-09-30T16:00:00Z"), SHANGHAI)).get()
                .asString().contains("2026-09-27T16:00:00Z").contains("Monday");
        assertThat(ManualPeriods.misalignment(entry(EntryPeriod.MONTH, "2026-10-01T16:00:00Z"), SHANGHAI)).get()
                .asString().contains("2026-09-30T16:00:00Z").contains("1st of the month");
        // UTC midnight is 08:00 in Shanghai
        assertThat(ManualPeriods.misalignment(entry(EntryPeriod.DAY, "2026-10-01T00:00:00Z"), SHANGHAI)).get()
                .asString().contains("2026-09-30T16:00:00Z").contains("不是");
        // a slot reading has no period to check
        assertThat(ManualPeriods.misalignment(Reading.good("p", Instant.parse("2026-10-01T00:07:00Z"), BigDecimal.ONE,
                4), SHANGHAI)).isEmpty();
    }

    @Test
    void anItemIsManualWhenAllItsPointsDirectlyOrThroughItemsAreEnteredByHand() {
        PointConfig output = new PointConfig("output", "output", null, null, null, PointKind.CUMULATIVE, "t", null,
                null, null, 5);
        PointConfig polled = new PointConfig("meter", "meter", "dev-1", null, null, PointKind.CUMULATIVE, "kWh", null,
                null, null, 5);
        PointConfig noSource = TestConfigs.cumulative("e"); // no device but source 4: not entered by hand
        EnterpriseCatalog e = EnterpriseCatalog.of(TestConfigs.enterprise("t", "91360100MA35K8P233", 1,
                List.of(output, polled, noSource),
                List.of(item("0000000004000111", "[output] * 1000"), item("0000000004000211", "{0000000004000111} / 2"),
                        item("0000000002330011", "[output] + [meter]"), item("0000000002330021", "[e]"))));

        assertThat(e.items()).filteredOn(i -> ManualPeriods.manualItem(e, i)).extracting(i -> i.dataCode())
                .containsExactlyInAnyOrder("0000000004000111", "0000000004000211");
    }

    private static ItemConfig item(String code, String formula) {
        return new ItemConfig(code, code, List.of(2), formula, 5, 1, "t", null, null);
    }
}
