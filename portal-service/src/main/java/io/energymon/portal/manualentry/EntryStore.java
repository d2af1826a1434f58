package io.energymon.portal.manualentry;

import io.energymon.domain.event.EntryPeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The manual entry tables (V3): one row per (tenant, enterprise, point, period, start) holding the current version,
 * every version entered, and the attachments of each version. Every statement is scoped by tenant and enterprise.
 */
@Component
class EntryStore {
    private final JdbcClient jdbc;

    EntryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The entry of a key and its current version (0: none yet), locked until the transaction ends. */
    record Locked(long entryId, int version) {
    }

    /** The values of one version that decide whether a submission changes anything. */
    record Current(BigDecimal value, String unit, String comment, List<UUID> attachmentIds) {
    }

    /** An entry's key columns, for listing. */
    record Row(long entryId, String pointId, EntryPeriod period, LocalDate periodStart, int version) {
    }

    /** Creates the entry row when missing and locks it: concurrent submissions of one key are serialised. */
    Locked lock(String tenantId, String enterpriseCode, String pointId, EntryPeriod period, LocalDate start) {
        jdbc.sql("insert into manual_entry (tenant_id, enterprise_code, point_id, period, period_start) "
                        + "values (?, ?, ?, ?, ?) on conflict do nothing")
                .params(tenantId, enterpriseCode, pointId, period.name(), start).update();
        return jdbc.sql("select entry_id, version from manual_entry where tenant_id = ? and enterprise_code = ? "
                        + "and point_id = ? and period = ? and period_start = ? for update")
                .params(tenantId, enterpriseCode, pointId, period.name(), start)
                .query((rs, i) -> new Locked(rs.getLong(1), rs.getInt(2))).single();
    }

    Optional<Current> current(Locked entry) {
        if (entry.version() == 0) {
            return Optional.empty();
        }
        List<UUID> attachments = jdbc.sql("select attachment_id from manual_entry_version_attachment "
                        + "where entry_id = ? and version = ? order by attachment_id")
                .params(entry.entryId(), entry.version()).query(UUID.class).list();
        return jdbc.sql("select value, unit, comment from manual_entry_version where entry_id = ? and version = ?")
                .params(entry.entryId(), entry.version())
                .query((rs, i) -> new Current(rs.getBigDecimal(1), rs.getString(2), rs.getString(3), attachments))
                .optional();
    }

    /** Stores the next version and makes it the current one. */
    void addVersion(Locked entry, int version, Current v, String subject, String username, UUID readingBatchId) {
        jdbc.sql("insert into manual_entry_version (entry_id, version, value, unit, comment, entered_by_subject, "
                        + "entered_by_name, reading_batch_id) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(entry.entryId(), version, v.value(), v.unit(), v.comment(), subject, username, readingBatchId)
                .update();
        if (!v.attachmentIds().isEmpty()) {
            jdbc.sql("insert into manual_entry_version_attachment (entry_id, version, attachment_id) "
                            + "select ?, ?, a from unnest(?::uuid[]) as a")
                    .params(entry.entryId(), version, uuids(v.attachmentIds())).update();
        }
        jdbc.sql("update manual_entry set version = ? where entry_id = ?").params(version, entry.entryId()).update();
    }

    /**
     * The enterprise's entries whose period starts in [{@code from}, {@code to}) (null: unbounded), of one point or
     * all, latest period first, at most {@code limit}; with {@code entryId} only that one.
     */
    List<Row> entries(String tenantId, String enterpriseCode, Long entryId, String pointId, LocalDate from,
                      LocalDate to, int limit) {
        StringBuilder sql = new StringBuilder("select entry_id, point_id, period, period_start, version "
                + "from manual_entry where tenant_id = ? and enterprise_code = ? and version > 0");
        List<Object> params = new ArrayList<>(List.of(tenantId, enterpriseCode));
        if (entryId != null) {
            sql.append(" and entry_id = ?");
            params.add(entryId);
        }
        if (pointId != null) {
            sql.append(" and point_id = ?");
            params.add(pointId);
        }
        if (from != null) {
            sql.append(" and period_start >= ?");
            params.add(from);
        }
        if (to != null) {
            sql.append(" and period_start < ?");
            params.add(to);
        }
        sql.append(" order by period_start desc, point_id, period limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), EntryPeriod.valueOf(rs.getString(3)),
                        rs.getObject(4, LocalDate.class), rs.getInt(5)))
                .list();
    }

    /** Every version of the entries, oldest first, with their attachments. */
    Map<Long, List<ManualEntryView.Version>> versions(List<Row> entries) {
        Map<Long, List<ManualEntryView.Version>> out = new LinkedHashMap<>();
        if (entries.isEmpty()) {
            return out;
        }
        String[] ids = entries.stream().map(e -> Long.toString(e.entryId())).toArray(String[]::new);
        Map<String, List<ManualEntryView.Attachment>> attachments = new LinkedHashMap<>();
        jdbc.sql("select l.entry_id, l.version, a.* from manual_entry_version_attachment l "
                        + "join manual_entry_attachment a on a.attachment_id = l.attachment_id "
                        + "where l.entry_id = any(?::bigint[]) order by a.uploaded_at, a.attachment_id")
                .param(ids)
                .query(rs -> {
                    attachments.computeIfAbsent(rs.getLong(1) + "/" + rs.getInt(2), k -> new ArrayList<>())
                            .add(Attachments.info(rs));
                });
        jdbc.sql("select entry_id, version, value, unit, comment, entered_by_name, entered_by_subject, entered_at, "
                        + "reading_batch_id from manual_entry_version where entry_id = any(?::bigint[]) "
                        + "order by entry_id, version")
                .param(ids)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ManualEntryView.Version(
                            rs.getInt(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
                            rs.getObject(9, UUID.class),
                            attachments.getOrDefault(rs.getLong(1) + "/" + rs.getInt(2), List.of())));
                });
        return out;
    }

    private static String[] uuids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }
}
