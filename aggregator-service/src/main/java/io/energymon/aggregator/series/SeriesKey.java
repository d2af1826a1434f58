package io.energymon.aggregator.series;

import io.energymon.domain.tenancy.EnterpriseRef;

/** What a series id stands for: one point of one enterprise of one tenant. */
public record SeriesKey(EnterpriseRef enterprise, String pointId) {
}
