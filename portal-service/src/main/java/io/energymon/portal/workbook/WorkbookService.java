package io.energymon.portal.workbook;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.CollectorConfig;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.EquipmentConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.config.ProcessUnitConfig;
import io.energymon.domain.config.TargetConfig;
import io.energymon.domain.event.AuditEvent.Action;
import io.energymon.portal.audit.Auditor;
import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.MasterDataStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Export and import of a plant's configuration as a workbook or as the CSV file of one kind. An import reads the
 * whole file, then hands the plant to {@link MasterDataService#importConfig} in the same transaction; any bad cell —
 * unparseable or refused by validation — rolls everything back and is reported with the others.
 *
 * <p>The enterprise row is locked first, so that the stored configuration the import merges with (the kinds a CSV
 * file does not hold, the licence hash the workbook does not carry) cannot change under it. Tenant and enterprise
 * come from the caller's path: an enterprise of another tenant is not found. A successful import is audited
 * ({@code WORKBOOK_IMPORTED} with its counts) in the same transaction.
 */
@Service
public class WorkbookService {
    private final MasterDataService masterData;
    private final MasterDataStore store;
    private final Auditor audit;

    public WorkbookService(MasterDataService masterData, MasterDataStore store, Auditor audit) {
        this.masterData = masterData;
        this.store = store;
        this.audit = audit;
    }

    /** A file to download. */
    public record Download(String fileName, byte[] content) {
    }

    @Transactional(readOnly = true)
    public Download exportXlsx(String tenantId, String enterpriseCode) {
        EnterpriseConfig c = masterData.snapshot(tenantId, enterpriseCode);
        return new Download(enterpriseCode + "-config-r" + c.revision() + ".xlsx", WorkbookWriter.xlsx(c));
    }

    @Transactional(readOnly = true)
    public Download exportCsv(String tenantId, String enterpriseCode, String sheetName) {
        EnterpriseConfig c = masterData.snapshot(tenantId, enterpriseCode);
        SheetFormat<?> format = format(sheetName);
        return new Download(enterpriseCode + "-" + format.name() + "-r" + c.revision() + ".csv",
                WorkbookWriter.csv(c, format.name()));
    }

    /**
     * Imports a workbook. A sheet that is missing leaves its kind as it is, or with {@code retireMissing} retires
     * every entity of that kind (with a warning); a missing enterprise sheet leaves the profile as it is.
     */
    @Transactional
    public WorkbookImportResult importXlsx(String tenantId, String enterpriseCode, byte[] file, boolean retireMissing) {
        EnterpriseConfig current = lockedSnapshot(tenantId, enterpriseCode);
        WorkbookContent content = WorkbookReader.readXlsx(file, enterpriseCode);
        List<CellReport> warnings = new ArrayList<>(content.warnings());
        if (retireMissing && !content.unreadable()) {
            for (Kind<?> kind : Kind.ALL) {
                int n = kind.in(current).size();
                if (!content.has(kind) && n > 0) {
                    SheetFormat<?> f = WorkbookFormat.of(kind);
                    warnings.add(new CellReport(f.title(), null, null, null, kind.name(), "sheet.missing-retired",
                            "the sheet " + f.title(), null,
                            "缺少工作表“" + f.title() + "”：retireMissing=true，已停用全部" + n + "条" + kind.nameZh(),
                            "sheet '" + f.title() + "' is missing: with retireMissing=true all " + n + " " + kind.name()
                                    + " were retired"));
                }
            }
        }
        EnterpriseConfig incoming = incoming(current, profile(content, current), k -> content.list(k));
        return run(tenantId, enterpriseCode, "xlsx", incoming, retireMissing, content, warnings, v -> true);
    }

    /**
     * Imports the CSV file of one kind into the current configuration: the other kinds stay as they are; with
     * {@code retireMissing}, entities of this kind not in the file are retired. {@code enterprise} replaces the profile.
     */
    @Transactional
    public WorkbookImportResult importCsv(String tenantId, String enterpriseCode, String sheetName, byte[] file,
                                          boolean retireMissing) {
        SheetFormat<?> format = format(sheetName);
        EnterpriseConfig current = lockedSnapshot(tenantId, enterpriseCode);
        WorkbookContent content = WorkbookReader.readCsv(format.name(), file, enterpriseCode);
        EnterpriseProfile profile = format == WorkbookFormat.ENTERPRISE ? profile(content, current) : current.profile();
        EnterpriseConfig incoming = incoming(current, profile,
                k -> k.equals(format.kind()) ? content.list(k) : k.in(current));
        String prefix = format == WorkbookFormat.ENTERPRISE ? "profile" : format.name() + "[";
        return run(tenantId, enterpriseCode, "csv:" + format.name(), incoming, retireMissing, content,
                new ArrayList<>(content.warnings()),
                v -> v.field().startsWith(prefix));
    }

    private WorkbookImportResult run(String tenantId, String enterpriseCode, String source, EnterpriseConfig incoming,
                                     boolean retireMissing, WorkbookContent content, List<CellReport> readerWarnings,
                                     Predicate<Violation> ownWarning) {
        if (content.unreadable()) {
            throw new WorkbookImportException(content.errors());
        }
        MasterDataService.ImportResult result = null;
        List<Violation> invalid = List.of();
        try {
            result = masterData.importConfig(tenantId, enterpriseCode, incoming, retireMissing);
        } catch (MasterDataException.Invalid e) {
            invalid = e.violations();
        }
        List<CellReport> bad = content.errorsWith(invalid);
        if (!bad.isEmpty()) {
            throw new WorkbookImportException(bad); // rolls back whatever the import wrote
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("source", source);
        detail.put("retireMissing", retireMissing);
        detail.put("created", result.created());
        detail.put("updated", result.updated());
        detail.put("retired", result.retired());
        detail.put("unchanged", result.unchanged());
        detail.put("revision", result.revision());
        audit.record(Action.WORKBOOK_IMPORTED, tenantId, enterpriseCode, "enterprise", enterpriseCode, detail);
        List<Violation> validatorWarnings = result.warnings().stream().filter(ownWarning).toList();
        List<Violation> warnings = new ArrayList<>(readerWarnings.stream()
                .map(w -> Violation.warning(w.field(), w.rule(), w.expected(), w.messageZh(), w.messageEn())).toList());
        warnings.addAll(validatorWarnings);
        List<CellReport> cells = new ArrayList<>(readerWarnings);
        cells.addAll(content.locate(validatorWarnings));
        return new WorkbookImportResult(result.created(), result.updated(), result.retired(), result.unchanged(),
                result.revision(), warnings, cells);
    }

    private EnterpriseConfig lockedSnapshot(String tenantId, String enterpriseCode) {
        store.lockEnterprise(tenantId, enterpriseCode).filter(e -> e.retiredAt() == null)
                .orElseThrow(() -> new MasterDataException.NotFound("用能单位", "enterprise", enterpriseCode));
        return masterData.snapshot(tenantId, enterpriseCode);
    }

    /** The file's profile with the stored licence hash (the licence is uploaded on its own), or the stored one. */
    private static EnterpriseProfile profile(WorkbookContent content, EnterpriseConfig current) {
        return content.profile().map(p -> new EnterpriseProfile(p.name(), p.industryCode(), p.region(),
                        p.legalRepresentative(), p.address(), p.zipCode(), p.phone(), p.email(), p.energyOfficer(),
                        p.energyOfficerPhone(), p.energyConsumptionLevel(), p.zone(), p.layoutProfile(),
                        current.profile().licenceSha256()))
                .orElse(current.profile());
    }

    @SuppressWarnings("unchecked")
    private static EnterpriseConfig incoming(EnterpriseConfig current, EnterpriseProfile profile,
                                             Function<Kind<?>, List<?>> lists) {
        return new EnterpriseConfig(current.tenantId(), current.enterpriseCode(), current.revision(), null, profile,
                (List<ProcessConfig>) lists.apply(Kind.PROCESSES),
                (List<ProcessUnitConfig>) lists.apply(Kind.PROCESS_UNITS),
                (List<EquipmentConfig>) lists.apply(Kind.EQUIPMENT),
                (List<MeterConfig>) lists.apply(Kind.METERS),
                (List<CollectorConfig>) lists.apply(Kind.COLLECTORS),
                (List<DeviceConfig>) lists.apply(Kind.DEVICES),
                (List<PointConfig>) lists.apply(Kind.POINTS),
                (List<ItemConfig>) lists.apply(Kind.ITEMS),
                (List<TargetConfig>) lists.apply(Kind.TARGETS));
    }

    private static SheetFormat<?> format(String sheetName) {
        return WorkbookFormat.byName(sheetName)
                .orElseThrow(() -> new MasterDataException.NotFound("数据类别", "kind", sheetName));
    }
}
