package io.energymon.uploader.reupload;

import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.queue.UploadQueue;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The re-upload action (补传, DB36 §9.8.3): marks values a platform already accepted for sending again with the next
 * delivery round. Bad requests get a bilingual 400, an unknown platform or enterprise a 404. Each accepted request is
 * audited ({@code REUPLOAD_REQUESTED} on {@code audit.v1}): the event goes into the outbox in the transaction of the
 * marks, so that neither commits without the other.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/uploads")
public class ReuploadController {
    private static final Logger log = LoggerFactory.getLogger(ReuploadController.class);

    private final UploadQueue queue;
    private final EnterpriseDirectory directory;
    private final Set<String> platforms;
    private final ReuploadAudit audit;
    private final TransactionTemplate tx;

    public ReuploadController(UploadQueue queue, EnterpriseDirectory directory, UploaderProperties props,
                              ReuploadAudit audit, PlatformTransactionManager transactions) {
        this.queue = queue;
        this.directory = directory;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.platforms = props.platforms().stream().map(PlatformConfig::id).collect(Collectors.toUnmodifiableSet());
    }

    /** @param marked how many accepted values will be sent again */
    public record ReuploadResult(int marked) {
    }

    @PostMapping("/reupload")
    public ResponseEntity<?> reupload(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                      @RequestBody ReuploadRequest request) {
        String problem = request.problem();
        if (problem != null) {
            return error(HttpStatus.BAD_REQUEST, problem);
        }
        if (!platforms.contains(request.platformId())) {
            return error(HttpStatus.NOT_FOUND, "平台 " + request.platformId() + " 未配置 / platform "
                    + request.platformId() + " is not configured");
        }
        if (directory.find(tenantId, enterpriseCode).isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "用能单位 " + enterpriseCode + " 不在配置中 / enterprise " + tenantId + "/"
                    + enterpriseCode + " is not configured");
        }
        int marked = tx.execute(status -> {
            int n = queue.markForReupload(request.platformId(), tenantId, enterpriseCode, request.statType(),
                    request.from(), request.to(), request.dataCodes());
            audit.requested(tenantId, enterpriseCode, request, n);
            return n;
        });
        try (MDC.MDCCloseable t = MDC.putCloseable("tenantId", tenantId);
             MDC.MDCCloseable e = MDC.putCloseable("enterpriseCode", enterpriseCode)) {
            log.info("re-upload to {} requested: {} value(s) of statType {} from {} to {}{} marked", request.platformId(),
                    marked, request.statType(), request.from(), request.to(),
                    request.dataCodes().isEmpty() ? "" : " of " + request.dataCodes());
        }
        return ResponseEntity.ok(new ReuploadResult(marked));
    }

    /** A body that is not JSON of the expected shape (a date that does not parse, a statType that is no number). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
        return error(HttpStatus.BAD_REQUEST, "请求体无法解析 / the request body cannot be read: expected JSON "
                + "{platformId, dataCodes, statType, from, to} with ISO local date-times");
    }

    private static ResponseEntity<ProblemDetail> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, message));
    }
}
