package io.energymon.portal.audit;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.event.AuditEvent;
import io.energymon.portal.audit.AuditStore.AuditQuery;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's audit log: who changed what, when, from where. Tenant admins of the tenant and platform operators only
 * (PortalAccessPolicy); another tenant's log answers 404 like anything else of another tenant.
 */
@RestController
@Tag(name = "audit")
public class AuditController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditStore store;
    private final MasterDataService masterData;

    public AuditController(AuditStore store, MasterDataService masterData) {
        this.store = store;
        this.masterData = masterData;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/audit")
    @Operation(summary = "The tenant's audit events, newest first",
            description = "Master-data changes, workbook imports, licence uploads, meter events, re-uploads and "
                    + "logins of the tenant's users: actor (subject, username, roles), action, target, detail, client "
                    + "address and user agent. Tenant admin of the tenant or platform operator.")
    public List<AuditEvent> query(
            @PathVariable String tenantId,
            @Parameter(description = "ISO-8601 instant, inclusive (e.g. 2026-11-24T00:00:00Z)")
            @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @RequestParam(required = false) String to,
            @Parameter(description = "only events about this enterprise (USCC)")
            @RequestParam(required = false) String enterpriseCode,
            @Parameter(description = "only this action, e.g. MASTER_DATA_UPDATED, REUPLOAD_REQUESTED, LOGIN")
            @RequestParam(required = false) String action,
            @Parameter(description = "only this actor (username or subject)") @RequestParam(required = false) String actor,
            @Parameter(description = "at most this many events, 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")")
            @RequestParam(required = false) Integer limit) {
        List<Violation> errors = new ArrayList<>();
        Instant fromAt = instant("from", from, errors);
        Instant toAt = instant("to", to, errors);
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            errors.add(Violation.error("to", "range", "after from", "结束时间应晚于开始时间",
                    "to must be after from"));
        }
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            errors.add(Violation.error("limit", "range", "1.." + MAX_LIMIT, "条数应在1到" + MAX_LIMIT + "之间，实际为" + n,
                    "limit must be between 1 and " + MAX_LIMIT + ", got " + n));
        }
        if (!errors.isEmpty()) {
            throw new MasterDataException.Invalid(errors);
        }
        masterData.tenant(tenantId);
        return store.query(new AuditQuery(tenantId, fromAt, toAt, blankToNull(enterpriseCode), blankToNull(action),
                blankToNull(actor), n));
    }

    private static Instant instant(String field, String value, List<Violation> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(Violation.error(field, "instant", "an ISO-8601 instant such as 2026-11-24T00:00:00Z",
                    field + "不是有效的时间（应为ISO-8601格式，如2026-11-24T00:00:00Z）：" + value,
                    field + " is not an ISO-8601 instant such as 2026-11-24T00:00:00Z: " + value));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
