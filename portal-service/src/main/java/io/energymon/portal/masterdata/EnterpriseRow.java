package io.energymon.portal.masterdata;

import io.energymon.domain.config.EnterpriseProfile;
import java.time.Instant;

/** An enterprise as stored: its profile, the profile's optimistic version and the master data revision. */
public record EnterpriseRow(String tenantId, String enterpriseCode, EnterpriseProfile profile, long version,
                            long revision, long publishedRevision, Instant updatedAt, Instant retiredAt) {
}
