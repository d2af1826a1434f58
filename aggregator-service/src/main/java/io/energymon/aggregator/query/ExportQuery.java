package io.energymon.aggregator.query;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rows of an export, in one statement: the stored item values of the period's stat type (hours summed from the
 * quarter hours, as {@code /series} does), with their kgce by both methods, ordered by data code and period. Counted
 * first ({@link #count}); then read with a server-side cursor ({@link #FETCH_SIZE} rows at a time, in a read-only
 * transaction, which PostgreSQL's driver needs for a cursor) and handed to a sink row by row: never all in memory.
 */
@Component
class ExportQuery {
    /** Rows fetched from the cursor at a time. */
    static final int FETCH_SIZE = 2000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    ExportQuery(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(cursor);
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
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
        Long n = jdbc.queryForObject("select count(*) from (" + sql(r.period()) + ") q", params(r), Long.class);
        return n == null ? 0 : n;
    }

    void stream(Request r, RowSink sink) {
        if (r.range().empty()) {
            return;
        }
        readOnly.executeWithoutResult(tx -> jdbc.query(sql(r.period()) + " order by 1, 2", params(r),
                (ResultSet rs) -> {
                    try {
                        sink.row(row(r, rs));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
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

    private static MapSqlParameterSource params(Request r) {
        return new MapSqlParameterSource().addValue("tenant", r.enterprise().ref().tenantId())
                .addValue("enterprise", r.enterprise().ref().enterpriseCode())
                .addValue("codes", r.items().keySet()).addValue("statType", r.period().statType)
                .addValue("start", r.range().first().atZone(r.range().zone()).toInstant().atOffset(ZoneOffset.UTC))
                .addValue("end", r.range().end().atZone(r.range().zone()).toInstant().atOffset(ZoneOffset.UTC));
    }
}
