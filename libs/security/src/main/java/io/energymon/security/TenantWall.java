package io.energymon.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks every controller call before it runs (before its body is read): the path's {@code {tenantId}} must be the
 * caller's tenant and its {@code {enterpriseCode}} one of the caller's enterprises (404 otherwise: a foreign tenant or
 * enterprise is not revealed to exist), then the service's {@link AccessPolicy} must grant the method and path to the
 * caller's roles (403 otherwise, and for any request no rule covers).
 */
public final class TenantWall implements HandlerInterceptor {
    public static final String TENANT_VARIABLE = "tenantId";
    public static final String ENTERPRISE_VARIABLE = "enterpriseCode";
    private static final Logger log = LoggerFactory.getLogger(TenantWall.class);

    private final AccessPolicy policy;
    private final CurrentCaller callers;

    public TenantWall(AccessPolicy policy, CurrentCaller callers) {
        this.policy = policy;
        this.callers = callers;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod) || request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // static resources and error pages of a request already let through: the filter chain's
        }
        Caller caller = callers.get();
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String tenant = vars == null ? null : vars.get(TENANT_VARIABLE);
        String enterprise = vars == null ? null : vars.get(ENTERPRISE_VARIABLE);
        if (tenant != null && !caller.canSeeTenant(tenant)
                || tenant != null && enterprise != null && !caller.canSeeEnterprise(tenant, enterprise)) {
            log.info("refused {} {}: {} may not see tenant {} enterprise {}", request.getMethod(),
                    request.getRequestURI(), caller.username(), tenant, enterprise);
            SecurityErrors.notFound(response);
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Access> required = policy.required(request.getMethod(), path);
        if (required.isEmpty() || !required.get().grantedTo(caller)) {
            log.info("refused {} {}: {} with roles {} lacks {}", request.getMethod(), path, caller.username(),
                    caller.roles(), required.map(Access::name).orElse("a rule of the access policy"));
            SecurityErrors.forbidden(response);
            return false;
        }
        return true;
    }
}
