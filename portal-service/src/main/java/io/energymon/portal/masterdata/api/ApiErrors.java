package io.energymon.portal.masterdata.api;

import io.energymon.codes.validation.Violation;
import io.energymon.portal.masterdata.MasterDataException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;

/**
 * Turns every refusal of the API into a body that says what was wrong, in Chinese and English:
 * {@code {status, error, messageZh, messageEn, violations:[{field, rule, expected, messageZh, messageEn}]}}.
 */
@RestControllerAdvice(basePackages = "io.energymon.portal")
public class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** The error body. */
    public record ApiError(int status, String error, String messageZh, String messageEn, List<Violation> violations) {
    }

    @ExceptionHandler(MasterDataException.Invalid.class)
    ResponseEntity<ApiError> invalid(MasterDataException.Invalid e) {
        return body(HttpStatus.BAD_REQUEST, "validation", e.messageZh(), e.messageEn(), e.violations());
    }

    @ExceptionHandler(MasterDataException.NotFound.class)
    ResponseEntity<ApiError> notFound(MasterDataException.NotFound e) {
        return body(HttpStatus.NOT_FOUND, "not-found", e.messageZh(), e.messageEn(), List.of());
    }

    @ExceptionHandler(MasterDataException.Conflict.class)
    ResponseEntity<ApiError> conflict(MasterDataException.Conflict e) {
        return body(HttpStatus.CONFLICT, "conflict", e.messageZh(), e.messageEn(), List.of());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        String field = "body";
        String detail = e.getMostSpecificCause().getMessage();
        if (e.getMostSpecificCause() instanceof JacksonException j) {
            String path = j.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            field = path.isEmpty() ? "body" : path;
            detail = j.getOriginalMessage();
        }
        String short1 = detail == null ? "" : detail.lines().findFirst().orElse("");
        Violation v = Violation.error(field, "json", "a value of the documented type",
                "请求内容无法解析（字段 " + field + "）：" + short1, "Request body unreadable at '" + field + "': " + short1);
        return body(HttpStatus.BAD_REQUEST, "unreadable", "请求内容无法解析", "request body unreadable", List.of(v));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            MultipartException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<ApiError> badRequest(Exception e) {
        return body(HttpStatus.BAD_REQUEST, "bad-request", "请求有误：" + e.getMessage(), "bad request: " + e.getMessage(),
                List.of());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> integrity(DataIntegrityViolationException e) {
        log.warn("integrity violation: {}", e.getMostSpecificCause().getMessage());
        return body(HttpStatus.CONFLICT, "conflict", "与已有数据冲突，请刷新后重试", "conflicts with stored data; reload and retry",
                List.of());
    }

    private static ResponseEntity<ApiError> body(HttpStatus s, String error, String zh, String en, List<Violation> v) {
        return ResponseEntity.status(s).body(new ApiError(s.value(), error, zh, en, v));
    }
}
