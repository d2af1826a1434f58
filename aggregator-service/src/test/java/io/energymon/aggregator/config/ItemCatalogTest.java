package io.energymon.aggregator.config;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static io.energymon.aggregator.config.TestConfigs.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Swapping the catalog on every change of the configuration: changed enterprises rebuilt, the others kept. */
class ItemCatalogTest {
    private static final String A = "91360100MA35K8P233";
    private static final String B = "91360700MA37Q2W50Q";
    private static final EnterpriseRef TA = new EnterpriseRef("t", A);
    private static final EnterpriseRef TB = new EnterpriseRef("t", B);

    private static EnterpriseConfig cfg(String uscc, long revision, String formula) {
        return TestConfigs.enterprise("t", uscc, revision, List.of(cumulative("e")),
                List.of(item("0000000002330011", formula), item("0000000002330012", "[e] +")));
    }

    @Test
    void changedEnterprisesAreRebuiltTheOthersKeptRetiredOnesForgotten() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ItemCatalog catalog = new ItemCatalog(registry);
        assertThat(catalog.loaded()).isFalse();
        assertThat(catalog.enterprise(TA)).isEmpty();

        EnterpriseConfig a1 = cfg(A, 1, "[e]");
        EnterpriseConfig b1 = cfg(B, 1, "[e]");
        catalog.update(Map.of(a1.key(), a1, b1.key(), b1), Set.of(a1.key(), b1.key()), true);
        ItemCatalog.Snapshot first = catalog.snapshot();
        assertThat(catalog.loaded()).isTrue();
        assertThat(first.itemCount()).isEqualTo(2);
        assertThat(first.skippedCount()).isEqualTo(2); // "[e] +" does not parse, in both
        assertThat(registry.get("aggregator_config_items").gauge().value()).isEqualTo(2);
        assertThat(registry.get("aggregator_config_items_skipped").gauge().value()).isEqualTo(2);
        assertThat(registry.get("aggregator_config_enterprises").gauge().value()).isEqualTo(2);

        EnterpriseConfig a2 = cfg(A, 2, "[e] * 2");
        catalog.update(Map.of(a2.key(), a2, b1.key(), b1), Set.of(a2.key()), false);
        assertThat(catalog.enterprise(TA).orElseThrow().revision()).isEqualTo(2);
        assertThat(catalog.enterprise(TA).orElseThrow().item("0000000002330011").orElseThrow().formula())
                .hasToString("[e] * 2");
        assertThat(catalog.enterprise(TB).orElseThrow()).isSameAs(first.enterprise(TB).orElseThrow());
        assertThat(catalog.loaded()).as("stays loaded").isTrue();
        assertThat(first.enterprise(TA).orElseThrow().revision()).as("a snapshot never changes").isEqualTo(1);

        catalog.update(Map.of(a2.key(), a2), Set.of(b1.key()), false); // B's tombstone
        assertThat(catalog.enterprise(TB)).isEmpty();
        assertThat(catalog.enterprise(TA)).isPresent();
    }
}
