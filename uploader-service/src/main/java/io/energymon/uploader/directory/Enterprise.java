package io.energymon.uploader.directory;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the uploader needs of an enterprise's master data ({@code config.v1}): who it is, the region it registers
 * with, the platforms it uploads to (一端多传), and the periods each of its data items is reported for. Its client
 * certificate is not part of it: that is a secret of the uploader ({@code energymon.uploader.credentials-dir}).
 *
 * @param tenantId       tenant
 * @param enterpriseCode USCC
 * @param region         GB/T 2260 code sent at registration ({@code EnterpriseProfile.region})
 * @param revision       revision of the snapshot this was taken from
 * @param targets        the platforms it uploads to, each platform once, in the order of master data
 * @param statTypes      per data item code (bare digits, as in {@code ItemValue.dataCode}): the periods it is reported
 *                       for ({@code ItemConfig.statTypes}: 0 real-time, 1 day, 2 month, 3 year)
 * @param layoutProfile  the layout of its data item codes ({@code EnterpriseProfile.layoutProfile}: NHJC16, DB36_17)
 * @param scopes         per data item code: its scope ({@code ItemConfig.scope}: 1 whole plant ... 4 key equipment),
 *                       the first entry's when a code is named twice
 */
public record Enterprise(String tenantId, String enterpriseCode, String region, long revision, List<Target> targets,
                         Map<String, Set<Integer>> statTypes, String layoutProfile, Map<String, Integer> scopes) {

    /**
     * @param platformId id of a platform of {@code energymon.uploader.platforms}
     * @param enabled    false pauses deliveries to it; values are still queued for it
     */
    public record Target(String platformId, boolean enabled) {
    }

    public Enterprise {
        targets = List.copyOf(targets);
        Map<String, Set<Integer>> copy = new HashMap<>();
        statTypes.forEach((code, types) -> copy.put(code, Set.copyOf(types)));
        statTypes = Map.copyOf(copy);
        scopes = Map.copyOf(scopes);
    }

    /**
     * Takes what the uploader needs from a snapshot; a platform named twice counts once (the first entry wins), an
     * item code named twice reports the periods of both entries (nothing the master data asks for is withheld).
     */
    public static Enterprise of(EnterpriseConfig c) {
        List<Target> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TargetConfig t : c.targets()) {
            if (t == null || t.platformId() == null || t.platformId().isBlank() || !seen.add(t.platformId())) {
                continue;
            }
            targets.add(new Target(t.platformId(), t.enabled()));
        }
        Map<String, Set<Integer>> statTypes = new HashMap<>();
        Map<String, Integer> scopes = new HashMap<>();
        for (ItemConfig item : c.items()) {
            if (item == null || item.dataCode() == null || item.dataCode().isBlank()) {
                continue;
            }
            statTypes.computeIfAbsent(item.dataCode(), k -> new HashSet<>()).addAll(item.statTypes());
            scopes.putIfAbsent(item.dataCode(), item.scope());
        }
        return new Enterprise(c.tenantId(), c.enterpriseCode(), c.profile().region(), c.revision(), targets, statTypes,
                c.profile().layoutProfile(), scopes);
    }

    /** True when the item is in the enterprise's configuration (whatever periods it is reported for). */
    public boolean configures(String dataCode) {
        return statTypes.containsKey(dataCode);
    }

    /**
     * False only when the item is configured and the period is not among its {@code statTypes}: such a value is not
     * sent to any platform. A value of an item that is not in the configuration (retired, or not known yet) counts
     * as reported, so that nothing is withheld on the strength of a configuration that does not describe it.
     */
    public boolean reports(String dataCode, int statType) {
        Set<Integer> types = statTypes.get(dataCode);
        return types == null || types.contains(statType);
    }

    /** The record key of its snapshot, {@code tenantId/USCC}. */
    public String key() {
        return EnterpriseConfig.key(tenantId, enterpriseCode);
    }

    /** True when values of the enterprise have somewhere to go (an enabled or a paused target). */
    public boolean hasTargets() {
        return !targets.isEmpty();
    }

    @Override
    public String toString() {
        return "Enterprise[" + key() + ", revision " + revision + ", targets=" + targets + ", " + statTypes.size()
                + " item(s)]";
    }
}
