package io.energymon.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The public entry's rate limit: one token bucket per client address, checked before anything else (security and
 * login included). Over the limit: {@code 429} with {@code Retry-After} (whole seconds) and a bilingual JSON error.
 * Liveness/readiness probes are not limited.
 */
public final class RateLimitFilter implements WebFilter, Ordered {

    private static final byte[] BODY = ("{\"code\":\"RATE_LIMITED\",\"message_zh\":\"请求过于频繁，请稍后再试\","
            + "\"message_en\":\"Too many requests, please retry later\"}").getBytes(StandardCharsets.UTF_8);

    private final TokenBuckets buckets;
    private final boolean trustForwardedFor;

    public RateLimitFilter(TokenBuckets buckets, boolean trustForwardedFor) {
        this.buckets = buckets;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator/health")) {
            return chain.filter(exchange);
        }
        TokenBuckets.Decision decision = buckets.tryTake(clientOf(exchange, trustForwardedFor));
        if (decision.allowed()) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer body = response.bufferFactory().wrap(BODY);
        return response.writeWith(Mono.just(body));
    }

    /**
     * The client's address: the first X-Forwarded-For entry when {@code trustForwardedFor} (behind a proxy that sets
     * it), else the TCP peer's address.
     */
    public static String clientOf(ServerWebExchange exchange, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String forwarded = exchange.getRequest().getHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",", 2)[0].trim();
            }
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
