package io.energymon.gateway.ratelimit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfig {

    @Bean
    @ConditionalOnProperty(name = "energymon.gateway.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(RateLimitProperties properties) {
        return new RateLimitFilter(new TokenBuckets(properties.capacity(), properties.refillPerSecond(),
                properties.maxClients(), System::nanoTime), properties.trustForwardedFor());
    }
}
