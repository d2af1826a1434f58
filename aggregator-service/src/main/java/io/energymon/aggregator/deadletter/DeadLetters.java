package io.energymon.aggregator.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record that can never be processed to {@code <topic>.dlt}, unchanged (key and value), with why in headers,
 * and counts it ({@code aggregator_dead_letters_total{topic,reason}}). Waits for the broker's acknowledgement: the
 * caller's offsets are committed only after it, so a record is never lost between the two topics.
 */
@Component
public class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Header with the short reason code ({@link Reason}). */
    public static final String REASON = "dlt-reason";
    /** Header with the human-readable error. */
    public static final String MESSAGE = "dlt-message";
    public static final String ORIGINAL_TOPIC = "dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "dlt-original-offset";

    /** Why a record is dead-lettered. */
    public enum Reason {
        /** the value is not a well-formed event of the topic */
        MALFORMED("malformed"),
        /** a reading's timestamp is outside the retention or too far in the future */
        TIMESTAMP_OUT_OF_RANGE("timestamp-out-of-range"),
        /** a manual period entry (day, week, month) whose ts is not the start of its period in the enterprise's zone */
        PERIOD_MISALIGNED("period-misaligned"),
        /** the database refused the record itself (not an outage) */
        UNSTORABLE("unstorable");

        public final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final KafkaTemplate<String, byte[]> kafka;
    private final MeterRegistry registry;

    public DeadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    public static String topicOf(String topic) {
        return topic + ".dlt";
    }

    public void send(ConsumerRecord<String, byte[]> record, Reason reason, String message) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topicOf(record.topic()), record.key(), record.value());
        out.headers().add(REASON, bytes(reason.code));
        out.headers().add(MESSAGE, bytes(message == null ? "" : message));
        out.headers().add(ORIGINAL_TOPIC, bytes(record.topic()));
        out.headers().add(ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())));
        out.headers().add(ORIGINAL_OFFSET, bytes(Long.toString(record.offset())));
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter " + coordinates(record) + ": " + e, e);
        }
        Counter.builder("aggregator_dead_letters_total").description("records sent to a dead-letter topic")
                .tag("topic", record.topic()).tag("reason", reason.code).register(registry).increment();
        log.error("record {} sent to {} ({}): {}", coordinates(record), out.topic(), reason.code, message);
    }

    private static String coordinates(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
