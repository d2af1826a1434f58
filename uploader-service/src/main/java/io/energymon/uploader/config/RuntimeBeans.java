package io.energymon.uploader.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock deliveries, back-offs and leases are computed with, and this replica's id. */
@Configuration
class RuntimeBeans {

    @Bean
    Clock uploaderClock() {
        return Clock.systemUTC();
    }

    @Bean
    ReplicaId replicaId() {
        return ReplicaId.generate();
    }
}
