package io.energymon.uploader.basedata;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.platform.BaseDataSet;
import io.energymon.uploader.platform.BaseDataSet.CodeEntry;
import io.energymon.uploader.platform.PlatformVersions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which configured items a platform's code lists reject, and why. */
class ItemCodeCheckTest {
    private static final String USCC = "91360100MA00090113";

    /** Data classes 01..10 minus none, energy types 3300 and 1500 only, use codes 11 and 12, processes 00 and 02. */
    private static BaseDataService.Current lists(String dicVersion) {
        BaseDataSet set = new BaseDataSet("1", dicVersion, Map.of(
                "dataClasses", List.of(entry("01"), entry("02"), entry("03"), entry("04"), entry("05"), entry("06"),
                        entry("07"), entry("08"), entry("09"), entry("10")),
                "energyTypes", List.of(entry("3300"), entry("1500")),
                "useCodes", List.of(entry("11"), entry("12")),
                "processes", List.of(entry("00"), entry("02"))));
        return new BaseDataService.Current(new PlatformVersions("1", dicVersion), set, CodeLists.of(set));
    }

    private static CodeEntry entry(String code) {
        return new CodeEntry(code, "名称 " + code, Map.of());
    }

    private static Enterprise enterprise(String layout, Map<String, Integer> scopes) {
        Map<String, Set<Integer>> statTypes = new java.util.HashMap<>();
        scopes.keySet().forEach(code -> statTypes.put(code, Set.of(0)));
        return new Enterprise("t", USCC, "360111", 1, List.of(new Enterprise.Target("sim", true)), statTypes, layout,
                scopes);
    }

    @Test
    void codesWhoseSegmentsAreAllInTheListsPass() {
        Enterprise e = enterprise("NHJC16", Map.of("0000000002330011", 1, "0000000001150012", 1,
                "0200000002330011", 2));

        assertThat(ItemCodeCheck.findings(e, lists("7"))).isEmpty();
    }

    @Test
    void aSegmentMissingFromItsListNamesTheCodeTheListAndItsVersion() {
        Enterprise e = enterprise("NHJC16", Map.of("0000000002370011", 1, "0000000002330013", 1,
                "0300000002330011", 2, "0000000002330011", 1));

        Map<String, String> found = ItemCodeCheck.findings(e, lists("7"));

        assertThat(found).containsOnlyKeys("0000000002370011", "0000000002330013", "0300000002330011");
        assertThat(found.get("0000000002370011")).contains("3700").contains("7").contains(" / ");
        assertThat(found.get("0000000002330013")).contains("13");
        assertThat(found.get("0300000002330011")).contains("03");
    }

    @Test
    void scopeRulesUnknownScopesAndUnknownLayoutsAreFindingsToo() {
        // scope 1 requires process 00; scope 9 does not exist; a 16-digit code is not of the DB36_17 layout
        assertThat(ItemCodeCheck.findings(enterprise("NHJC16", Map.of("0200000002330011", 1)), lists("7")))
                .containsKey("0200000002330011");
        assertThat(ItemCodeCheck.findings(enterprise("NHJC16", Map.of("0000000002330011", 9)), lists("7")))
                .hasEntrySatisfying("0000000002330011", m -> assertThat(m).contains("1..4"));
        assertThat(ItemCodeCheck.findings(enterprise("DB36_17", Map.of("0000000002330011", 1)), lists("7")))
                .containsKey("0000000002330011");
        assertThat(ItemCodeCheck.findings(enterprise("NHJC99", Map.of("0000000002330011", 1)), lists("7")))
                .hasEntrySatisfying("0000000002330011", m -> assertThat(m).contains("NHJC99"));
    }
}
