package io.energymon.portal.audit;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@code audit.v1} a poll at a time (consumer group {@code <group-id>-audit}): the decodable events of the
 * poll are inserted in one transaction and one JDBC batch, an event id already stored is skipped (re-delivery never
 * doubles), and the offsets are committed after it. A record that cannot be decoded, or that the database refuses
 * (the batch is then retried record by record to find it), goes to {@code audit.v1.dlt} with the reason; an outage
 * (database down) fails the poll, which the container retries with back-off for ever ({@link AuditKafkaConfig}).
 */
@Component
class AuditListener {
    private final AuditStore store;
    private final AuditDeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final Counter stored;

    AuditListener(AuditStore store, AuditDeadLetters deadLetters, PlatformTransactionManager txManager,
                  MeterRegistry registry) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.tx = new TransactionTemplate(txManager);
        this.stored = Counter.builder("portal_audit_events_stored_total")
                .description("audit events consumed from Kafka and stored (re-deliveries not counted)")
                .register(registry);
    }

    private record Decoded(ConsumerRecord<String, byte[]> record, AuditEvent event) {
    }

    @KafkaListener(id = "audit", topics = "${energymon.portal.audit-topic:audit.v1}",
            groupId = "${spring.kafka.consumer.group-id:portal}-audit", batch = "true")
    public void onPoll(List<ConsumerRecord<String, byte[]>> records) {
        List<Decoded> decoded = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> malformed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                decoded.add(new Decoded(r, EventCodec.decode(r.value(), AuditEvent.class)));
            } catch (EventCodec.MalformedEventException e) {
                malformed.add(r);
                reasons.add(e.getMessage());
            }
        }
        try {
            stored.increment(insert(decoded.stream().map(Decoded::event).toList()));
        } catch (RuntimeException e) {
            if (!AuditDeadLetters.recordAtFault(e)) {
                throw e; // an outage: the whole poll is retried, nothing committed
            }
            for (Decoded d : decoded) {
                try {
                    stored.increment(insert(List.of(d.event())));
                } catch (RuntimeException one) {
                    if (!AuditDeadLetters.recordAtFault(one)) {
                        throw one;
                    }
                    deadLetters.send(d.record(), "unstorable", rootMessage(one));
                }
            }
        }
        for (int i = 0; i < malformed.size(); i++) {
            deadLetters.send(malformed.get(i), "malformed", reasons.get(i));
        }
    }

    private int insert(List<AuditEvent> events) {
        Integer n = tx.execute(s -> store.insert(events));
        return n == null ? 0 : n;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
