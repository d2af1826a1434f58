package io.energymon.aggregator.series;

import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * (tenant, enterprise, point) → compact integer series id, from table {@code series}, cached in memory. Unknown keys
 * of a batch are created set-based in one statement, in a short transaction of their own that commits before the
 * batch's: an id is cached only once committed, so a rolled-back batch never leaves an id in the cache that the
 * database does not have (a dictionary entry without readings is harmless). Ids are never reused or changed.
 */
@Component
public class SeriesDictionary {
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTx;
    private final Map<SeriesKey, Integer> cache = new ConcurrentHashMap<>();

    public SeriesDictionary(JdbcClient jdbc, PlatformTransactionManager txm, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.ownTx = new TransactionTemplate(txm);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        Gauge.builder("aggregator_series_cached", cache, Map::size)
                .description("series ids held in memory").register(registry);
    }

    /** The ids of the keys, creating the missing ones; at most two statements for the keys not cached yet. */
    public Map<SeriesKey, Integer> resolve(Collection<SeriesKey> keys) {
        Map<SeriesKey, Integer> out = new HashMap<>(keys.size() * 2);
        Set<SeriesKey> missing = new LinkedHashSet<>();
        for (SeriesKey k : keys) {
            Integer id = cache.get(k);
            if (id != null) {
                out.put(k, id);
            } else {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            Map<SeriesKey, Integer> found = ownTx.execute(s -> createOrFind(missing));
            if (found.size() < missing.size()) {
                // created by a concurrent transaction after this statement's snapshot: committed now, read again
                found.putAll(ownTx.execute(s -> createOrFind(missing)));
            }
            if (found.size() < missing.size()) {
                throw new IllegalStateException("series ids not resolvable for " + missing.size() + " key(s)");
            }
            cache.putAll(found);
            out.putAll(found);
        }
        return out;
    }

    public Integer resolve(SeriesKey key) {
        return resolve(List.of(key)).get(key);
    }

    private Map<SeriesKey, Integer> createOrFind(Collection<SeriesKey> keys) {
        List<String> tenants = new ArrayList<>(keys.size());
        List<String> enterprises = new ArrayList<>(keys.size());
        List<String> points = new ArrayList<>(keys.size());
        for (SeriesKey k : keys) {
            tenants.add(k.enterprise().tenantId());
            enterprises.add(k.enterprise().enterpriseCode());
            points.add(k.pointId());
        }
        Map<SeriesKey, Integer> out = new HashMap<>(keys.size() * 2);
        jdbc.sql("""
                        with input as (
                            select distinct * from unnest(?::text[], ?::text[], ?::text[]) as t(tenant_id, enterprise_code, point_id)
                        ), created as (
                            insert into series (tenant_id, enterprise_code, point_id)
                            select tenant_id, enterprise_code, point_id from input
                            on conflict (tenant_id, enterprise_code, point_id) do nothing
                            returning series_id, tenant_id, enterprise_code, point_id
                        )
                        select series_id, tenant_id, enterprise_code, point_id from created
                        union all
                        select s.series_id, s.tenant_id, s.enterprise_code, s.point_id
                          from series s join input i using (tenant_id, enterprise_code, point_id)
                        """)
                .params(tenants.toArray(String[]::new), enterprises.toArray(String[]::new),
                        points.toArray(String[]::new))
                .query((rs, i) -> {
                    out.put(new SeriesKey(new EnterpriseRef(rs.getString(2), rs.getString(3)), rs.getString(4)),
                            rs.getInt(1));
                    return null;
                })
                .list();
        return out;
    }
}
