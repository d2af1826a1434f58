package io.energymon.aggregator.query;

import io.energymon.aggregator.energy.EnergyAccounting;
import io.energymon.domain.event.Quality;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read API for the portal (documented in docs/architecture.md). Every query is scoped by tenant and enterprise
 * taken from the path; the check that the caller may see them arrives with the identity issue.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class QueryController {
    private final JdbcClient jdbc;
    private final EnergyAccounting energy;

    public QueryController(JdbcClient jdbc, EnergyAccounting energy) {
        this.jdbc = jdbc;
        this.energy = energy;
    }

    public record LatestReading(String pointId, Instant ts, BigDecimal value, String quality, String error,
                                Instant receivedAt) {
    }

    public record ItemValueRow(String dataCode, int statType, LocalDateTime statDate, BigDecimal value, long version,
                               Instant computedAt) {
    }

    /** The latest reading of every point of the enterprise (any quality), from {@code reading_latest}. */
    @GetMapping("/readings/latest")
    public List<LatestReading> latestReadings(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        return jdbc.sql("""
                        select s.point_id, l.ts, l.value, l.quality, l.error, l.received_at
                          from reading_latest l join series s using (series_id)
                         where s.tenant_id = ? and s.enterprise_code = ?
                         order by s.point_id
                        """)
                .params(tenantId, enterpriseCode)
                .query((rs, i) -> new LatestReading(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        rs.getBigDecimal(3), Quality.values()[rs.getInt(4)].name(), rs.getString(5),
                        instant(rs.getObject(6, OffsetDateTime.class))))
                .list();
    }

    @GetMapping("/item-values")
    public List<ItemValueRow> itemValues(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                         @RequestParam(defaultValue = "0") int statType,
                                         @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit 必须在 1..1000 之间 / limit must be within 1..1000");
        }
        return jdbc.sql("""
                        select data_code, stat_type, stat_date, value, version, computed_at
                          from item_value where tenant_id = ? and enterprise_code = ? and stat_type = ?
                         order by period_start desc, data_code limit ?
                        """)
                .params(tenantId, enterpriseCode, statType, limit)
                .query((rs, i) -> new ItemValueRow(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toLocalDateTime(),
                        rs.getBigDecimal(4), rs.getLong(5), instant(rs.getObject(6, OffsetDateTime.class))))
                .list();
    }

    /**
     * Comprehensive energy consumption, unit product energy consumption and the §6.3.4 b product-energy check of the
     * days, months or years whose local start lies in {@code [from, to]} (see {@link EnergyAccounting}), with the kgce
     * of every item and the factor that produced it.
     */
    @GetMapping("/energy")
    public List<EnergyAccounting.PeriodAccount> energy(@PathVariable String tenantId,
                                                       @PathVariable String enterpriseCode,
                                                       @RequestParam(defaultValue = "2") int statType,
                                                       @RequestParam LocalDate from, @RequestParam LocalDate to) {
        return energy.accounts(new EnterpriseRef(tenantId, enterpriseCode), statType, from, to);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
