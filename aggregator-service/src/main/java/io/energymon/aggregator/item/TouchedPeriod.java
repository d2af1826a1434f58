package io.energymon.aggregator.item;

import io.energymon.aggregator.config.EnterpriseCatalog;
import java.time.Instant;
import java.util.Set;

/** A real-time period {@code [start, end)} of an enterprise in which the given bound points got new inputs. */
public record TouchedPeriod(EnterpriseCatalog enterprise, Instant start, Instant end, Set<String> pointIds) {
}
