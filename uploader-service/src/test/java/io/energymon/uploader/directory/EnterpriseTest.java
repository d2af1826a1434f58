package io.energymon.uploader.directory;

import static io.energymon.uploader.testing.UploaderTestSupport.config;
import static io.energymon.uploader.testing.UploaderTestSupport.item;
import static io.energymon.uploader.testing.UploaderTestSupport.target;
import static io.energymon.uploader.testing.UploaderTestSupport.uscc;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.domain.config.ItemConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnterpriseTest {
    private static final String USCC = uscc(901);

    @Test
    void carriesEachItemsStatTypesFromTheSnapshot() {
        Enterprise e = Enterprise.of(config("t", USCC, 3, List.of(item("0000000002330011", 1, 2),
                item("0000000002330021", 0, 1, 2),
                // no statTypes in master data: the record's default, real-time, day and month
                new ItemConfig("0000000002330031", "默认", null, "[p]", 4, 1, "kWh", null, null)),
                target("sim", true)));

        assertThat(e.statTypes()).isEqualTo(Map.of("0000000002330011", Set.of(1, 2),
                "0000000002330021", Set.of(0, 1, 2), "0000000002330031", Set.of(0, 1, 2)));
        assertThat(e.reports("0000000002330011", 0)).isFalse();
        assertThat(e.reports("0000000002330011", 1)).isTrue();
        assertThat(e.reports("0000000002330011", 3)).isFalse();
        assertThat(e.reports("0000000002330021", 0)).isTrue();
        assertThat(e.reports("0000000002330031", 0)).isTrue();
        assertThat(e.reports("0000000002330031", 3)).isFalse();
    }

    @Test
    void anItemNotInTheConfigurationIsReportedForEveryPeriod() {
        Enterprise e = Enterprise.of(config("t", USCC, 1, List.of(item("0000000002330011", 1)), target("sim", true)));

        assertThat(e.configures("0000000002330099")).isFalse();
        for (int statType = 0; statType <= 3; statType++) {
            assertThat(e.reports("0000000002330099", statType)).isTrue();
        }
        assertThat(Enterprise.of(config("t", USCC, 1, target("sim", true))).reports("0000000002330011", 0)).isTrue();
    }

    @Test
    void anItemCodeNamedTwiceReportsThePeriodsOfBothEntries() {
        Enterprise e = Enterprise.of(config("t", USCC, 1, List.of(item("0000000002330011", 1),
                item("0000000002330011", 0)), target("sim", true)));

        assertThat(e.statTypes()).containsEntry("0000000002330011", Set.of(0, 1));
    }

    @Test
    void carriesTheLayoutProfileAndEachItemsScopeTheFirstEntryWinning() {
        Enterprise e = Enterprise.of(config("t", USCC, 1, List.of(item("0000000002330011", 0),
                new ItemConfig("0100000002330011", "工序", List.of(0), "[p]", 4, 2, "kWh", null, null),
                new ItemConfig("0000000002330011", "again", List.of(1), "[p]", 4, 3, "kWh", null, null)),
                target("sim", true)));

        assertThat(e.layoutProfile()).isEqualTo("NHJC16"); // the profile's default when master data names none
        assertThat(e.scopes()).isEqualTo(Map.of("0000000002330011", 1, "0100000002330011", 2));
    }

    @Test
    void aChangeOfStatTypesAloneMakesADifferentEnterprise() {
        Enterprise before = Enterprise.of(config("t", USCC, 1, List.of(item("0000000002330011", 0, 1)),
                target("sim", true)));
        Enterprise after = Enterprise.of(config("t", USCC, 1, List.of(item("0000000002330011", 1)),
                target("sim", true)));

        assertThat(after).isNotEqualTo(before);
        assertThat(after.targets()).isEqualTo(before.targets());
    }
}
