package io.energymon.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code energymon.security.*}. The token issuer itself is Spring's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (each service sets it from
 * {@code ENERGYMON_SECURITY_ISSUER_URI}).
 *
 * @param enabled     validate tokens and enforce the access policy (default true). False lets every request through
 *                    as an unrestricted caller: for local experiments only, announced by a warning at start.
 * @param audience    the audience every token must carry (default {@code energymon-api})
 * @param publicPaths paths served without a token besides the health endpoints (e.g. the portal's static page);
 *                    default none
 */
@ConfigurationProperties("energymon.security")
public record EnergymonSecurityProperties(@DefaultValue("true") boolean enabled,
                                          @DefaultValue("energymon-api") String audience,
                                          @DefaultValue List<String> publicPaths) {
}
