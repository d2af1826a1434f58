package io.energymon.aggregator.ingest;

import io.energymon.aggregator.config.ConfigLoadedEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code readings.v1}. The offset is committed by the container only after {@link #onBatch} returned, i.e.
 * after the database transaction committed; a crash in between re-delivers the batch, which the upserts absorb.
 * The container starts only once the configuration has been read from {@code config.v1} ({@link ConfigLoadedEvent}):
 * until then readings wait in Kafka, so none is stored without its items being derived.
 */
@Component
public class ReadingsListener {
    private static final Logger log = LoggerFactory.getLogger(ReadingsListener.class);

    /** Id of the listener container. */
    public static final String ID = "readings-ingest";

    private final ReadingIngestService ingest;
    private final KafkaListenerEndpointRegistry containers;
    private final Counter readings;
    private final Counter malformed;

    public ReadingsListener(ReadingIngestService ingest, KafkaListenerEndpointRegistry containers,
                            MeterRegistry registry) {
        this.ingest = ingest;
        this.containers = containers;
        this.readings = Counter.builder("aggregator_readings_ingested_total").register(registry);
        this.malformed = Counter.builder("aggregator_malformed_events_total").tag("topic", Topics.READINGS).register(registry);
    }

    @EventListener
    public void onConfigLoaded(ConfigLoadedEvent loaded) {
        MessageListenerContainer container = containers.getListenerContainer(ID);
        if (container == null) {
            log.error("listener container {} not found: {} is not consumed", ID, Topics.READINGS);
        } else if (!container.isRunning()) {
            log.info("configuration read ({} enterprise(s), {} item(s)): consuming {}", loaded.enterprises(),
                    loaded.items(), Topics.READINGS);
            container.start();
        }
    }

    @KafkaListener(id = ID, idIsGroup = false, autoStartup = "false", topics = Topics.READINGS,
            groupId = "${spring.kafka.consumer.group-id:aggregator}")
    public void onBatch(ConsumerRecord<String, byte[]> record) {
        ReadingBatch batch;
        try {
            batch = EventCodec.decode(record.value(), ReadingBatch.class);
        } catch (EventCodec.MalformedEventException e) {
            malformed.increment();
            log.error("skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        MDC.put("tenantId", batch.tenantId());
        MDC.put("enterpriseCode", batch.enterpriseCode());
        try {
            var result = ingest.ingest(batch);
            readings.increment(batch.readings().size());
            log.debug("batch {} slot {}: {}", batch.batchId(), batch.slot(), result);
        } finally {
            MDC.remove("tenantId");
            MDC.remove("enterpriseCode");
        }
    }
}
