package io.energymon.portal.masterdata;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The master-data tables. Every statement names the tenant and (below the tenant) the enterprise: there is no way
 * to read or write a row of another scope through this class. Bodies are the config.v1 records as JSON.
 */
@Repository
public class MasterDataStore {
    private final JdbcClient jdbc;

    public MasterDataStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- tenants

    public List<Versioned<Tenant>> tenants() {
        return jdbc.sql("select tenant_id, name, version, updated_at, retired_at from tenant order by tenant_id")
                .query((rs, i) -> tenant(rs)).list();
    }

    public Optional<Versioned<Tenant>> tenant(String tenantId) {
        return jdbc.sql("select tenant_id, name, version, updated_at, retired_at from tenant where tenant_id = ?")
                .param(tenantId).query((rs, i) -> tenant(rs)).optional();
    }

    private static Versioned<Tenant> tenant(ResultSet rs) throws SQLException {
        return new Versioned<>(rs.getString(1), rs.getLong(3), instant(rs, 4), instant(rs, 5),
                new Tenant(rs.getString(1), rs.getString(2)), List.of());
    }

    public boolean insertTenant(Tenant t) {
        return jdbc.sql("insert into tenant (tenant_id, name) values (?, ?) on conflict do nothing")
                .params(t.tenantId(), t.name()).update() == 1;
    }

    public boolean updateTenant(Tenant t, long expectedVersion) {
        return jdbc.sql("update tenant set name = ?, version = version + 1, updated_at = now() "
                        + "where tenant_id = ? and version = ?")
                .params(t.name(), t.tenantId(), expectedVersion).update() == 1;
    }

    // ---- enterprises

    private static final String ENTERPRISE_COLUMNS = "tenant_id, enterprise_code, body::text, version, revision, "
            + "published_revision, updated_at, retired_at";

    public List<EnterpriseRow> enterprises(String tenantId, boolean includeRetired) {
        return jdbc.sql("select " + ENTERPRISE_COLUMNS + " from enterprise where tenant_id = ?"
                        + (includeRetired ? "" : " and retired_at is null") + " order by enterprise_code")
                .param(tenantId).query((rs, i) -> enterprise(rs)).list();
    }

    /** Every active enterprise of every tenant (the config relay and the overview page use it). */
    public List<EnterpriseRow> allEnterprises() {
        return jdbc.sql("select " + ENTERPRISE_COLUMNS + " from enterprise where retired_at is null "
                        + "order by tenant_id, enterprise_code")
                .query((rs, i) -> enterprise(rs)).list();
    }

    public Optional<EnterpriseRow> enterprise(String tenantId, String enterpriseCode) {
        return jdbc.sql("select " + ENTERPRISE_COLUMNS + " from enterprise where tenant_id = ? and enterprise_code = ?")
                .params(tenantId, enterpriseCode).query((rs, i) -> enterprise(rs)).optional();
    }

    /** Locks the enterprise row for the rest of the transaction: edits of one enterprise are serialised. */
    public Optional<EnterpriseRow> lockEnterprise(String tenantId, String enterpriseCode) {
        return jdbc.sql("select " + ENTERPRISE_COLUMNS + " from enterprise where tenant_id = ? and enterprise_code = ? "
                        + "for update")
                .params(tenantId, enterpriseCode).query((rs, i) -> enterprise(rs)).optional();
    }

    private static EnterpriseRow enterprise(ResultSet rs) throws SQLException {
        return new EnterpriseRow(rs.getString(1), rs.getString(2), decode(rs.getString(3), EnterpriseProfile.class),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), instant(rs, 7), instant(rs, 8));
    }

    public boolean insertEnterprise(String tenantId, String enterpriseCode, EnterpriseProfile profile) {
        return jdbc.sql("insert into enterprise (tenant_id, enterprise_code, body) values (?, ?, ?::jsonb) "
                        + "on conflict do nothing")
                .params(tenantId, enterpriseCode, encode(profile)).update() == 1;
    }

    /** Replaces the profile when the version matches; bumps version and revision. */
    public boolean updateEnterprise(String tenantId, String enterpriseCode, EnterpriseProfile profile,
                                    long expectedVersion) {
        return jdbc.sql("update enterprise set body = ?::jsonb, version = version + 1, revision = revision + 1, "
                        + "updated_at = now() where tenant_id = ? and enterprise_code = ? and version = ?")
                .params(encode(profile), tenantId, enterpriseCode, expectedVersion).update() == 1;
    }

    public boolean retireEnterprise(String tenantId, String enterpriseCode, long expectedVersion) {
        return jdbc.sql("update enterprise set retired_at = now(), version = version + 1, revision = revision + 1, "
                        + "updated_at = now() where tenant_id = ? and enterprise_code = ? and version = ? "
                        + "and retired_at is null")
                .params(tenantId, enterpriseCode, expectedVersion).update() == 1;
    }

    /** One more revision of the enterprise's master data (an entity below it changed). */
    public void bumpRevision(String tenantId, String enterpriseCode) {
        jdbc.sql("update enterprise set revision = revision + 1, updated_at = now() "
                        + "where tenant_id = ? and enterprise_code = ?")
                .params(tenantId, enterpriseCode).update();
    }

    // ---- entities below the enterprise

    private static final String ENTITY_COLUMNS = "entity_key, body::text, version, updated_at, retired_at";

    public <T> List<Versioned<T>> list(String tenantId, String enterpriseCode, Kind<T> kind, boolean includeRetired) {
        return jdbc.sql("select " + ENTITY_COLUMNS + " from master_entity where tenant_id = ? and enterprise_code = ? "
                        + "and kind = ?" + (includeRetired ? "" : " and retired_at is null") + " order by entity_key")
                .params(tenantId, enterpriseCode, kind.name()).query((rs, i) -> entity(rs, kind)).list();
    }

    public <T> Optional<Versioned<T>> get(String tenantId, String enterpriseCode, Kind<T> kind, String key) {
        return jdbc.sql("select " + ENTITY_COLUMNS + " from master_entity where tenant_id = ? and enterprise_code = ? "
                        + "and kind = ? and entity_key = ?")
                .params(tenantId, enterpriseCode, kind.name(), key).query((rs, i) -> entity(rs, kind)).optional();
    }

    private static <T> Versioned<T> entity(ResultSet rs, Kind<T> kind) throws SQLException {
        return new Versioned<>(rs.getString(1), rs.getLong(3), instant(rs, 4), instant(rs, 5),
                decode(rs.getString(2), kind.type()), List.of());
    }

    /** Inserts a new entity, or brings a retired one with the same key back with the new data. */
    public <T> Versioned<T> insert(String tenantId, String enterpriseCode, Kind<T> kind, T data) {
        String key = kind.keyOf(data);
        Versioned<T> v = jdbc.sql("""
                        insert into master_entity (tenant_id, enterprise_code, kind, entity_key, body)
                        values (?, ?, ?, ?, ?::jsonb)
                        on conflict (tenant_id, enterprise_code, kind, entity_key) do update
                           set body = excluded.body, version = master_entity.version + 1, retired_at = null,
                               updated_at = now()
                         where master_entity.retired_at is not null
                        returning\s""" + ENTITY_COLUMNS)
                .params(tenantId, enterpriseCode, kind.name(), key, encode(data))
                .query((rs, i) -> entity(rs, kind)).optional()
                .orElseThrow(() -> new MasterDataException.Conflict(
                        kind.nameZh() + "“" + key + "”已存在", kind.nameEn() + " '" + key + "' already exists"));
        history(tenantId, enterpriseCode, kind, key, v.version(), v.version() == 1 ? "CREATE" : "RESTORE", data);
        return v;
    }

    /** Replaces an active entity's data when the version matches. */
    public <T> Optional<Versioned<T>> update(String tenantId, String enterpriseCode, Kind<T> kind, String key, T data,
                                             long expectedVersion) {
        Optional<Versioned<T>> v = jdbc.sql("update master_entity set body = ?::jsonb, version = version + 1, "
                        + "updated_at = now() where tenant_id = ? and enterprise_code = ? and kind = ? "
                        + "and entity_key = ? and version = ? and retired_at is null returning " + ENTITY_COLUMNS)
                .params(encode(data), tenantId, enterpriseCode, kind.name(), key, expectedVersion)
                .query((rs, i) -> entity(rs, kind)).optional();
        v.ifPresent(x -> history(tenantId, enterpriseCode, kind, key, x.version(), "UPDATE", data));
        return v;
    }

    public <T> Optional<Versioned<T>> retire(String tenantId, String enterpriseCode, Kind<T> kind, String key,
                                             long expectedVersion) {
        Optional<Versioned<T>> v = jdbc.sql("update master_entity set retired_at = now(), version = version + 1, "
                        + "updated_at = now() where tenant_id = ? and enterprise_code = ? and kind = ? "
                        + "and entity_key = ? and version = ? and retired_at is null returning " + ENTITY_COLUMNS)
                .params(tenantId, enterpriseCode, kind.name(), key, expectedVersion)
                .query((rs, i) -> entity(rs, kind)).optional();
        v.ifPresent(x -> history(tenantId, enterpriseCode, kind, key, x.version(), "RETIRE", x.data()));
        return v;
    }

    /** Every stored version of an entity, oldest first. */
    public <T> List<Versioned<T>> history(String tenantId, String enterpriseCode, Kind<T> kind, String key) {
        return jdbc.sql("select entity_key, body::text, version, changed_at, "
                        + "case when change = 'RETIRE' then changed_at end from master_entity_history "
                        + "where tenant_id = ? and enterprise_code = ? and kind = ? and entity_key = ? order by id")
                .params(tenantId, enterpriseCode, kind.name(), key).query((rs, i) -> entity(rs, kind)).list();
    }

    private void history(String tenantId, String enterpriseCode, Kind<?> kind, String key, long version,
                         String change, Object data) {
        jdbc.sql("insert into master_entity_history (tenant_id, enterprise_code, kind, entity_key, version, change, body) "
                        + "values (?, ?, ?, ?, ?, ?, ?::jsonb)")
                .params(tenantId, enterpriseCode, kind.name(), key, version, change, encode(data)).update();
    }

    /** The enterprise's active master data as one config.v1 snapshot at its current revision. */
    public Optional<EnterpriseConfig> snapshot(String tenantId, String enterpriseCode) {
        return enterprise(tenantId, enterpriseCode).filter(e -> e.retiredAt() == null).map(e -> {
            EnterpriseConfig c = new EnterpriseConfig(tenantId, enterpriseCode, e.revision(), e.updatedAt(),
                    e.profile(), null, null, null, null, null, null, null, null, null);
            for (Kind<?> k : Kind.ALL) {
                c = withAll(c, k, tenantId, enterpriseCode);
            }
            return c;
        });
    }

    private <T> EnterpriseConfig withAll(EnterpriseConfig c, Kind<T> kind, String tenantId, String enterpriseCode) {
        List<T> data = new ArrayList<>();
        for (Versioned<T> v : list(tenantId, enterpriseCode, kind, false)) {
            data.add(v.data());
        }
        return kind.with(c, data);
    }

    // ---- helpers

    static String encode(Object value) {
        return new String(EventCodec.encode(value), StandardCharsets.UTF_8);
    }

    static <T> T decode(String json, Class<T> type) {
        return EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
