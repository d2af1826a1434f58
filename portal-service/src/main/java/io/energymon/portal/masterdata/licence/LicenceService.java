package io.energymon.portal.masterdata.licence;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.event.AuditEvent.Action;
import io.energymon.portal.audit.Auditor;
import io.energymon.portal.files.FileTypes;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Versioned;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an enterprise's business licence with its SHA-256; the hash enters the enterprise profile (a new revision
 * of its master data), so every service and the platform upload see which licence is on file. Each upload is audited
 * ({@code LICENCE_UPLOADED}: type, size, hash; never the file) in the same transaction.
 */
@Service
public class LicenceService {
    static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final Set<String> TYPES = Set.of(FileTypes.PDF, FileTypes.PNG, FileTypes.JPEG);

    private final JdbcClient jdbc;
    private final MasterDataService masterData;
    private final Auditor audit;

    public LicenceService(JdbcClient jdbc, MasterDataService masterData, Auditor audit) {
        this.jdbc = jdbc;
        this.masterData = masterData;
        this.audit = audit;
    }

    @Transactional
    public BusinessLicence.Info store(String tenantId, String enterpriseCode, String fileName, String contentType,
                                      byte[] content) {
        Versioned<EnterpriseProfile> e = masterData.enterprise(tenantId, enterpriseCode);
        String type = FileTypes.detect(content, TYPES).orElse(null);
        if (content.length == 0 || content.length > MAX_BYTES || type == null) {
            throw new MasterDataException.Invalid(List.of(Violation.error("file", "licence.file",
                    "a PDF, PNG or JPEG file of at most 10 MB",
                    "营业执照应为不超过10MB的PDF、PNG或JPEG文件（收到" + content.length + "字节，类型" + contentType + "）",
                    "Business licence must be a PDF, PNG or JPEG file of at most 10 MB (got " + content.length
                            + " bytes of " + contentType + ")")));
        }
        String sha = FileTypes.sha256(content);
        String name = fileName == null || fileName.isBlank() ? "licence" : fileName.strip();
        jdbc.sql("""
                        insert into business_licence (tenant_id, enterprise_code, file_name, content_type, size_bytes,
                                                      sha256, content)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, enterprise_code) do update
                           set file_name = excluded.file_name, content_type = excluded.content_type,
                               size_bytes = excluded.size_bytes, sha256 = excluded.sha256, content = excluded.content,
                               uploaded_at = now()
                        """)
                .params(tenantId, enterpriseCode, name, type, content.length, sha, content).update();
        audit.record(Action.LICENCE_UPLOADED, tenantId, enterpriseCode, "licence", enterpriseCode,
                Map.of("contentType", type, "sizeBytes", content.length, "sha256", sha));
        EnterpriseProfile p = e.data();
        if (!sha.equals(p.licenceSha256())) {
            masterData.updateEnterprise(tenantId, enterpriseCode, new EnterpriseProfile(p.name(), p.industryCode(),
                    p.region(), p.legalRepresentative(), p.address(), p.zipCode(), p.phone(), p.email(),
                    p.energyOfficer(), p.energyOfficerPhone(), p.energyConsumptionLevel(), p.zone(), p.layoutProfile(),
                    sha), e.version());
        }
        return get(tenantId, enterpriseCode).info();
    }

    @Transactional(readOnly = true)
    public BusinessLicence get(String tenantId, String enterpriseCode) {
        masterData.enterprise(tenantId, enterpriseCode);
        return jdbc.sql("select file_name, content_type, size_bytes, sha256, uploaded_at, content from business_licence "
                        + "where tenant_id = ? and enterprise_code = ?")
                .params(tenantId, enterpriseCode)
                .query((rs, i) -> new BusinessLicence(new BusinessLicence.Info(rs.getString(1), rs.getString(2),
                        rs.getLong(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()),
                        rs.getBytes(6)))
                .optional()
                .orElseThrow(() -> new MasterDataException.NotFound("营业执照", "business licence", enterpriseCode));
    }
}
