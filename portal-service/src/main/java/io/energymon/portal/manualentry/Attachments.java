package io.energymon.portal.manualentry;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.portal.files.FileTypes;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Versioned;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evidence of manual entries (invoices, reports): PDF, PNG, JPEG or XLSX files of at most
 * {@code max-attachment-size}, the type sniffed from the content, stored in the portal's database with their SHA-256,
 * size and uploader. Every read and write is scoped by tenant and enterprise: an id of another enterprise is not found.
 */
@Service
public class Attachments {
    static final Set<String> TYPES = Set.of(FileTypes.PDF, FileTypes.PNG, FileTypes.JPEG, FileTypes.XLSX);
    private static final String COLUMNS = "attachment_id, file_name, content_type, size_bytes, sha256, uploaded_by, "
            + "uploaded_at";

    private final JdbcClient jdbc;
    private final MasterDataService masterData;
    private final CurrentCaller callers;
    private final ManualEntryProperties props;

    public Attachments(JdbcClient jdbc, MasterDataService masterData, CurrentCaller callers,
                       ManualEntryProperties props) {
        this.jdbc = jdbc;
        this.masterData = masterData;
        this.callers = callers;
        this.props = props;
    }

    /** A stored file: what it is and its content. */
    public record File(ManualEntryView.Attachment info, byte[] content) {
    }

    @Transactional
    public ManualEntryView.Attachment store(String tenantId, String enterpriseCode, String fileName,
                                            String declaredType, byte[] content) {
        activeEnterprise(masterData, tenantId, enterpriseCode);
        long max = props.maxAttachmentSize().toBytes();
        String type = FileTypes.detect(content, TYPES).orElse(null);
        if (content.length == 0 || content.length > max || type == null) {
            long mb = props.maxAttachmentSize().toMegabytes();
            throw new MasterDataException.Invalid(List.of(Violation.error("file", "manual-entry.attachment",
                    "a PDF, PNG, JPEG or XLSX file of at most " + mb + " MB",
                    "附件应为不超过" + mb + "MB的PDF、PNG、JPEG或XLSX文件（收到" + content.length + "字节，类型"
                            + declaredType + "）",
                    "an attachment must be a PDF, PNG, JPEG or XLSX file of at most " + mb + " MB (got "
                            + content.length + " bytes of " + declaredType + ")")));
        }
        UUID id = UUID.randomUUID();
        String name = fileName == null || fileName.isBlank() ? "attachment" : fileName.strip();
        jdbc.sql("insert into manual_entry_attachment (attachment_id, tenant_id, enterprise_code, file_name, "
                        + "content_type, size_bytes, sha256, content, uploaded_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, tenantId, enterpriseCode, name, type, content.length, FileTypes.sha256(content), content,
                        username(callers.get()))
                .update();
        return infos(tenantId, enterpriseCode, List.of(id)).getFirst();
    }

    @Transactional(readOnly = true)
    public File get(String tenantId, String enterpriseCode, UUID id) {
        masterData.enterprise(tenantId, enterpriseCode);
        return jdbc.sql("select " + COLUMNS + ", content from manual_entry_attachment "
                        + "where tenant_id = ? and enterprise_code = ? and attachment_id = ?")
                .params(tenantId, enterpriseCode, id)
                .query((rs, i) -> new File(info(rs), rs.getBytes(8)))
                .optional()
                .orElseThrow(() -> new MasterDataException.NotFound("附件", "attachment", id.toString()));
    }

    /** What is known of the enterprise's attachments among {@code ids} (unknown and other enterprises' left out). */
    List<ManualEntryView.Attachment> infos(String tenantId, String enterpriseCode, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from manual_entry_attachment "
                        + "where tenant_id = ? and enterprise_code = ? and attachment_id = any(?::uuid[]) "
                        + "order by uploaded_at")
                .params(tenantId, enterpriseCode, ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, i) -> info(rs))
                .list();
    }

    static ManualEntryView.Attachment info(ResultSet rs) throws SQLException {
        return new ManualEntryView.Attachment(rs.getObject("attachment_id", UUID.class), rs.getString("file_name"),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("uploaded_by"), rs.getObject("uploaded_at", OffsetDateTime.class).toInstant());
    }

    static String username(Caller c) {
        return c.username() == null || c.username().isBlank() ? c.subject() : c.username();
    }

    /** The enterprise's profile; not found when it is unknown to the tenant or retired. */
    static EnterpriseProfile activeEnterprise(MasterDataService masterData, String tenantId, String enterpriseCode) {
        Versioned<EnterpriseProfile> e = masterData.enterprise(tenantId, enterpriseCode);
        if (e.retired()) {
            throw new MasterDataException.NotFound("用能单位", "enterprise", enterpriseCode);
        }
        return e.data();
    }
}
