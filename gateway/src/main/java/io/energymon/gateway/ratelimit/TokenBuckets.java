package io.energymon.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by client: each holds up to {@code capacity} tokens, refilled continuously at
 * {@code refillPerSecond}; a request takes one token or is refused with the time until the next token. Thread-safe;
 * the table is bounded by {@code maxClients} (idle buckets, which are full anyway, are dropped first).
 */
public final class TokenBuckets {

    /** The outcome of one request: allowed, or refused with how long to wait. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    private static final long IDLE_NANOS = Duration.ofMinutes(1).toNanos();

    private final long capacity;
    private final double tokensPerNano;
    private final int maxClients;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(long capacity, double refillPerSecond, int maxClients, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.tokensPerNano = refillPerSecond / 1e9;
        this.maxClients = maxClients;
        this.nanoClock = nanoClock;
    }

    public Decision tryTake(String client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
            evict(now);
        }
        Bucket bucket = buckets.computeIfAbsent(client, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.refill(now, capacity, tokensPerNano);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, Duration.ZERO);
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) / tokensPerNano);
            return new Decision(false, Duration.ofNanos(waitNanos));
        }
    }

    /** Number of clients currently tracked. */
    public int size() {
        return buckets.size();
    }

    private void evict(long now) {
        buckets.entrySet().removeIf(e -> now - e.getValue().last > IDLE_NANOS);
        if (buckets.size() >= maxClients) {
            buckets.clear(); // a flood of distinct addresses: start over rather than grow
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        void refill(long now, long capacity, double tokensPerNano) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
                last = now;
            }
        }
    }
}
