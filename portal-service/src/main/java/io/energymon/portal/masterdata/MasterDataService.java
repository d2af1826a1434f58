package io.energymon.portal.masterdata;

import io.energymon.codes.uscc.Uscc;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.event.AuditEvent.Action;
import io.energymon.portal.audit.Auditor;
import io.energymon.portal.masterdata.MasterDataException.Conflict;
import io.energymon.portal.masterdata.MasterDataException.Invalid;
import io.energymon.portal.masterdata.MasterDataException.NotFound;
import io.energymon.portal.masterdata.validation.ConfigValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of master data: validated as the whole enterprise would be after it, written with its history under
 * an optimistic version, and counted as one more revision of the enterprise, which the config relay then publishes
 * on {@code config.v1}. Edits of one enterprise are serialised by a lock on its row; every call is scoped by tenant
 * (and enterprise), so nothing of another tenant can be named. Every change is audited (actor, target, versions
 * before and after) in its transaction.
 */
@Service
public class MasterDataService {
    private final MasterDataStore store;
    private final Auditor audit;
    private final ConfigValidator validator = new ConfigValidator();

    public MasterDataService(MasterDataStore store, Auditor audit) {
        this.store = store;
        this.audit = audit;
    }

    // ---- tenants

    @Transactional(readOnly = true)
    public List<Versioned<Tenant>> tenants() {
        return store.tenants();
    }

    @Transactional(readOnly = true)
    public Versioned<Tenant> tenant(String tenantId) {
        return store.tenant(tenantId).orElseThrow(() -> new NotFound("租户", "tenant", tenantId));
    }

    @Transactional
    public Versioned<Tenant> createTenant(Tenant t) {
        invalidIfErrors(ConfigValidator.validateTenant(t.tenantId(), t.name()));
        if (!store.insertTenant(t)) {
            throw new Conflict("租户“" + t.tenantId() + "”已存在", "tenant '" + t.tenantId() + "' already exists");
        }
        Versioned<Tenant> created = tenant(t.tenantId());
        audit.record(Action.MASTER_DATA_CREATED, t.tenantId(), null, "tenant", t.tenantId(),
                Map.of("versionAfter", created.version()));
        return created;
    }

    @Transactional
    public Versioned<Tenant> updateTenant(String tenantId, Tenant t, long version) {
        if (!tenantId.equals(t.tenantId())) {
            throw keyChanged("tenantId", tenantId, t.tenantId());
        }
        invalidIfErrors(ConfigValidator.validateTenant(t.tenantId(), t.name()));
        Versioned<Tenant> current = tenant(tenantId);
        if (!store.updateTenant(t, version)) {
            throw stale("租户", "tenant", tenantId, version, current.version());
        }
        Versioned<Tenant> updated = tenant(tenantId);
        audit.record(Action.MASTER_DATA_UPDATED, tenantId, null, "tenant", tenantId,
                versions(version, updated.version()));
        return updated;
    }

    // ---- enterprises

    @Transactional(readOnly = true)
    public List<Versioned<EnterpriseProfile>> enterprises(String tenantId, boolean includeRetired) {
        tenant(tenantId);
        return store.enterprises(tenantId, includeRetired).stream().map(MasterDataService::versioned).toList();
    }

    @Transactional(readOnly = true)
    public Versioned<EnterpriseProfile> enterprise(String tenantId, String enterpriseCode) {
        return store.enterprise(tenantId, enterpriseCode).map(MasterDataService::versioned)
                .orElseThrow(() -> enterpriseNotFound(enterpriseCode));
    }

    private static Versioned<EnterpriseProfile> versioned(EnterpriseRow e) {
        return new Versioned<>(e.enterpriseCode(), e.version(), e.updatedAt(), e.retiredAt(), e.profile(), List.of());
    }

    @Transactional
    public Versioned<EnterpriseProfile> createEnterprise(String tenantId, String enterpriseCode, EnterpriseProfile p) {
        tenant(tenantId);
        List<Violation> errors = new ArrayList<>(Uscc.validate("enterpriseCode", enterpriseCode).errors());
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        ValidationResult r = validator.validate(empty(tenantId, enterpriseCode, p));
        invalidIfErrors(r);
        if (!store.insertEnterprise(tenantId, enterpriseCode, p)) {
            throw new Conflict("用能单位“" + enterpriseCode + "”已存在", "enterprise '" + enterpriseCode + "' already exists");
        }
        Versioned<EnterpriseProfile> created = enterprise(tenantId, enterpriseCode);
        audit.record(Action.MASTER_DATA_CREATED, tenantId, enterpriseCode, "enterprise", enterpriseCode,
                Map.of("versionAfter", created.version()));
        return created.withWarnings(r.warnings());
    }

    @Transactional
    public Versioned<EnterpriseProfile> updateEnterprise(String tenantId, String enterpriseCode, EnterpriseProfile p,
                                                         long version) {
        EnterpriseRow row = lockActive(tenantId, enterpriseCode);
        EnterpriseConfig current = store.snapshot(tenantId, enterpriseCode).orElseThrow();
        ValidationResult r = validator.validate(withProfile(current, p));
        invalidIfErrors(r);
        if (!store.updateEnterprise(tenantId, enterpriseCode, p, version)) {
            throw stale("用能单位", "enterprise", enterpriseCode, version, row.version());
        }
        Versioned<EnterpriseProfile> updated = enterprise(tenantId, enterpriseCode);
        audit.record(Action.MASTER_DATA_UPDATED, tenantId, enterpriseCode, "enterprise", enterpriseCode,
                versions(version, updated.version()));
        return updated.withWarnings(r.warnings());
    }

    /** Retires the enterprise: services forget it (a tombstone on config.v1); its data and history stay. */
    @Transactional
    public Versioned<EnterpriseProfile> retireEnterprise(String tenantId, String enterpriseCode, long version) {
        EnterpriseRow row = lockActive(tenantId, enterpriseCode);
        if (!store.retireEnterprise(tenantId, enterpriseCode, version)) {
            throw stale("用能单位", "enterprise", enterpriseCode, version, row.version());
        }
        Versioned<EnterpriseProfile> retired = enterprise(tenantId, enterpriseCode);
        audit.record(Action.MASTER_DATA_RETIRED, tenantId, enterpriseCode, "enterprise", enterpriseCode,
                versions(version, retired.version()));
        return retired;
    }

    /** The enterprise's active master data as config.v1 carries it. */
    @Transactional(readOnly = true)
    public EnterpriseConfig snapshot(String tenantId, String enterpriseCode) {
        return store.snapshot(tenantId, enterpriseCode).orElseThrow(() -> enterpriseNotFound(enterpriseCode));
    }

    // ---- entities

    @Transactional(readOnly = true)
    public <T> List<Versioned<T>> list(String tenantId, String enterpriseCode, Kind<T> kind, boolean includeRetired) {
        enterprise(tenantId, enterpriseCode);
        return store.list(tenantId, enterpriseCode, kind, includeRetired);
    }

    @Transactional(readOnly = true)
    public <T> Versioned<T> get(String tenantId, String enterpriseCode, Kind<T> kind, String key) {
        enterprise(tenantId, enterpriseCode);
        return store.get(tenantId, enterpriseCode, kind, key).orElseThrow(() -> NotFound.of(kind, key));
    }

    @Transactional(readOnly = true)
    public <T> List<Versioned<T>> history(String tenantId, String enterpriseCode, Kind<T> kind, String key) {
        get(tenantId, enterpriseCode, kind, key);
        return store.history(tenantId, enterpriseCode, kind, key);
    }

    @Transactional
    public <T> Versioned<T> create(String tenantId, String enterpriseCode, Kind<T> kind, T data) {
        lockActive(tenantId, enterpriseCode);
        T d = normalize(kind, Objects.requireNonNull(data));
        String key = kind.keyOf(d);
        if (store.get(tenantId, enterpriseCode, kind, key).filter(v -> !v.retired()).isPresent()) {
            throw new Conflict(kind.nameZh() + "“" + key + "”已存在", kind.nameEn() + " '" + key + "' already exists");
        }
        List<Violation> warnings = check(tenantId, enterpriseCode, kind, key, d);
        Versioned<T> v = store.insert(tenantId, enterpriseCode, kind, d);
        store.bumpRevision(tenantId, enterpriseCode);
        audit.record(Action.MASTER_DATA_CREATED, tenantId, enterpriseCode, kind.name(), key,
                Map.of("versionAfter", v.version()));
        return v.withWarnings(warnings);
    }

    @Transactional
    public <T> Versioned<T> update(String tenantId, String enterpriseCode, Kind<T> kind, String key, T data,
                                   long version) {
        lockActive(tenantId, enterpriseCode);
        T d = normalize(kind, Objects.requireNonNull(data));
        if (!key.equals(kind.keyOf(d))) {
            throw keyChanged(kind.name() + " key", key, kind.keyOf(d));
        }
        Versioned<T> current = store.get(tenantId, enterpriseCode, kind, key).filter(v -> !v.retired())
                .orElseThrow(() -> NotFound.of(kind, key));
        if (current.version() != version) {
            throw stale(kind.nameZh(), kind.nameEn(), key, version, current.version());
        }
        List<Violation> warnings = check(tenantId, enterpriseCode, kind, key, d);
        Versioned<T> v = store.update(tenantId, enterpriseCode, kind, key, d, version).orElseThrow();
        store.bumpRevision(tenantId, enterpriseCode);
        audit.record(Action.MASTER_DATA_UPDATED, tenantId, enterpriseCode, kind.name(), key,
                versions(version, v.version()));
        return v.withWarnings(warnings);
    }

    /** Retires an entity: it leaves the configuration, its row and every version of it stay. */
    @Transactional
    public <T> Versioned<T> retire(String tenantId, String enterpriseCode, Kind<T> kind, String key, long version) {
        lockActive(tenantId, enterpriseCode);
        Versioned<T> current = store.get(tenantId, enterpriseCode, kind, key).filter(v -> !v.retired())
                .orElseThrow(() -> NotFound.of(kind, key));
        if (current.version() != version) {
            throw stale(kind.nameZh(), kind.nameEn(), key, version, current.version());
        }
        check(tenantId, enterpriseCode, kind, key, null);
        Versioned<T> v = store.retire(tenantId, enterpriseCode, kind, key, version).orElseThrow();
        store.bumpRevision(tenantId, enterpriseCode);
        audit.record(Action.MASTER_DATA_RETIRED, tenantId, enterpriseCode, kind.name(), key,
                versions(version, v.version()));
        return v;
    }

    /** What an import changed. */
    public record ImportResult(int created, int updated, int retired, int unchanged, long revision,
                               List<Violation> warnings) {
    }

    /**
     * Makes the enterprise's master data equal to {@code incoming} (a plant from a workbook): all or nothing. The
     * profile is replaced when given; entities are created or updated by key; with {@code retireMissing}, active
     * entities absent from {@code incoming} are retired. Throws {@link Invalid} with every finding when the result
     * would be invalid, and then changes nothing.
     */
    @Transactional
    public ImportResult importConfig(String tenantId, String enterpriseCode, EnterpriseConfig incoming,
                                     boolean retireMissing) {
        EnterpriseRow row = lockActive(tenantId, enterpriseCode);
        EnterpriseConfig current = store.snapshot(tenantId, enterpriseCode).orElseThrow();
        EnterpriseConfig target = merge(current, normalizeAll(incoming), retireMissing);
        ValidationResult r = validator.validate(target);
        invalidIfErrors(r);
        int[] counts = new int[4];
        for (Kind<?> k : Kind.ALL) {
            apply(tenantId, enterpriseCode, k, current, target, counts);
        }
        boolean profileChanged = !current.profile().equals(target.profile());
        if (profileChanged) {
            store.updateEnterprise(tenantId, enterpriseCode, target.profile(), row.version());
        }
        if (counts[0] + counts[1] + counts[2] > 0 && !profileChanged) {
            store.bumpRevision(tenantId, enterpriseCode);
        }
        long revision = store.enterprise(tenantId, enterpriseCode).orElseThrow().revision();
        return new ImportResult(counts[0], counts[1], counts[2], counts[3], revision, r.warnings());
    }

    private <T> void apply(String tenantId, String enterpriseCode, Kind<T> kind, EnterpriseConfig current,
                           EnterpriseConfig target, int[] counts) {
        Map<String, T> before = byKey(kind, kind.in(current));
        Map<String, T> after = byKey(kind, kind.in(target));
        for (Map.Entry<String, T> e : after.entrySet()) {
            T old = before.get(e.getKey());
            if (old == null) {
                store.insert(tenantId, enterpriseCode, kind, e.getValue());
                counts[0]++;
            } else if (!old.equals(e.getValue())) {
                long version = store.get(tenantId, enterpriseCode, kind, e.getKey()).orElseThrow().version();
                store.update(tenantId, enterpriseCode, kind, e.getKey(), e.getValue(), version);
                counts[1]++;
            } else {
                counts[3]++;
            }
        }
        for (String gone : before.keySet()) {
            if (!after.containsKey(gone)) {
                long version = store.get(tenantId, enterpriseCode, kind, gone).orElseThrow().version();
                store.retire(tenantId, enterpriseCode, kind, gone, version);
                counts[2]++;
            }
        }
    }

    private static EnterpriseConfig merge(EnterpriseConfig current, EnterpriseConfig incoming, boolean retireMissing) {
        EnterpriseConfig out = withProfile(current, incoming.profile() == null ? current.profile() : incoming.profile());
        for (Kind<?> k : Kind.ALL) {
            out = mergeKind(out, current, incoming, k, retireMissing);
        }
        return out;
    }

    private static <T> EnterpriseConfig mergeKind(EnterpriseConfig out, EnterpriseConfig current,
                                                  EnterpriseConfig incoming, Kind<T> kind, boolean retireMissing) {
        Map<String, T> merged = retireMissing ? new LinkedHashMap<>() : byKey(kind, kind.in(current));
        for (T e : kind.in(incoming)) {
            merged.put(kind.keyOf(e), e);
        }
        return kind.with(out, List.copyOf(merged.values()));
    }

    private static <T> Map<String, T> byKey(Kind<T> kind, List<T> list) {
        Map<String, T> m = new LinkedHashMap<>();
        list.forEach(e -> m.put(kind.keyOf(e), e));
        return m;
    }

    // ---- helpers

    private static Map<String, Object> versions(long before, long after) {
        return Map.of("versionBefore", before, "versionAfter", after);
    }

    /** Validates the enterprise as it would be with {@code data} under {@code key} (null: without it). */
    private <T> List<Violation> check(String tenantId, String enterpriseCode, Kind<T> kind, String key, T data) {
        EnterpriseConfig current = store.snapshot(tenantId, enterpriseCode).orElseThrow();
        List<T> list = new ArrayList<>(kind.in(current).stream().filter(e -> !kind.keyOf(e).equals(key)).toList());
        if (data != null) {
            list.add(data);
        }
        ValidationResult r = validator.validate(kind.with(current, list));
        invalidIfErrors(r);
        String path = kind.path(key);
        return r.warnings().stream().filter(w -> w.field().startsWith(path)).toList();
    }

    private EnterpriseRow lockActive(String tenantId, String enterpriseCode) {
        return store.lockEnterprise(tenantId, enterpriseCode).filter(e -> e.retiredAt() == null)
                .orElseThrow(() -> enterpriseNotFound(enterpriseCode));
    }

    @SuppressWarnings("unchecked")
    private static <T> T normalize(Kind<T> kind, T data) {
        if (kind.equals(Kind.ITEMS) && data instanceof ItemConfig i && i.dataCode() != null) {
            return (T) new ItemConfig(i.dataCode().strip().replace("-", ""), i.name(), i.statTypes(), i.formula(),
                    i.inputType(), i.scope(), i.unit(), i.valueMin(), i.valueMax());
        }
        return data;
    }

    private static EnterpriseConfig normalizeAll(EnterpriseConfig c) {
        return Kind.ITEMS.with(c, c.items().stream().map(i -> normalize(Kind.ITEMS, i)).toList());
    }

    private static EnterpriseConfig empty(String tenantId, String enterpriseCode, EnterpriseProfile p) {
        return new EnterpriseConfig(tenantId, enterpriseCode, 0, null, p, null, null, null, null, null, null, null,
                null, null);
    }

    private static EnterpriseConfig withProfile(EnterpriseConfig c, EnterpriseProfile p) {
        return new EnterpriseConfig(c.tenantId(), c.enterpriseCode(), c.revision(), c.updatedAt(), p, c.processes(),
                c.processUnits(), c.equipment(), c.meters(), c.collectors(), c.devices(), c.points(), c.items(),
                c.targets());
    }

    private static void invalidIfErrors(ValidationResult r) {
        if (!r.isValid()) {
            throw new Invalid(r.errors());
        }
    }

    private static NotFound enterpriseNotFound(String enterpriseCode) {
        return new NotFound("用能单位", "enterprise", enterpriseCode);
    }

    private static Conflict stale(String zh, String en, String key, long given, long current) {
        return new Conflict(zh + "“" + key + "”已被他人修改：请求的版本为" + given + "，当前版本为" + current + "，请刷新后重试",
                en + " '" + key + "' was changed by someone else: request names version " + given + ", current is "
                        + current + "; reload and retry");
    }

    private static Invalid keyChanged(String field, String expected, String given) {
        return new Invalid(List.of(Violation.error(field, "key.immutable", expected,
                "标识不可修改：应为“" + expected + "”，实际为“" + given + "”",
                "The key cannot change: expected '" + expected + "', got '" + given + "'")));
    }

    /** Exposed for the workbook import's own checks. */
    public Optional<EnterpriseRow> enterpriseRow(String tenantId, String enterpriseCode) {
        return store.enterprise(tenantId, enterpriseCode);
    }
}
