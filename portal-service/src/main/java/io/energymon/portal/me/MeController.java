package io.energymon.portal.me;

import io.energymon.portal.overview.OverviewController.EnterpriseSummary;
import io.energymon.portal.overview.VisibleEnterprises;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import io.energymon.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is, for a web app's header and navigation: from the caller's token and the master data. */
@RestController
@Tag(name = "portal")
public class MeController {
    /** The token's claim with the user's full name (Keycloak's profile scope). */
    static final String NAME_CLAIM = "name";

    private final CurrentCaller callers;
    private final VisibleEnterprises visible;

    public MeController(CurrentCaller callers, VisibleEnterprises visible) {
        this.callers = callers;
        this.visible = visible;
    }

    /**
     * The caller.
     *
     * @param username    the token's {@code preferred_username} (its subject when absent)
     * @param displayName the token's {@code name}, else {@code preferred_username}; null when it has neither
     * @param roles       the project's roles the token holds ({@code viewer}, {@code enterprise-operator},
     *                    {@code enterprise-manager}, {@code tenant-admin}, {@code platform-operator}, {@code service}),
     *                    weakest first
     * @param tenantId    the caller's tenant; null for platform operators and service accounts
     * @param enterprises the enterprises the caller may see (every tenant's for platform operators)
     */
    public record Me(String username, String displayName, List<String> roles, String tenantId,
                     List<EnterpriseSummary> enterprises) {
    }

    @GetMapping("/api/portal/me")
    @Operation(summary = "当前用户 / who the caller is: username, display name, roles, tenant and the enterprises it "
            + "may see")
    public Me me() {
        Caller caller = callers.get();
        return new Me(caller.username(), displayName(), caller.roles().stream().sorted().map(Role::claimValue).toList(),
                caller.tenant(), visible.of(caller));
    }

    private static String displayName() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (!(a instanceof JwtAuthenticationToken jwt)) {
            return null; // security switched off: no token
        }
        String name = jwt.getToken().getClaimAsString(NAME_CLAIM);
        return name != null && !name.isBlank() ? name : jwt.getToken().getClaimAsString("preferred_username");
    }
}
