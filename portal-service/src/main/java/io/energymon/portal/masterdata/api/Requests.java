package io.energymon.portal.masterdata.api;

import io.energymon.domain.config.EnterpriseProfile;

/** Request bodies of the master-data API. */
public final class Requests {
    private Requests() {
    }

    /** An update: the version the caller read (409 when it is no longer current) and the new data. */
    public record Update<T>(Long version, T data) {
    }

    /** Names the version the caller read, e.g. to retire. */
    public record VersionRef(Long version) {
    }

    /** A new enterprise: its USCC and its profile. */
    public record NewEnterprise(String enterpriseCode, EnterpriseProfile profile) {
    }
}
