package io.energymon.aggregator.query;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.energy.AccountingView;
import io.energymon.aggregator.energy.EnergyProperties;
import io.energymon.domain.config.ItemConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which items an energy type or process series sums (no item counted twice, the accounting's signs), and the periods
 * and range checks of a request.
 */
class EnergySeriesMembersTest {
    private static final EnergyProperties PROPS = new EnergyProperties(Set.of("11"), Set.of("14"), Set.of(),
            new BigDecimal("0.8"), Map.of());

    private static AccountingView view(List<ItemConfig> items) {
        EnterpriseCatalog c = EnterpriseCatalog.of(TestConfigs.enterprise("t", "91360100MA35K8P233", 1,
                List.of(cumulative("e")), items));
        return AccountingView.of(c, PROPS);
    }

    private static ItemConfig item(String code, int scope, String unit) {
        return new ItemConfig(code, "x", null, "[e]", 4, scope, unit, null, null);
    }

    private static List<String> codes(EnergySeriesMembers m) {
        return m.members().stream().map(EnergySeriesMembers.Member::dataCode).toList();
    }

    @Test
    void anEnergyTypeSumsItsWholePlantConsumptionLessExternalSupplyAndNothingElse() {
        AccountingView v = view(List.of(item("0000000002330011", 1, "kWh"), item("0000000002330014", 1, "MWh"),
                item("0000000002330013", 1, "kWh"), // another use (e.g. purchase): not counted
                item("0100000002330011", 2, "kWh"), // a process's part of the whole plant
                item("0000000001150011", 1, "m3"))); // natural gas
        EnergySeriesMembers m = EnergySeriesMembers.ofEnergyType(v, "3300").orElseThrow();
        assertThat(codes(m)).containsExactly("0000000002330011", "0000000002330014");
        assertThat(m.members()).extracting(EnergySeriesMembers.Member::sign).containsExactly(1, -1);
        assertThat(m.physicalUnit()).isEqualTo("kWh");
        // MWh external supply counts −1000 kWh per MWh
        assertThat(m.multipliers("kWh")).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(BigDecimal.ONE, new BigDecimal("-1000"));
        assertThat(EnergySeriesMembers.ofEnergyType(v, "1200")).isEmpty();
        // an energy type with process items only is known, but has nothing whole-plant to sum
        assertThat(EnergySeriesMembers.ofEnergyType(view(List.of(item("0100000002330011", 2, "kWh"))), "3300")
                .orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void aProcessTakesItsOwnItemsOfAnEnergyTypeElseItsUnitsItems() {
        AccountingView v = view(List.of(item("0100000002330011", 2, "kWh"), item("0101000002330011", 3, "kWh"),
                item("0101000001150011", 3, "m3"), item("0102000001150011", 3, "m3"),
                item("0200000002330011", 2, "kWh"))); // another process
        EnergySeriesMembers all = EnergySeriesMembers.ofProcess(v, "01", null);
        assertThat(codes(all)).containsExactlyInAnyOrder("0100000002330011", "0101000001150011", "0102000001150011");
        assertThatThrownBy(all::physicalUnit).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("several energy types").hasMessageContaining("unit=tce");
        assertThat(EnergySeriesMembers.ofProcess(v, "01", "1500").physicalUnit()).isEqualTo("m3");
        assertThat(EnergySeriesMembers.ofProcess(v, "03", null).isEmpty()).isTrue();
    }

    @Test
    void periodsAreParsedAndARangeIsAlignedAndLimited() {
        assertThat(SeriesPeriod.parse("15min")).isEqualTo(SeriesPeriod.QUARTER);
        assertThat(SeriesPeriod.parse("Month")).isEqualTo(SeriesPeriod.MONTH);
        assertThatThrownBy(() -> SeriesPeriod.parse("week")).hasMessageContaining("week")
                .hasMessageContaining("15min|hour|day|month|year");
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        SeriesPeriod.Range months = SeriesPeriod.MONTH.range(LocalDate.parse("2027-01-15"),
                LocalDate.parse("2027-06-01"), zone);
        assertThat(months.first()).isEqualTo(LocalDateTime.parse("2027-02-01T00:00"));
        assertThat(SeriesPeriod.YEAR.range(LocalDate.parse("2027-03-01"), LocalDate.parse("2027-12-31"), zone).empty())
                .isTrue();
        assertThatThrownBy(() -> SeriesPeriod.HOUR.range(LocalDate.parse("2027-01-01"), LocalDate.parse("2027-05-01"),
                zone)).hasMessageContaining("at most 92 days");
        assertThatThrownBy(() -> SeriesPeriod.DAY.range(LocalDate.parse("2027-01-02"), LocalDate.parse("2027-01-01"),
                zone)).hasMessageContaining("must be after from");
    }
}
