package io.energymon.gateway.security;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** An API call without a login or a bearer token: {@code 401}, a bearer challenge and a bilingual JSON error. */
final class ApiAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private static final byte[] BODY = ("{\"code\":\"UNAUTHENTICATED\",\"message_zh\":\"需要登录或有效的访问令牌\","
            + "\"message_en\":\"Login or a valid access token is required\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
    }
}
