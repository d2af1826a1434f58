package io.energymon.aggregator.ingest;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.config.ConfigLoadedEvent;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.deadletter.DeadLetters;
import io.energymon.aggregator.deadletter.Failures;
import io.energymon.aggregator.manual.ManualPeriods;
import io.energymon.aggregator.partition.MonthlyPartitions;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.energymon.aggregator.interval.LastValueCache;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code readings.v1} a poll at a time (many records): decodes them all and stores their readings in one
 * transaction per {@code max-readings-per-transaction} readings ({@link ReadingIngestService}); the container commits
 * the poll's offsets only after this method returned, i.e. after the database commits (ack mode {@code batch}). A crash in between re-delivers the poll, which
 * the upserts absorb.
 *
 * <p>No partition ever stops: a record that cannot be decoded, with a manual period entry not at the start of its
 * local period, or whose readings can never be stored, goes to
 * {@code readings.v1.dlt} with the reason ({@link DeadLetters}) and the others are stored. When the batch's
 * transaction fails for a reason of the data, the records are stored one by one to find the culprit; an outage
 * (database down) is thrown to the container, which retries the whole poll with back-off for ever and commits
 * nothing meanwhile.
 *
 * <p>The container starts only once the configuration has been read from {@code config.v1} ({@link ConfigLoadedEvent}).
 */
@Component
public class ReadingsListener implements ConsumerSeekAware {
    private static final Logger log = LoggerFactory.getLogger(ReadingsListener.class);

    /** Id of the listener container. */
    public static final String ID = "readings-ingest";

    private final ReadingIngestService ingest;
    private final LastValueCache lastValues;
    private final DeadLetters deadLetters;
    private final MonthlyPartitions partitions;
    private final ItemCatalog catalog;
    private final KafkaListenerEndpointRegistry containers;
    private final Counter readings;
    private final Counter malformed;
    private final Timer batchDuration;
    private final int maxReadingsPerTransaction;

    public ReadingsListener(ReadingIngestService ingest, LastValueCache lastValues, DeadLetters deadLetters,
                            MonthlyPartitions partitions, ItemCatalog catalog,
                            KafkaListenerEndpointRegistry containers, AggregatorProperties props,
                            MeterRegistry registry) {
        this.catalog = catalog;
        this.maxReadingsPerTransaction = props.maxReadingsPerTransaction();
        this.ingest = ingest;
        this.lastValues = lastValues;
        this.deadLetters = deadLetters;
        this.partitions = partitions;
        this.containers = containers;
        this.readings = Counter.builder("aggregator_readings_ingested_total").register(registry);
        this.malformed = Counter.builder("aggregator_malformed_events_total").tag("topic", Topics.READINGS).register(registry);
        this.batchDuration = Timer.builder("aggregator_ingest_batch_duration_seconds")
                .description("time to store one poll of readings.v1").register(registry);
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

    /**
     * Partitions moved: another instance may have stored readings of their enterprises meanwhile, so the cached last
     * values are no longer known to be the latest; they are loaded again from the database when needed.
     */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        lastValues.clear();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        lastValues.clear();
    }

    private record Decoded(ConsumerRecord<String, byte[]> record, ReadingBatch batch) {
    }

    private record Coordinates(String topic, int partition, long offset) {
        static Coordinates of(ConsumerRecord<?, ?> r) {
            return new Coordinates(r.topic(), r.partition(), r.offset());
        }
    }

    /**
     * Records of the poll being processed that were dead-lettered already: when the poll is retried after an outage,
     * they are not sent to the dead-letter topic again. Emptied of the poll's records once it succeeded.
     */
    private final Set<Coordinates> deadLettered = ConcurrentHashMap.newKeySet();

    @KafkaListener(id = ID, idIsGroup = false, autoStartup = "false", topics = "${energymon.aggregator.readings-topic:readings.v1}", batch = "true",
            groupId = "${spring.kafka.consumer.group-id:aggregator}")
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (deadLettered.contains(Coordinates.of(record))) {
                continue;
            }
            ReadingBatch batch;
            try {
                batch = EventCodec.decode(record.value(), ReadingBatch.class);
            } catch (EventCodec.MalformedEventException e) {
                malformed.increment();
                deadLetter(record, DeadLetters.Reason.MALFORMED, e.getMessage());
                continue;
            }
            Reading outOfRange = batch.readings().stream().filter(r -> !partitions.storable(r.ts())).findFirst()
                    .orElse(null);
            if (outOfRange != null) {
                withMdc(batch, () -> deadLetter(record, DeadLetters.Reason.TIMESTAMP_OUT_OF_RANGE,
                        "reading " + outOfRange.pointId() + " at " + outOfRange.ts()
                                + " is outside the retention or too far in the future"));
                continue;
            }
            String misaligned = misaligned(batch);
            if (misaligned != null) {
                withMdc(batch, () -> deadLetter(record, DeadLetters.Reason.PERIOD_MISALIGNED, misaligned));
                continue;
            }
            decoded.add(new Decoded(record, batch));
        }
        if (decoded.isEmpty()) {
            forget(records);
            return;
        }
        for (List<Decoded> chunk : chunks(decoded, maxReadingsPerTransaction)) {
            Timer.Sample sample = Timer.start();
            try {
                ingest.ingest(chunk.stream().map(Decoded::batch).toList());
            } catch (RuntimeException e) {
                if (!Failures.recordAtFault(e)) {
                    throw e; // an outage: the container retries the poll with back-off, no offset is committed
                }
                log.warn("{} record(s) refused by the database ({}): storing them one by one", chunk.size(),
                        Failures.message(e));
                oneByOne(chunk);
            }
            sample.stop(batchDuration);
            readings.increment(chunk.stream().mapToInt(d -> d.batch().readings().size()).sum());
        }
        forget(records);
    }

    /**
     * The poll's records in consecutive runs of at most {@code max} readings (a record with more is a run of its own):
     * one transaction each, so that a poll of large records neither holds one huge transaction nor outlasts
     * {@code max.poll.interval.ms}. Offsets are still committed once per poll; runs stored before a failure are
     * replayed harmlessly when the poll is retried.
     */
    static <T> List<List<T>> chunks(List<T> items, java.util.function.ToIntFunction<T> size, int max) {
        List<List<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int n = 0;
        for (T item : items) {
            int k = size.applyAsInt(item);
            if (!current.isEmpty() && n + k > max) {
                out.add(current);
                current = new ArrayList<>();
                n = 0;
            }
            current.add(item);
            n += k;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static List<List<Decoded>> chunks(List<Decoded> decoded, int max) {
        return chunks(decoded, d -> d.batch().readings().size(), max);
    }

    /** Why a period reading (manual entry) of the batch is not at the start of its local period, or null. */
    private String misaligned(ReadingBatch batch) {
        ZoneId zone = null;
        for (Reading r : batch.readings()) {
            if (r.period() != null) {
                if (zone == null) {
                    zone = ManualPeriods.zone(catalog.snapshot(),
                            new EnterpriseRef(batch.tenantId(), batch.enterpriseCode()));
                }
                var why = ManualPeriods.misalignment(r, zone);
                if (why.isPresent()) {
                    return why.get();
                }
            }
        }
        return null;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, DeadLetters.Reason reason, String message) {
        deadLetters.send(record, reason, message);
        deadLettered.add(Coordinates.of(record));
    }

    private void forget(List<ConsumerRecord<String, byte[]>> records) {
        if (!deadLettered.isEmpty()) {
            records.forEach(r -> deadLettered.remove(Coordinates.of(r)));
        }
    }

    private void oneByOne(List<Decoded> decoded) {
        for (Decoded d : decoded) {
            withMdc(d.batch(), () -> {
                try {
                    ingest.ingest(d.batch());
                } catch (RuntimeException e) {
                    if (!Failures.recordAtFault(e)) {
                        throw e;
                    }
                    deadLetter(d.record(), DeadLetters.Reason.UNSTORABLE, Failures.message(e));
                }
            });
        }
    }

    private static void withMdc(ReadingBatch batch, Runnable work) {
        MDC.put("tenantId", batch.tenantId());
        MDC.put("enterpriseCode", batch.enterpriseCode());
        try {
            work.run();
        } finally {
            MDC.remove("tenantId");
            MDC.remove("enterpriseCode");
        }
    }
}
