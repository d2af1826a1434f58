package io.energymon.portal.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
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
 * Sends an audit record that can never be stored to {@code <topic>.dlt}, unchanged, with the reason in headers
 * ({@code dlt-reason}, {@code dlt-message}, {@code dlt-original-topic/partition/offset}, as aggregator-service does),
 * and counts it ({@code portal_dead_letters_total{topic,reason}}). Waits for the broker's acknowledgement, so the
 * consumer's offsets are committed only once the record is safe in the dead-letter topic.
 */
@Component
class AuditDeadLetters {
    private static final Logger log = LoggerFactory.getLogger(AuditDeadLetters.class);
    static final String REASON = "dlt-reason";
    static final String MESSAGE = "dlt-message";

    private final KafkaTemplate<String, byte[]> kafka;
    private final MeterRegistry registry;

    AuditDeadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    static String topicOf(String topic) {
        return topic + ".dlt";
    }

    void send(ConsumerRecord<String, byte[]> record, String reason, String message) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topicOf(record.topic()), record.key(), record.value());
        out.headers().add(REASON, bytes(reason));
        out.headers().add(MESSAGE, bytes(message == null ? "" : message));
        out.headers().add("dlt-original-topic", bytes(record.topic()));
        out.headers().add("dlt-original-partition", bytes(Integer.toString(record.partition())));
        out.headers().add("dlt-original-offset", bytes(Long.toString(record.offset())));
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + ": " + e, e);
        }
        Counter.builder("portal_dead_letters_total").description("records sent to a dead-letter topic")
                .tag("topic", record.topic()).tag("reason", reason).register(registry).increment();
        log.error("record {}-{}@{} sent to {} ({}): {}", record.topic(), record.partition(), record.offset(),
                out.topic(), reason, message);
    }

    /**
     * Whether a failure is the record's fault (the database refusing the data: SQLSTATE class 22 or 23) rather than
     * an outage, which is retried and never skipped.
     */
    static boolean recordAtFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23");
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
