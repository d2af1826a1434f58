package io.energymon.aggregator.config;

import io.energymon.aggregator.config.AggregatorProperties.EnterpriseConfig;
import io.energymon.aggregator.config.AggregatorProperties.ItemConfig;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Lookup of the configured enterprises and of the data items bound to each point. */
@Component
public class ItemCatalog {
    private final Map<EnterpriseRef, EnterpriseConfig> enterprises = new HashMap<>();
    private final Map<PointKey, List<ItemConfig>> itemsByPoint = new HashMap<>();

    private record PointKey(EnterpriseRef enterprise, String pointId) {
    }

    public ItemCatalog(AggregatorProperties props) {
        for (EnterpriseConfig e : props.enterprises()) {
            EnterpriseRef ref = new EnterpriseRef(e.tenantId(), e.enterpriseCode());
            if (enterprises.put(ref, e) != null) {
                throw new IllegalArgumentException("enterprise " + ref + " configured twice");
            }
            for (ItemConfig item : e.items()) {
                itemsByPoint.computeIfAbsent(new PointKey(ref, item.pointId()), k -> new java.util.ArrayList<>()).add(item);
            }
        }
    }

    public Optional<EnterpriseConfig> enterprise(EnterpriseRef ref) {
        return Optional.ofNullable(enterprises.get(ref));
    }

    public ZoneId zone(EnterpriseRef ref) {
        return enterprise(ref).map(EnterpriseConfig::zone).orElse(ZoneId.of("Asia/Shanghai"));
    }

    public List<ItemConfig> itemsOf(EnterpriseRef ref, String pointId) {
        return itemsByPoint.getOrDefault(new PointKey(ref, pointId), List.of());
    }
}
