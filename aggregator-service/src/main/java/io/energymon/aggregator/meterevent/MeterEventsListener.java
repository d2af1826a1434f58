package io.energymon.aggregator.meterevent;

import io.energymon.aggregator.config.ConfigLoadedEvent;
import io.energymon.aggregator.deadletter.DeadLetters;
import io.energymon.aggregator.deadletter.Failures;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.MeterEvent;
import io.energymon.domain.event.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code meter-events.v1} record by record in its own consumer group ({@code <group-id>-meter-events}), once
 * the configuration has been read: each event is applied in one transaction ({@link MeterEventService}) and the
 * offsets are committed after it. A record that cannot be decoded, or that the database refuses, goes to
 * {@code meter-events.v1.dlt} with the reason; an outage is retried by the container with back-off, like readings.
 */
@Component
public class MeterEventsListener {
    private static final Logger log = LoggerFactory.getLogger(MeterEventsListener.class);

    /** Id of the listener container. */
    public static final String ID = "meter-events";

    private final MeterEventService service;
    private final DeadLetters deadLetters;
    private final KafkaListenerEndpointRegistry containers;
    private final Counter malformed;

    public MeterEventsListener(MeterEventService service, DeadLetters deadLetters,
                               KafkaListenerEndpointRegistry containers, MeterRegistry registry) {
        this.service = service;
        this.deadLetters = deadLetters;
        this.containers = containers;
        this.malformed = Counter.builder("aggregator_malformed_events_total").tag("topic", Topics.METER_EVENTS)
                .register(registry);
    }

    @EventListener
    public void onConfigLoaded(ConfigLoadedEvent loaded) {
        MessageListenerContainer container = containers.getListenerContainer(ID);
        if (container != null && !container.isRunning()) {
            log.info("configuration read: consuming {}", Topics.METER_EVENTS);
            container.start();
        }
    }

    @KafkaListener(id = ID, idIsGroup = false, autoStartup = "false", topics = Topics.METER_EVENTS,
            groupId = "${spring.kafka.consumer.group-id:aggregator}-meter-events")
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        MeterEvent event;
        try {
            event = EventCodec.decode(record.value(), MeterEvent.class);
        } catch (EventCodec.MalformedEventException e) {
            malformed.increment();
            deadLetters.send(record, DeadLetters.Reason.MALFORMED, e.getMessage());
            return;
        }
        try {
            MeterEventService.Result r = service.apply(event);
            log.info("tenant={} enterprise={} meter {} {} at {}: {} change(s) stored, {} interval(s) recomputed, "
                            + "{} item value(s) changed", event.tenantId(), event.enterpriseCode(), event.meterCode(),
                    event.type(), event.occurredAt(), r.changesStored(), r.intervalsRecomputed(),
                    r.itemValuesChanged());
        } catch (RuntimeException e) {
            if (!Failures.recordAtFault(e)) {
                throw e; // an outage: retried by the container with back-off
            }
            deadLetters.send(record, DeadLetters.Reason.UNSTORABLE, Failures.message(e));
        }
    }

    @Configuration
    static class DeadLetterTopic {
        /** The dead-letter topic of {@code meter-events.v1}, created at start-up when missing. */
        @Bean
        NewTopic meterEventsDeadLetterTopic() {
            return TopicBuilder.name(DeadLetters.topicOf(Topics.METER_EVENTS)).partitions(1).build();
        }
    }
}
