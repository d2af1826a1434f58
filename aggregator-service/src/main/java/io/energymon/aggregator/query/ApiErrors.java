package io.energymon.aggregator.query;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The read API's errors, as {@code {"error": "中文 / English"}}: a bad argument is 400, an enterprise or item this
 * aggregator does not know is 404.
 */
@RestControllerAdvice(basePackages = "io.energymon.aggregator")
public class ApiErrors {

    /** An enterprise, item or point the request names that does not exist (for this tenant). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The configured enterprise the path names, for this tenant only; else {@link NotFound}. */
    public static EnterpriseCatalog enterprise(ItemCatalog catalog, String tenantId, String enterpriseCode) {
        return catalog.enterprise(new EnterpriseRef(tenantId, enterpriseCode)).orElseThrow(() -> new NotFound(
                "用能单位 " + enterpriseCode + " 不存在 / enterprise " + enterpriseCode + " not found"));
    }

    /** The configured data item the path names (hyphens allowed); else {@link NotFound}. */
    public static CatalogItem item(EnterpriseCatalog enterprise, String dataCode) {
        return enterprise.item(dataCode.replace("-", "")).orElseThrow(() -> new NotFound("数据项 " + dataCode
                + " 不存在 / data item " + dataCode + " not found"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, String>> missing(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "缺少参数 " + e.getParameterName() + " / parameter "
                + e.getParameterName() + " is missing"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "请求体缺失或不是有效的 JSON / the request body is "
                + "missing or not valid JSON"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "参数 " + e.getName() + " 的值“" + e.getValue()
                + "”无效 / parameter " + e.getName() + " has an invalid value '" + e.getValue() + "'"));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Map<String, String>> notFound(NotFound e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
