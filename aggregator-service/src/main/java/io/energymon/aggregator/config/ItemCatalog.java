package io.energymon.aggregator.config;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The configured enterprises, their points and data items, as received over {@code config.v1}
 * ({@link ConfigFeedLifecycle}). Immutable snapshots swapped atomically: a reader takes {@link #snapshot()} once and
 * sees one consistent configuration for the whole of its work, while a change is being applied.
 */
@Component
public class ItemCatalog {
    private static final Logger log = LoggerFactory.getLogger(ItemCatalog.class);

    /** One consistent view of the configuration. */
    public record Snapshot(Map<EnterpriseRef, EnterpriseCatalog> enterprises, boolean loaded) {
        public Snapshot {
            enterprises = Map.copyOf(enterprises);
        }

        public Optional<EnterpriseCatalog> enterprise(EnterpriseRef ref) {
            return Optional.ofNullable(enterprises.get(ref));
        }

        public int itemCount() {
            return enterprises.values().stream().mapToInt(e -> e.items().size()).sum();
        }

        public int skippedCount() {
            return enterprises.values().stream().mapToInt(e -> e.skipped().size()).sum();
        }
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), false);

    public ItemCatalog(MeterRegistry registry) {
        Gauge.builder("aggregator_config_enterprises", this, c -> c.snapshot.enterprises().size())
                .description("enterprises configured over config.v1").register(registry);
        Gauge.builder("aggregator_config_items", this, c -> c.snapshot.itemCount())
                .description("data items usable for computation").register(registry);
        Gauge.builder("aggregator_config_items_skipped", this, c -> c.snapshot.skippedCount())
                .description("data items left out: formula or code unusable (see the log)").register(registry);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Optional<EnterpriseCatalog> enterprise(EnterpriseRef ref) {
        return snapshot.enterprise(ref);
    }

    /** True once the configuration has been read to the end of the topic at least once. */
    public boolean loaded() {
        return snapshot.loaded();
    }

    /**
     * Rebuilds the catalog from the whole configuration; enterprises not in {@code changedKeys} keep their entry. An
     * enterprise whose snapshot cannot be built at all (a bug, not a bad item: those are skipped) keeps its previous
     * entry.
     */
    public synchronized void update(Map<String, EnterpriseConfig> all, Set<String> changedKeys, boolean loaded) {
        Map<EnterpriseRef, EnterpriseCatalog> before = snapshot.enterprises();
        Map<EnterpriseRef, EnterpriseCatalog> next = new HashMap<>();
        for (EnterpriseConfig cfg : all.values()) {
            EnterpriseRef ref = cfg.ref();
            EnterpriseCatalog held = before.get(ref);
            if (held != null && !changedKeys.contains(cfg.key())) {
                next.put(ref, held);
                continue;
            }
            MDC.put("tenantId", ref.tenantId());
            MDC.put("enterpriseCode", ref.enterpriseCode());
            try {
                EnterpriseCatalog built = EnterpriseCatalog.of(cfg);
                for (EnterpriseCatalog.Skipped s : built.skipped()) {
                    log.error("data item {} of revision {} left out, its values are not computed: {}", s.dataCode(),
                            cfg.revision(), s.reason());
                }
                log.info("configuration revision {} in use: {}", cfg.revision(), built);
                next.put(ref, built);
            } catch (RuntimeException e) {
                log.error("configuration revision {} unusable, keeping {}", cfg.revision(),
                        held == null ? "none" : "revision " + held.revision(), e);
                if (held != null) {
                    next.put(ref, held);
                }
            } finally {
                MDC.remove("tenantId");
                MDC.remove("enterpriseCode");
            }
        }
        before.keySet().stream().filter(r -> !next.containsKey(r))
                .forEach(r -> log.info("enterprise {} retired: its readings are stored, no item is computed", r));
        snapshot = new Snapshot(next, loaded || snapshot.loaded());
    }
}
