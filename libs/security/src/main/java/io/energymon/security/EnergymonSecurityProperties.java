package io.energymon.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code energymon.security.*}. The token issuer itself is Spring's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (each service sets it from
 * {@code ENERGYMON_SECURITY_ISSUER_URI}).
 *
 * @param enabled      validate tokens and enforce the access policy (default true). False lets every request through
 *                     as an unrestricted caller: for local experiments only, announced by a warning at start.
 * @param audience     the audience every token must carry (default {@code energymon-api})
 * @param publicPaths  paths served without a token besides the health endpoints (e.g. the portal's static page);
 *                     default none
 * @param clientId     this service's own client of the realm, for the calls it makes in its own name (client
 *                     credentials, {@link ServiceTokens}); {@code ENERGYMON_SECURITY_CLIENT_ID}. Each service's
 *                     application.yml sets its default (e.g. {@code energymon-portal-service})
 * @param clientSecret that client's secret ({@code ENERGYMON_SECURITY_CLIENT_SECRET}, from the environment or a mounted
 *                     secret only; no default). Blank: the service has no identity of its own and obtains no token
 */
@ConfigurationProperties("energymon.security")
public record EnergymonSecurityProperties(@DefaultValue("true") boolean enabled,
                                          @DefaultValue("energymon-api") String audience,
                                          @DefaultValue List<String> publicPaths,
                                          String clientId,
                                          String clientSecret) {

    /** Never prints the client secret. */
    @Override
    public String toString() {
        return "EnergymonSecurityProperties[enabled=" + enabled + ", audience=" + audience + ", publicPaths="
                + publicPaths + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null || clientSecret.isBlank() ? "(none)" : "(set)") + "]";
    }
}
