package io.energymon.aggregator.ingest;

import io.energymon.aggregator.deadletter.DeadLetters;
import io.energymon.aggregator.config.AggregatorProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class KafkaConsumerConfig {

    /**
     * A poll whose processing fails for an outage (database down, ...) is retried whole, with back-off up to 30 s,
     * for ever: skipping it would lose readings, and its offsets are not committed meanwhile. Records that can never
     * be processed never reach here: the listener dead-letters them itself.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }

    /** The dead-letter topic of {@code readings.v1}, created at start-up when missing. */
    @Bean
    NewTopic readingsDeadLetterTopic(AggregatorProperties properties) {
        return TopicBuilder.name(DeadLetters.topicOf(properties.readingsTopic())).partitions(1).build();
    }
}
