package io.energymon.uploader.directory;

import io.energymon.domain.config.EnterpriseConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The enterprises the uploader currently knows, as master data on {@code config.v1} describes them. Read by every
 * thread (Kafka listener, delivery, registration), replaced by the configuration feed; readers always see one
 * consistent map.
 */
@Component
public class EnterpriseDirectory {

    /** One enterprise's entry before and after a change; null when it did not exist / no longer exists. */
    public record Change(String key, Enterprise before, Enterprise after) {
    }

    private volatile Map<String, Enterprise> byKey = Map.of();

    public Optional<Enterprise> find(String tenantId, String enterpriseCode) {
        return Optional.ofNullable(byKey.get(EnterpriseConfig.key(tenantId, enterpriseCode)));
    }

    /** All enterprises, in no particular order. */
    public Collection<Enterprise> all() {
        return byKey.values();
    }

    public int size() {
        return byKey.size();
    }

    /**
     * Replaces the entries of the changed keys with the configuration given (absent = forgotten).
     *
     * @return the entries that really changed
     */
    public synchronized List<Change> apply(Map<String, EnterpriseConfig> all, Set<String> changedKeys) {
        Map<String, Enterprise> next = new HashMap<>(byKey);
        List<Change> changes = new ArrayList<>();
        for (String key : changedKeys) {
            EnterpriseConfig c = all.get(key);
            Enterprise before = next.get(key);
            Enterprise after = c == null ? null : Enterprise.of(c);
            if (after == null) {
                next.remove(key);
            } else {
                next.put(key, after);
            }
            if (!Objects.equals(before, after)) {
                changes.add(new Change(key, before, after));
            }
        }
        byKey = Map.copyOf(next);
        return changes;
    }
}
