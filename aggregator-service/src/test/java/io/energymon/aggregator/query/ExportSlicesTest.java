package io.energymon.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ExportSlicesTest {
    private static LocalDateTime t(String s) {
        return LocalDateTime.parse(s);
    }

    @Test
    void aRangeIsReadMonthByMonthFromItsFirstDayToItsEnd() {
        assertThat(ExportQuery.sliceBounds(SeriesPeriod.QUARTER, t("2026-01-15T00:00"), t("2026-03-10T00:00")))
                .containsExactly(t("2026-01-15T00:00"), t("2026-02-01T00:00"), t("2026-03-01T00:00"),
                        t("2026-03-10T00:00"));
        assertThat(ExportQuery.sliceBounds(SeriesPeriod.DAY, t("2026-10-01T00:00"), t("2026-11-01T00:00")))
                .containsExactly(t("2026-10-01T00:00"), t("2026-11-01T00:00"));
    }

    @Test
    void yearsAreNeverSplit() {
        assertThat(ExportQuery.sliceBounds(SeriesPeriod.YEAR, t("2025-01-01T00:00"), t("2027-01-01T00:00")))
                .containsExactly(t("2025-01-01T00:00"), t("2027-01-01T00:00"));
    }
}
