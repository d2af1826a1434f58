package io.energymon.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/**
 * The JSON body of the security errors, bilingual like the other API errors:
 * {@code {"status":401,"code":"unauthorized","message_zh":"...","message_en":"..."}}.
 */
public final class SecurityErrors {
    private SecurityErrors() {
    }

    public static void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, 401, "unauthorized", "缺少有效的访问令牌（未登录、令牌过期、签发者或受众不符）",
                "a valid access token is required (missing, expired, wrong issuer or audience)");
    }

    public static void forbidden(HttpServletResponse response) throws IOException {
        write(response, 403, "forbidden", "角色权限不足，无法执行该操作", "your role does not allow this action");
    }

    public static void notFound(HttpServletResponse response) throws IOException {
        write(response, 404, "not_found", "资源不存在或无权访问", "not found or not accessible");
    }

    static void write(HttpServletResponse response, int status, String code, String zh, String en)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"status\":" + status + ",\"code\":\"" + code + "\",\"message_zh\":\"" + zh
                + "\",\"message_en\":\"" + en + "\"}");
    }
}
