package io.energymon.aggregator.interval;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The latest usable reading of each series of a bound cumulative point, committed in the database: in-order data
 * derives its intervals from it without reading the database. Loaded lazily per series (an empty {@link Optional}
 * means: known to have no usable reading yet); entries change only after the batch that changed them committed
 * ({@link #commit}); after a rollback the entries of the batch's series are dropped ({@link #invalidate}) and are
 * loaded again from the database when needed. The whole cache is cleared whenever partitions of {@code readings.v1}
 * move (another instance may have stored readings of their enterprises meanwhile).
 */
@Component
public class LastValueCache {
    private final Map<Integer, Optional<LastValue>> entries = new ConcurrentHashMap<>();

    public LastValueCache(MeterRegistry registry) {
        Gauge.builder("aggregator_last_values_cached", entries, Map::size)
                .description("series whose latest usable reading is held in memory").register(registry);
    }

    /** Null when not cached; an empty Optional when cached as having no usable reading. */
    public Optional<LastValue> get(int seriesId) {
        return entries.get(seriesId);
    }

    /** After a commit: the new latest values, and the series that must no longer be cached (unbound now). */
    public void commit(Map<Integer, Optional<LastValue>> latest, Collection<Integer> forget) {
        entries.putAll(latest);
        forget.forEach(entries::remove);
    }

    /** After a rollback: forget the series of the failed batch. */
    public void invalidate(Collection<Integer> seriesIds) {
        seriesIds.forEach(entries::remove);
    }

    public void clear() {
        entries.clear();
    }
}
