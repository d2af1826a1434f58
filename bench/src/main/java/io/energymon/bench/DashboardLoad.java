package io.energymon.bench;

import io.energymon.codes.factor.ConversionFactor;
import io.energymon.codes.factor.ConversionFactorTable;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.codes.factor.EnergyUnits;
import io.energymon.codes.factor.SubjectKind;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.ProcessConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The query benchmark's enterprise as a plant whose dashboards have something to show, and what those dashboards
 * read besides {@code item_value} ({@link ItemValueLoad}). Item {@code i} is fed by point {@code p<i>}:
 * <ul>
 *   <li>item 0: whole-plant electricity consumption ({@code 00-00-0000-023300-11}, scope 1, kWh),</li>
 *   <li>item 1: whole-plant natural gas consumption ({@code 00-00-0000-011500-11}, scope 1, m3),</li>
 *   <li>items 2 … 1 + P: electricity consumption of processes 01 … P ({@code PP-00-0000-023300-11}, scope 2),</li>
 *   <li>the rest: electricity consumption of key equipment of those processes ({@code PP-UU-01SS-023300-11},
 *   scope 4), the processes in turn.</li>
 * </ul>
 * All are energy items counted in comprehensive energy consumption (use code 11), so the kgce of every day, month and
 * year value is what {@code TceWriter} would have written: GB/T 2589's reference factor of its energy type, one row
 * per accounting method the aggregator writes (electricity: calorific equivalent only, no equal-value factor is
 * configured; natural gas: both methods with its calorific-equivalent factor, see migration V10).
 */
final class DashboardLoad {
    static final String ELECTRICITY = "3300";
    static final String GAS = "1500";
    /** last reading of point {@code p<i>}: {@code LATEST_BASE + i} */
    static final long LATEST_BASE = 1000;
    private static final int MAX_PROCESSES = 4;
    private static final ConversionFactorTable REFERENCE = ConversionFactorTable.reference();

    private DashboardLoad() {
    }

    /** Processes of an enterprise of {@code items} items: 1 to 4. */
    static int processes(int items) {
        return Math.max(1, Math.min(MAX_PROCESSES, items - 2));
    }

    /** The process items' codes: process {@code k} (1-based) is item {@code 1 + k}. */
    static String processCode(int k) {
        return String.format("%02d", k);
    }

    static String dataCode(int item, int items) {
        int p = processes(items);
        if (item == 0) {
            return "0000000002" + ELECTRICITY + "11";
        }
        if (item == 1) {
            return "0000000001" + GAS + "11";
        }
        if (item < 2 + p) {
            return processCode(item - 1) + "00000002" + ELECTRICITY + "11";
        }
        int r = item - 2 - p;
        int unit = r / p / 100 + 1;
        if (unit > 99) {
            throw new IllegalArgumentException("too many items for 4 processes × 99 units × 100 meters: " + items);
        }
        return processCode(r % p + 1) + String.format("%02d01%02d", unit, r / p % 100) + "02" + ELECTRICITY + "11";
    }

    static int scope(int item, int items) {
        return item < 2 ? 1 : item < 2 + processes(items) ? 2 : 4;
    }

    static String subject(int item) {
        return item == 1 ? GAS : ELECTRICITY;
    }

    static String unit(int item) {
        return item == 1 ? "m3" : "kWh";
    }

    /** The enterprise (tenant {@code bench}): {@code items} cumulative points, one item per point, statTypes 0–3. */
    static EnterpriseConfig config(String uscc, int items) {
        List<PointConfig> points = new ArrayList<>(items);
        List<ItemConfig> out = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            points.add(new PointConfig("p" + i, "p" + i, null, null, null, PointKind.CUMULATIVE, unit(i), null, null,
                    null, null));
            out.add(new ItemConfig(dataCode(i, items), "item " + i, List.of(0, 1, 2, 3), "[p" + i + "]", 4,
                    scope(i, items), unit(i), null, null));
        }
        List<ProcessConfig> processes = new ArrayList<>();
        for (int k = 1; k <= processes(items); k++) {
            processes.add(new ProcessConfig(processCode(k), "process " + k));
        }
        var profile = new EnterpriseProfile("bench " + uscc, "3110", "360111", null, null, null, null, null, null,
                null, null, ZoneId.of("Asia/Shanghai"), null, null);
        return new EnterpriseConfig(QueryBenchmark.TENANT, uscc, 1, Instant.now(), profile, processes, null, null,
                null, null, null, points, out, null);
    }

    /** GB/T 2589's calorific-equivalent factor of the item's energy type (in kgce per its unit: kWh, m3). */
    static ConversionFactor factor(int item, LocalDate day) {
        return REFERENCE.find(SubjectKind.ENERGY, subject(item), ConversionMethod.CALORIFIC_EQUIVALENT, day)
                .orElseThrow();
    }

    /** kgce of a value of the item, as TceWriter computes it (value × factor, exact). */
    static BigDecimal kgce(int item, LocalDate day, BigDecimal value) {
        return value.multiply(factor(item, day).kgcePerUnit().orElseThrow()).stripTrailingZeros();
    }

    /**
     * Writes, set-based, what the dashboard endpoints read besides the item values: the kgce of every loaded day,
     * month and year value ({@code item_value_tce}, one {@code INSERT … SELECT} from {@code item_value}, the factor
     * per item and method from GB/T 2589), the points' series and their latest readings.
     *
     * @return the kgce rows written
     */
    static long load(Connection c, String tenant, String enterprise, List<String> codes, LocalDate day,
                     Instant lastReading) throws Exception {
        List<String> code = new ArrayList<>();
        List<String> method = new ArrayList<>();
        List<String> key = new ArrayList<>();
        List<String> value = new ArrayList<>();
        List<String> from = new ArrayList<>();
        List<String> unit = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            ConversionFactor f = factor(i, day);
            List<ConversionMethod> methods = subject(i).equals(GAS) ? List.of(ConversionMethod.values())
                    : List.of(ConversionMethod.CALORIFIC_EQUIVALENT);
            for (ConversionMethod m : methods) {
                code.add(codes.get(i));
                method.add(m.name());
                key.add(f.key());
                value.add(f.kgcePerUnit().orElseThrow().toPlainString());
                from.add(f.effectiveFrom().toString());
                unit.add(EnergyUnits.symbolOf(f.unit()));
            }
        }
        long rows;
        try (PreparedStatement ps = c.prepareStatement("""
                insert into item_value_tce (tenant_id, enterprise_code, data_code, stat_type, period_start, method,
                                            version, kgce, factor_key, factor_method, factor_effective_from,
                                            factor_origin, factor_value, factor_unit)
                select v.tenant_id, v.enterprise_code, v.data_code, v.stat_type, v.period_start, f.method, v.version,
                       trim_scale(v.value * f.factor_value), f.factor_key, 'CALORIFIC_EQUIVALENT', f.factor_from,
                       'REFERENCE', f.factor_value, f.factor_unit
                  from unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::date[], ?::text[])
                           as f(data_code, method, factor_key, factor_value, factor_from, factor_unit)
                  join item_value v on v.data_code = f.data_code
                 where v.tenant_id = ? and v.enterprise_code = ? and v.stat_type between 1 and 3
                """)) {
            ps.setArray(1, c.createArrayOf("text", code.toArray()));
            ps.setArray(2, c.createArrayOf("text", method.toArray()));
            ps.setArray(3, c.createArrayOf("text", key.toArray()));
            ps.setArray(4, c.createArrayOf("numeric", value.toArray()));
            ps.setArray(5, c.createArrayOf("date", from.toArray()));
            ps.setArray(6, c.createArrayOf("text", unit.toArray()));
            ps.setString(7, tenant);
            ps.setString(8, enterprise);
            rows = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                with s as (
                    insert into series (tenant_id, enterprise_code, point_id)
                    select ?, ?, 'p' || i from generate_series(0, ? - 1) i
                    returning series_id, point_id)
                insert into reading_latest (series_id, ts, quality, value, collector_id)
                select series_id, ?, 0, ? + substr(point_id, 2)::int, 'bench' from s
                """)) {
            ps.setString(1, tenant);
            ps.setString(2, enterprise);
            ps.setInt(3, codes.size());
            ps.setObject(4, java.time.OffsetDateTime.ofInstant(lastReading, java.time.ZoneOffset.UTC));
            ps.setLong(5, LATEST_BASE);
            ps.executeUpdate();
        }
        return rows;
    }
}
