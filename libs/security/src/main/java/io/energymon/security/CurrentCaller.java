package io.energymon.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller of the request being served: from its validated token, or {@link Caller#UNRESTRICTED} when security is
 * switched off. Controllers use it to filter lists to what the caller may see.
 */
public final class CurrentCaller {
    private final boolean securityEnabled;

    public CurrentCaller(boolean securityEnabled) {
        this.securityEnabled = securityEnabled;
    }

    /** The caller; fails when security is on and the request carries no validated token (cannot happen behind the filter chain). */
    public Caller get() {
        if (!securityEnabled) {
            return Caller.UNRESTRICTED;
        }
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a instanceof JwtAuthenticationToken jwt) {
            return Caller.of(jwt.getToken());
        }
        throw new IllegalStateException("no authenticated caller for this request");
    }

    /** The bearer token of the current request, to relay to another service; null when there is none. */
    public String bearerToken() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a instanceof JwtAuthenticationToken jwt ? jwt.getToken().getTokenValue() : null;
    }
}
