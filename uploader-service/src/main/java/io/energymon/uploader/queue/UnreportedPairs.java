package io.energymon.uploader.queue;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.uploader.directory.Enterprise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The (enterprise, item, statType) pairs present in a table for some enterprises that their configuration does not
 * report ({@link Enterprise#reports}), as parallel arrays ready for an {@code unnest(...)} statement: one query reads
 * the distinct pairs, the rule is applied in memory, the caller deletes or updates them in one statement.
 */
record UnreportedPairs(List<Enterprise> enterprises, String[] tenants, String[] codes, String[] dataCodes,
                       Integer[] statTypes) {

    /**
     * @param table     {@code upload_item} or {@code parked_item_value}
     * @param condition extra SQL condition on the table's alias {@code x}, e.g. {@code x.status = 'PENDING'}, or
     *                  {@code true}
     */
    static UnreportedPairs find(JdbcClient jdbc, String table, String condition, List<Enterprise> chunk) {
        Map<String, Enterprise> byKey = new HashMap<>();
        List<String> tenantIds = new ArrayList<>();
        List<String> uscc = new ArrayList<>();
        for (Enterprise e : chunk) {
            byKey.put(e.key(), e);
            tenantIds.add(e.tenantId());
            uscc.add(e.enterpriseCode());
        }
        record Pair(String tenantId, String enterpriseCode, String dataCode, int statType) {
        }
        List<Pair> present = jdbc.sql("select distinct x.tenant_id, x.enterprise_code, x.data_code, x.stat_type from "
                        + table + " x join unnest(?::text[], ?::text[]) as e(tenant_id, enterprise_code)"
                        + " on x.tenant_id = e.tenant_id and x.enterprise_code = e.enterprise_code where " + condition)
                .params(tenantIds.toArray(String[]::new), uscc.toArray(String[]::new))
                .query((rs, i) -> new Pair(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
                .list();
        List<Enterprise> es = new ArrayList<>();
        List<String> t = new ArrayList<>();
        List<String> c = new ArrayList<>();
        List<String> d = new ArrayList<>();
        List<Integer> s = new ArrayList<>();
        for (Pair p : present) {
            Enterprise e = byKey.get(EnterpriseConfig.key(p.tenantId(), p.enterpriseCode()));
            if (e != null && !e.reports(p.dataCode(), p.statType())) {
                es.add(e);
                t.add(p.tenantId());
                c.add(p.enterpriseCode());
                d.add(p.dataCode());
                s.add(p.statType());
            }
        }
        return new UnreportedPairs(es, t.toArray(String[]::new), c.toArray(String[]::new), d.toArray(String[]::new),
                s.toArray(Integer[]::new));
    }

    boolean isEmpty() {
        return tenants.length == 0;
    }

    int size() {
        return tenants.length;
    }
}
