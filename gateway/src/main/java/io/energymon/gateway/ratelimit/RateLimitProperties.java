package io.energymon.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code energymon.gateway.rate-limit.*}: a token bucket per client address in front of the gateway.
 *
 * @param enabled           off only for load tests behind another limiter
 * @param capacity          burst size: requests a fresh (or rested) client may send at once
 * @param refillPerSecond   sustained requests per second and client
 * @param maxClients        addresses tracked at most (memory bound)
 * @param trustForwardedFor take the client address from the first X-Forwarded-For entry (only behind a proxy that
 *                          sets it); otherwise the TCP peer address
 */
@ConfigurationProperties("energymon.gateway.rate-limit")
public record RateLimitProperties(Boolean enabled, Long capacity, Double refillPerSecond, Integer maxClients,
                                  Boolean trustForwardedFor) {

    public RateLimitProperties {
        enabled = enabled == null || enabled;
        capacity = capacity == null ? 200 : capacity;
        refillPerSecond = refillPerSecond == null ? 50.0 : refillPerSecond;
        maxClients = maxClients == null ? 100_000 : maxClients;
        trustForwardedFor = trustForwardedFor != null && trustForwardedFor;
        if (capacity < 1 || refillPerSecond <= 0 || maxClients < 1) {
            throw new IllegalArgumentException("energymon.gateway.rate-limit: capacity and max-clients must be >= 1"
                    + " and refill-per-second > 0 (got " + capacity + ", " + maxClients + ", " + refillPerSecond + ")");
        }
    }
}
