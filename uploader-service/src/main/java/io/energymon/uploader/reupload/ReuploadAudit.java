package io.energymon.uploader.reupload;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import io.energymon.security.RequestOrigin;
import io.energymon.security.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a {@code REUPLOAD_REQUESTED} audit event on {@code audit.v1} (key: tenant id) once the re-upload marks are
 * committed; the portal stores it in the tenant's audit log. The actor and origin are taken on the request thread; the
 * send runs on a thread of its own, so a broker that does not answer never delays the answer to the user. A failed
 * send is logged and counted ({@code uploader_audit_send_failures_total}); the event is then lost (no outbox here).
 */
@Component
class ReuploadAudit implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ReuploadAudit.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final CurrentCaller callers;
    private final String topic;
    private final Counter failures;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("audit-sender").daemon().unstarted(r));

    ReuploadAudit(KafkaTemplate<String, byte[]> kafka, CurrentCaller callers,
                  @Value("${energymon.uploader.audit-topic:audit.v1}") String topic, MeterRegistry registry) {
        this.kafka = kafka;
        this.callers = callers;
        this.topic = topic;
        this.failures = Counter.builder("uploader_audit_send_failures_total")
                .description("audit events that could not be published").register(registry);
    }

    /** Call on the request thread, after the marks committed. */
    void requested(String tenantId, String enterpriseCode, ReuploadRequest request, int marked) {
        Caller c = callers.get();
        RequestOrigin origin = RequestOrigin.current();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("platformId", request.platformId());
        detail.put("statType", request.statType());
        detail.put("from", request.from().toString());
        detail.put("to", request.to().toString());
        detail.put("dataCodes", request.dataCodes().size());
        detail.put("marked", marked);
        AuditEvent event = new AuditEvent(UUID.randomUUID(), Instant.now(), tenantId, enterpriseCode,
                new AuditEvent.Actor(c.subject(), c.username(), c.roles().stream().map(Role::claimValue).sorted()
                        .toList()), AuditEvent.Action.REUPLOAD_REQUESTED.name(),
                new AuditEvent.Target("reupload", request.platformId()), detail, origin.clientAddress(),
                origin.userAgent());
        byte[] value = EventCodec.encode(event);
        sender.execute(() -> {
            try {
                kafka.send(new ProducerRecord<>(topic, event.key(), value)).whenComplete((ok, e) -> {
                    if (e != null) {
                        failed(event, e);
                    }
                });
            } catch (RuntimeException e) {
                failed(event, e);
            }
        });
    }

    private void failed(AuditEvent event, Throwable e) {
        failures.increment();
        log.error("audit event {} ({} of {}/{}) not published to {}: {}", event.eventId(), event.action(),
                event.tenantId(), event.enterpriseCode(), topic, e.toString());
    }

    @Override
    public void destroy() {
        sender.shutdown();
    }
}
