package io.energymon.aggregator.query;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows of an export: the stored item values of the period's stat type (hours summed from the quarter hours, as
 * {@code /series} does), with their kgce by both methods, ordered by data code and period. Counted first
 * ({@link #count}); then read item by item and month by month ({@link #stream}: at most about 3 000 rows a
 * statement), each slice handed to the sink before the next is read. No transaction is open while the sink writes to
 * the client, and never more than a slice is in memory.
 */
@Component
class ExportQuery {
    private final NamedParameterJdbcTemplate jdbc;

    ExportQuery(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(new JdbcTemplate(dataSource));
    }

    /** What to export: items (data code → catalog item), period and range. */
    record Request(EnterpriseCatalog enterprise, Map<String, CatalogItem> items, SeriesPeriod period,
                   SeriesPeriod.Range range) {
    }

    /** Receives the rows in order. */
    interface RowSink {
        void row(ExportRow row) throws IOException;
    }

    long count(Request r) {
        if (r.range().empty()) {
            return 0;
        }
        Long n = jdbc.queryForObject("select count(*) from (" + sql(r.period()) + ") q",
                params(r, r.items().keySet(), r.range().first(), r.range().end()), Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Reads and hands over the rows slice by slice: one item and one local month a statement (a year's values in one
     * statement per item, so that no year is split), in data code and period order.
     */
    void stream(Request r, RowSink sink) throws IOException {
        if (r.range().empty()) {
            return;
        }
        List<LocalDateTime> bounds = sliceBounds(r.period(), r.range().first(), r.range().end());
        for (String code : r.items().keySet()) {
            for (int i = 0; i + 1 < bounds.size(); i++) {
                List<ExportRow> slice = jdbc.query(sql(r.period()) + " order by 2",
                        params(r, List.of(code), bounds.get(i), bounds.get(i + 1)), (rs, n) -> row(r, rs));
                for (ExportRow row : slice) {
                    sink.row(row);
                }
            }
        }
    }

    /** first, the 1st of each local month after it, end; only first and end for years. */
    static List<LocalDateTime> sliceBounds(SeriesPeriod period, LocalDateTime first, LocalDateTime end) {
        List<LocalDateTime> bounds = new ArrayList<>();
        bounds.add(first);
        if (period != SeriesPeriod.YEAR) {
            for (LocalDateTime m = first.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(); m.isBefore(end);
                 m = m.plusMonths(1)) {
                bounds.add(m);
            }
        }
        bounds.add(end);
        return bounds;
    }

    private static ExportRow row(Request r, ResultSet rs) throws SQLException {
        String code = rs.getString(1);
        CatalogItem item = r.items().get(code);
        return new ExportRow(code, item.config().name(), rs.getTimestamp(2).toLocalDateTime(), r.period().param,
                rs.getBigDecimal(3), item.config().unit(), rs.getBigDecimal(4), rs.getBigDecimal(5),
                rs.getBoolean(6), rs.getLong(7));
    }

    /**
     * One row per item and period. A withdrawn value has no value nor kgce; an hour's kgce only when each of its
     * quarters not withdrawn has one; an hour is valid when its quarters cover it and are all valid.
     */
    private static String sql(SeriesPeriod p) {
        String coverage = p == SeriesPeriod.HOUR
                ? " and sum(extract(epoch from v.period_end - v.period_start)) = 3600" : "";
        return """
                select v.data_code, %1$s as stat_date,
                       sum(v.value) filter (where not v.withdrawn),
                       %2$s, %3$s,
                       bool_and(v.valid)%4$s,
                       max(v.version)
                  from item_value v
                  left join item_value_tce c on c.tenant_id = v.tenant_id and c.enterprise_code = v.enterprise_code
                   and c.data_code = v.data_code and c.stat_type = v.stat_type and c.period_start = v.period_start
                   and c.method = 'CALORIFIC_EQUIVALENT' and c.version = v.version
                  left join item_value_tce e on e.tenant_id = v.tenant_id and e.enterprise_code = v.enterprise_code
                   and e.data_code = v.data_code and e.stat_type = v.stat_type and e.period_start = v.period_start
                   and e.method = 'EQUAL_VALUE' and e.version = v.version
                 where v.tenant_id = :tenant and v.enterprise_code = :enterprise and v.data_code in (:codes)
                   and v.stat_type = :statType and v.period_start >= :start and v.period_start < :end
                 group by v.data_code, %1$s""".formatted(p.bucketOf("v.stat_date"), kgce("c"), kgce("e"), coverage);
    }

    private static String kgce(String alias) {
        return ("case when count(%1$s.kgce) filter (where not v.withdrawn) = count(*) filter (where not v.withdrawn) "
                + "then sum(%1$s.kgce) filter (where not v.withdrawn) end").formatted(alias);
    }

    private static MapSqlParameterSource params(Request r, Collection<String> codes, LocalDateTime start,
                                                LocalDateTime end) {
        ZoneId zone = r.range().zone();
        return new MapSqlParameterSource().addValue("tenant", r.enterprise().ref().tenantId())
                .addValue("enterprise", r.enterprise().ref().enterpriseCode())
                .addValue("codes", codes).addValue("statType", r.period().statType)
                .addValue("start", start.atZone(zone).toInstant().atOffset(ZoneOffset.UTC))
                .addValue("end", end.atZone(zone).toInstant().atOffset(ZoneOffset.UTC));
    }
}
