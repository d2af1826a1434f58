package io.energymon.uploader.directory;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.TargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the uploader needs of an enterprise's master data ({@code config.v1}): who it is, the region it registers
 * with, and the platforms it uploads to (一端多传). Its client certificate is not part of it: that is a secret of the
 * uploader ({@code energymon.uploader.credentials-dir}).
 *
 * @param tenantId       tenant
 * @param enterpriseCode USCC
 * @param region         GB/T 2260 code sent at registration ({@code EnterpriseProfile.region})
 * @param revision       revision of the snapshot this was taken from
 * @param targets        the platforms it uploads to, each platform once, in the order of master data
 */
public record Enterprise(String tenantId, String enterpriseCode, String region, long revision, List<Target> targets) {

    /**
     * @param platformId id of a platform of {@code energymon.uploader.platforms}
     * @param enabled    false pauses deliveries to it; values are still queued for it
     */
    public record Target(String platformId, boolean enabled) {
    }

    public Enterprise {
        targets = List.copyOf(targets);
    }

    /** Takes what the uploader needs from a snapshot; a platform named twice counts once (the first entry wins). */
    public static Enterprise of(EnterpriseConfig c) {
        List<Target> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TargetConfig t : c.targets()) {
            if (t == null || t.platformId() == null || t.platformId().isBlank() || !seen.add(t.platformId())) {
                continue;
            }
            targets.add(new Target(t.platformId(), t.enabled()));
        }
        return new Enterprise(c.tenantId(), c.enterpriseCode(), c.profile().region(), c.revision(), targets);
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
        return "Enterprise[" + key() + ", revision " + revision + ", targets=" + targets + "]";
    }
}
