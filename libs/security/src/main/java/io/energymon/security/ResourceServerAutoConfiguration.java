package io.energymon.security;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes a servlet service an OAuth2 resource server of the energymon realm: every request but the health probes and
 * the configured public paths needs a valid bearer token (signature from the issuer's JWKS, issuer, expiry, audience),
 * actuator endpoints other than health need platform-operator or service, and every controller call passes the
 * {@link TenantWall} with the service's {@link AccessPolicy}. Stateless; no CSRF (bearer tokens only, no cookies).
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(EnergymonSecurityProperties.class)
@EnableWebSecurity
public class ResourceServerAutoConfiguration {
    public static final String ISSUER_PROPERTY = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    private static final Logger log = LoggerFactory.getLogger(ResourceServerAutoConfiguration.class);

    private final EnergymonSecurityProperties props;
    private final String issuer;

    public ResourceServerAutoConfiguration(EnergymonSecurityProperties props, Environment env) {
        this.props = props;
        this.issuer = env.getProperty(ISSUER_PROPERTY, "").trim();
        if (!props.enabled()) {
            log.warn("""

                    ************************************************************************************
                    * SECURITY DISABLED (energymon.security.enabled=false): no token is checked, every *
                    * caller may read and change every tenant's data. For local experiments only:      *
                    * never run like this anywhere reachable by others.                                *
                    ************************************************************************************""");
        } else if (issuer.isEmpty()) {
            throw new IllegalStateException("""
                    Security is enabled but no token issuer is configured: set ENERGYMON_SECURITY_ISSUER_URI \
                    (property %s) to the realm's issuer, e.g. http://localhost:8180/realms/energymon. \
                    For local experiments only, ENERGYMON_SECURITY_ENABLED=false switches security off.\
                    """.formatted(ISSUER_PROPERTY));
        }
    }

    @Bean
    @ConditionalOnMissingBean
    CurrentCaller currentCaller() {
        return new CurrentCaller(props.enabled());
    }

    /**
     * The service's own access tokens (client credentials of {@code energymon.security.client-id}); without a client
     * secret it has none and calls in its own name go without a token.
     */
    @Bean
    @ConditionalOnMissingBean
    ServiceTokens serviceTokens() {
        ServiceTokens tokens = new ServiceTokens(issuer, props.clientId(), props.clientSecret());
        if (props.enabled() && !tokens.configured()) {
            log.info("No client secret of its own (ENERGYMON_SECURITY_CLIENT_SECRET): calls this service makes in its "
                    + "own name carry no token and are refused where a service token is required");
        }
        return tokens;
    }

    /** Services without an HTTP API of their own refuse any controller call. */
    @Bean
    @ConditionalOnMissingBean
    AccessPolicy accessPolicy() {
        return AccessPolicy.denyAll();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder() {
        if (!props.enabled()) {
            return token -> {
                throw new IllegalStateException("security is disabled: tokens are not decoded");
            };
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer), new JwtAudienceValidator(props.audience()));
        // The issuer's discovery document and keys are fetched at the first token, not at start: a service starts
        // while the identity provider is still starting.
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    @Bean
    SecurityFilterChain energymonSecurityFilterChain(HttpSecurity http, JwtDecoder decoder) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable());
        if (!props.enabled()) {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(ResourceServerAutoConfiguration::authorities);
        converter.setPrincipalClaimName("sub");
        String[] actuatorRoles = {Role.PLATFORM_OPERATOR.authority(), Role.SERVICE.authority()};
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAnyAuthority(actuatorRoles)
                        .requestMatchers(props.publicPaths().toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((req, res, e) -> SecurityErrors.unauthorized(res))
                        .accessDeniedHandler((req, res, e) -> SecurityErrors.forbidden(res)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> SecurityErrors.unauthorized(res))
                        .accessDeniedHandler((req, res, ex) -> SecurityErrors.forbidden(res)));
        return http.build();
    }

    @Bean
    WebMvcConfigurer tenantWallConfigurer(ObjectProvider<AccessPolicy> policy, CurrentCaller callers) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                if (props.enabled()) {
                    registry.addInterceptor(new TenantWall(policy.getObject(), callers));
                }
            }
        };
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> out = new ArrayList<>();
        for (Role r : Caller.rolesOf(jwt)) {
            out.add(new SimpleGrantedAuthority(r.authority()));
        }
        return out;
    }
}
