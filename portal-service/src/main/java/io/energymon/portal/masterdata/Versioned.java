package io.energymon.portal.masterdata;

import io.energymon.codes.validation.Violation;
import java.time.Instant;
import java.util.List;

/**
 * An entity as the API returns it: its natural key, its data, the optimistic version an update must name, and
 * whether it is retired. {@code warnings} lists findings that did not block the last write (e.g. an industry code
 * of a newer edition).
 */
public record Versioned<T>(String key, long version, Instant updatedAt, Instant retiredAt, T data,
                           List<Violation> warnings) {
    public Versioned {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public boolean retired() {
        return retiredAt != null;
    }

    public Versioned<T> withWarnings(List<Violation> w) {
        return new Versioned<>(key, version, updatedAt, retiredAt, data, w);
    }
}
