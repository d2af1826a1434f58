package io.energymon.collector.publish;

import io.energymon.collector.config.CollectorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Store and forward: the poller writes to the disk buffer, the forwarder publishes from it. */
@Configuration
class PublishConfig {

    @Bean
    ReadingBuffer readingBuffer(CollectorProperties props, MeterRegistry registry) {
        return new ReadingBuffer(props.bufferDir(), props.bufferMaxSize().toBytes(), registry);
    }

    @Bean
    ReadingForwarder readingForwarder(ReadingBuffer buffer, ReadingPublisher publisher, MeterRegistry registry) {
        return new ReadingForwarder(buffer, publisher, registry);
    }
}
