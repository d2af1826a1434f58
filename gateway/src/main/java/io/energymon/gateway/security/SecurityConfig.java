package io.energymon.gateway.security;

import io.energymon.gateway.audit.LoginAudit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.savedrequest.WebSessionServerRequestCache;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Who may pass the gateway:
 * <ul>
 *   <li>browsers log in with the authorization code flow and PKCE (S256) against Keycloak; the tokens stay in the
 *       server-side session and the access token is relayed to the services (TokenRelay);</li>
 *   <li>API clients send their own bearer token, validated here (signature, issuer, expiry, audience
 *       {@code energymon-api}) and relayed unchanged;</li>
 *   <li>without either, an API call ({@code /api/**}, {@code /actuator/**}, or any request with an
 *       {@code Authorization} header) gets {@code 401}, a page gets a redirect to the login;</li>
 *   <li>logout ({@code POST /logout} with the CSRF token) ends the session here and, RP-initiated, at Keycloak.</li>
 * </ul>
 * Health and info are open; other actuator endpoints need the role {@code platform-operator} or {@code service}.
 * Logins, logouts and failed logins are published on {@code audit.v1} ({@link LoginAudit}).
 * Every response carries CSP, {@code X-Frame-Options: DENY}, {@code nosniff}, a referrer policy, and HSTS when the
 * request came over TLS.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfig {

    static final String LOGIN_PATH = "/oauth2/authorization/keycloak";

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveClientRegistrationRepository clients,
                                                  @Value("${energymon.gateway.content-security-policy}") String csp,
                                                  LoginAudit audit) {
        DefaultServerOAuth2AuthorizationRequestResolver pkce = new DefaultServerOAuth2AuthorizationRequestResolver(clients);
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        OidcClientInitiatedServerLogoutSuccessHandler logout = new OidcClientInitiatedServerLogoutSuccessHandler(clients);
        logout.setPostLogoutRedirectUri("{baseUrl}/");
        ServerLogoutSuccessHandler auditedLogout = (exchange, authentication) -> audit
                .loggedOut(authentication, exchange.getExchange())
                .then(logout.onLogoutSuccess(exchange, authentication));

        // the default after a login (back to the page that asked for it), plus the audit event
        RedirectServerAuthenticationSuccessHandler backToPage = new RedirectServerAuthenticationSuccessHandler();
        backToPage.setRequestCache(new WebSessionServerRequestCache());
        ServerAuthenticationSuccessHandler auditedLogin = (exchange, authentication) -> audit
                .loggedIn(authentication, exchange.getExchange())
                .then(backToPage.onAuthenticationSuccess(exchange, authentication));

        // a login that fails at the callback: the audit event, then Spring Security's default answer (unchanged)
        RedirectServerAuthenticationFailureHandler loginError = new RedirectServerAuthenticationFailureHandler(
                "/login?error");
        ServerAuthenticationFailureHandler auditedFailure = (exchange, failure) -> audit
                .loginFailed(failure, exchange.getExchange())
                .then(loginError.onAuthenticationFailure(exchange, failure));

        JwtAuthenticationConverter jwtConverter = new JwtAuthenticationConverter();
        jwtConverter.setJwtGrantedAuthoritiesConverter(RealmRoles::of);
        jwtConverter.setPrincipalClaimName("preferred_username");

        ServerWebExchangeMatcher apiCall = ServerWebExchangeMatchers.matchers(
                ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**"),
                exchange -> exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                        ? ServerWebExchangeMatcher.MatchResult.match()
                        : ServerWebExchangeMatcher.MatchResult.notMatch());
        ApiAuthenticationEntryPoint unauthenticatedApi = new ApiAuthenticationEntryPoint();
        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegateEntry(apiCall, unauthenticatedApi));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN_PATH));

        // CSRF protects the cookie session only: a request carrying its own bearer token cannot be forged by a page
        ServerWebExchangeMatcher csrfNeeded = exchange -> {
            HttpMethod method = exchange.getRequest().getMethod();
            boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                    || method == HttpMethod.TRACE;
            boolean bearer = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
            return safe || bearer ? ServerWebExchangeMatcher.MatchResult.notMatch()
                    : ServerWebExchangeMatcher.MatchResult.match();
        };

        return http
                .authorizeExchange(ex -> ex
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .pathMatchers("/actuator/**").hasAnyRole("platform-operator", "service")
                        .anyExchange().authenticated())
                .oauth2Login(login -> login.authorizationRequestResolver(pkce).authenticationSuccessHandler(auditedLogin)
                        .authenticationFailureHandler(auditedFailure))
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(
                        new ReactiveJwtAuthenticationConverterAdapter(jwtConverter))))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint))
                .logout(l -> l.logoutSuccessHandler(auditedLogout))
                .csrf(c -> c.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new HeaderOnlyCsrfTokenHandler())
                        .requireCsrfProtectionMatcher(csrfNeeded))
                .addFilterAfter(csrfCookie(), SecurityWebFiltersOrder.CSRF)
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(csp))
                        .frameOptions(f -> f.mode(Mode.DENY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /**
     * Takes the CSRF token from the {@code X-XSRF-TOKEN} header. The default also looks into a form body, which
     * consumes it: the proxied request would then reach the service without its body. Only the gateway's own
     * {@code POST /logout}, which is never proxied, may carry it as the form field {@code _csrf}: the web app logs out
     * with a plain form, so that the browser itself follows the redirect to Keycloak's end of session.
     */
    static final class HeaderOnlyCsrfTokenHandler extends ServerCsrfTokenRequestAttributeHandler {
        @Override
        public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken csrfToken) {
            String header = exchange.getRequest().getHeaders().getFirst(csrfToken.getHeaderName());
            if (header == null && "/logout".equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
                return super.resolveCsrfTokenValue(exchange, csrfToken);
            }
            return Mono.justOrEmpty(header);
        }
    }

    /**
     * Makes the CSRF token's cookie ({@code XSRF-TOKEN}) be written on every response: pages read it and send it back
     * in the {@code X-XSRF-TOKEN} header of a POST, PUT, PATCH or DELETE (logout included).
     */
    private static WebFilter csrfCookie() {
        return (exchange, chain) -> {
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            return (token == null ? Mono.<CsrfToken>empty() : token).then(Mono.defer(() -> chain.filter(exchange)));
        };
    }
}
