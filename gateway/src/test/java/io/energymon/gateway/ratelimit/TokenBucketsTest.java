package io.energymon.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void burstOfCapacityThenRefusedWithTheTimeToTheNextToken() {
        TokenBuckets buckets = new TokenBuckets(3, 2.0, 100, now::get); // a token every 500 ms

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryTake("a").allowed()).isTrue();
        }
        TokenBuckets.Decision refused = buckets.tryTake("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(buckets.tryTake("a").retryAfter()).isEqualTo(Duration.ofMillis(300));
        now.addAndGet(Duration.ofMillis(300).toNanos());
        assertThat(buckets.tryTake("a").allowed()).isTrue();
        assertThat(buckets.tryTake("a").allowed()).isFalse();
    }

    @Test
    void clientsHaveTheirOwnBucketsAndARestedBucketHoldsNoMoreThanItsCapacity() {
        TokenBuckets buckets = new TokenBuckets(2, 1.0, 100, now::get);
        assertThat(buckets.tryTake("a").allowed()).isTrue();
        assertThat(buckets.tryTake("a").allowed()).isTrue();
        assertThat(buckets.tryTake("a").allowed()).isFalse();
        assertThat(buckets.tryTake("b").allowed()).isTrue();

        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(buckets.tryTake("a").allowed()).isTrue();
        assertThat(buckets.tryTake("a").allowed()).isTrue();
        assertThat(buckets.tryTake("a").allowed()).isFalse();
    }

    @Test
    void theTableStaysWithinMaxClients() {
        TokenBuckets buckets = new TokenBuckets(5, 1.0, 10, now::get);
        for (int i = 0; i < 1000; i++) {
            buckets.tryTake("10.0.0." + i);
            assertThat(buckets.size()).isLessThanOrEqualTo(10);
        }
    }
}
