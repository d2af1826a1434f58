package io.energymon.aggregator.config;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static io.energymon.aggregator.config.TestConfigs.instantaneous;
import static io.energymon.aggregator.config.TestConfigs.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.aggregator.config.EnterpriseCatalog.Skipped;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Building the catalog of one enterprise's snapshot: an item that cannot be computed is left out with a reason that
 * says what to fix, and never takes the other items or the enterprise with it; dependencies and their order.
 */
class EnterpriseCatalogTest {
    private static final String A = "91360100MA35K8P233";

    private static EnterpriseCatalog catalog(List<PointConfig> points, List<ItemConfig> items) {
        return EnterpriseCatalog.of(TestConfigs.enterprise("t", A, 7, points, items));
    }

    private static ItemConfig coded(String code, String formula, int inputType, int scope) {
        return new ItemConfig(code, "x", null, formula, inputType, scope, "kWh", null, null);
    }

    private static List<String> codes(List<CatalogItem> items) {
        return items.stream().map(CatalogItem::dataCode).toList();
    }

    @Test
    void zonePointsAndItemsOfTheSnapshot() {
        EnterpriseCatalog c = catalog(List.of(cumulative("e"), instantaneous("p")),
                List.of(item("0000000002330011", "[e]"), item("0000000002330012", "[p] * 0.25")));
        assertThat(c.ref()).isEqualTo(new EnterpriseRef("t", A));
        assertThat(c.revision()).isEqualTo(7);
        assertThat(c.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(c.kind("e")).contains(PointKind.CUMULATIVE);
        assertThat(c.kind("p")).contains(PointKind.INSTANTANEOUS);
        assertThat(c.kind("nope")).isEmpty();
        assertThat(c.items()).hasSize(2);
        assertThat(c.skipped()).isEmpty();
    }

    @Test
    void subMetersNameAKnownOtherMeterAndOnlyTheirAndTheirMainMetersCountersAreBalanced() {
        List<MeterConfig> meters = List.of(meter("M", null), meter("S1", "M"), meter("S2", "M"), meter("SELF", "SELF"),
                meter("ORPHAN", "GONE"), meter("LONE", null));
        List<PointConfig> points = List.of(counter("m.kwh", "M"), counter("s1.kwh", "S1"),
                counter("orphan.kwh", "ORPHAN"), counter("lone.kwh", "LONE"),
                new PointConfig("s1.kw", "kW", null, "S1", null, PointKind.INSTANTANEOUS, "kW", null, null, null,
                        null));
        var base = TestConfigs.enterprise("t", A, 7, points, List.of());
        EnterpriseCatalog c = EnterpriseCatalog.of(new io.energymon.domain.config.EnterpriseConfig(base.tenantId(),
                base.enterpriseCode(), 7, base.updatedAt(), base.profile(), null, null, null, meters, null, null,
                points, List.of(), null));
        assertThat(c.subMeters()).containsExactly(java.util.Map.entry("M", List.of("S1", "S2")));
        assertThat(List.of("m.kwh", "s1.kwh", "s1.kw", "orphan.kwh", "lone.kwh")).filteredOn(c::balanced)
                .containsExactly("m.kwh", "s1.kwh");
        assertThat(c.bound("m.kwh")).isFalse(); // no item uses it: balanced only
    }

    private static MeterConfig meter(String code, String parent) {
        return new MeterConfig(code, code, null, null, null, null, null, null, "3300", parent);
    }

    private static PointConfig counter(String id, String meter) {
        return new PointConfig(id, id, null, meter, null, PointKind.CUMULATIVE, "kWh", null, null, null, null);
    }

    @Test
    void aWholePlantItemWithZeroNarrowSegmentsIsAcceptedAndAHyphenatedCodeIsKeptAsBareDigits() {
        EnterpriseCatalog c = catalog(List.of(cumulative("e")),
                List.of(coded("0000000002330011", "[e]", 4, 1), coded("01-00-0000-023300-11", "[e]", 4, 2)));
        assertThat(c.skipped()).isEmpty();
        assertThat(c.item("0100000002330011")).isPresent();
    }

    @Test
    void aCodeInconsistentWithItsScopeIsLeftOutWithTheExpectedCode() {
        EnterpriseCatalog c = catalog(List.of(cumulative("e")),
                List.of(coded("0100000002330011", "[e]", 4, 1), item("0000000002330011", "[e]")));
        assertThat(c.items()).extracting(CatalogItem::dataCode).containsExactly("0000000002330011");
        assertThat(c.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .contains("应为 0000000002330011").contains("expected 0000000002330011"));
    }

    @Test
    void malformedCodesInputTypesScopesAndFormulasAreLeftOutAndTheOthersKept() {
        EnterpriseCatalog c = catalog(List.of(cumulative("e")), List.of(
                coded("00000000023300", "[e]", 4, 1),
                coded("0000000002330012", "[e]", 8, 1),
                coded("0000000002330013", "[e]", 4, 5),
                coded("0000000002330014", "[e] +", 4, 1),
                coded("0000000002330015", "  ", 4, 1),
                item("0000000002330011", "[e] * 2")));
        assertThat(c.items()).extracting(CatalogItem::dataCode).containsExactly("0000000002330011");
        assertThat(c.skipped()).extracting(Skipped::reason).satisfiesExactly(
                r -> assertThat(r).contains("16 or 17 digits"),
                r -> assertThat(r).contains("1..7"),
                r -> assertThat(r).contains("1..4"),
                r -> assertThat(r).contains("formula does not parse"),
                r -> assertThat(r).contains("has no formula"));
        assertThat(c.dependentsOf("e")).extracting(CatalogItem::dataCode).containsExactly("0000000002330011");
    }

    @Test
    void anItemReferencingAnUnknownPointOrALeftOutItemIsLeftOutToo() {
        EnterpriseCatalog c = catalog(List.of(cumulative("e")), List.of(
                item("0000000002330011", "[missing]"),
                item("0000000002330012", "{0000000002330011} + [e]"),
                item("0000000002330013", "{00-00-0000-023300-12} * 2"),
                item("0000000002330014", "[e]")));
        assertThat(c.items()).extracting(CatalogItem::dataCode).containsExactly("0000000002330014");
        assertThat(c.skipped()).extracting(Skipped::dataCode)
                .containsExactly("0000000002330011", "0000000002330012", "0000000002330013");
        assertThat(c.skipped().getFirst().reason()).contains("[missing]");
    }

    @Test
    void itemsOnACycleAndTheirDependentsAreLeftOutTheRestIsOrdered() {
        EnterpriseCatalog c = catalog(List.of(cumulative("e")), List.of(
                item("0000000002330011", "{0000000002330012} + [e]"),
                item("0000000002330012", "{0000000002330011}"),
                item("0000000002330013", "{0000000002330011} * 2"),
                item("0000000002330014", "[e]")));
        assertThat(c.items()).extracting(CatalogItem::dataCode).containsExactly("0000000002330014");
        assertThat(c.skipped()).extracting(Skipped::dataCode)
                .containsExactlyInAnyOrder("0000000002330011", "0000000002330012", "0000000002330013");
        assertThat(c.skipped()).filteredOn(s -> s.dataCode().equals("0000000002330011")).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("循环").contains("circular"));
    }

    @Test
    void aPointIsBoundToTheItemsDependingOnItDirectlyOrThroughOtherItemsInTopologicalOrder() {
        // listed in reverse order of evaluation on purpose
        EnterpriseCatalog c = catalog(List.of(cumulative("a"), cumulative("b"), cumulative("unused")), List.of(
                item("0000000002330014", "{0000000002330013} - [a]"),
                item("0000000002330013", "{0000000002330012} * 2"),
                item("0000000002330012", "sum([a], [b])"),
                item("0000000002330011", "[b]")));
        assertThat(codes(c.dependentsOf("a")))
                .containsExactly("0000000002330012", "0000000002330013", "0000000002330014");
        assertThat(codes(c.dependentsOf("b")))
                .containsExactly("0000000002330011", "0000000002330012", "0000000002330013", "0000000002330014");
        assertThat(c.bound("a")).isTrue();
        assertThat(c.bound("unused")).isFalse();
        assertThat(c.dependentsOf("unused")).isEmpty();
    }
}
