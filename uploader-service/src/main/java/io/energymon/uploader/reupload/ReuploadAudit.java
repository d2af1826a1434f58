package io.energymon.uploader.reupload;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import io.energymon.security.RequestOrigin;
import io.energymon.security.Role;
import io.energymon.uploader.outbox.OutboxRelay;
import io.energymon.uploader.outbox.OutboxWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Records a {@code REUPLOAD_REQUESTED} audit event for {@code audit.v1} (key: tenant id) in the outbox, inside the
 * transaction that marks the values: the event commits with the marks or not at all, and {@link OutboxRelay} sends it
 * afterwards (retried until the broker takes it). The portal stores it in the tenant's audit log, once per event id.
 * The actor and origin are those of the current request.
 */
@Component
class ReuploadAudit {
    private final OutboxWriter outbox;
    private final CurrentCaller callers;
    private final String topic;

    ReuploadAudit(OutboxWriter outbox, CurrentCaller callers,
                  @Value("${energymon.uploader.audit-topic:audit.v1}") String topic) {
        this.outbox = outbox;
        this.callers = callers;
        this.topic = topic;
    }

    /** Call on the request thread, inside the transaction of the marks. */
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
        outbox.write(topic, event.key(), event.eventId(), EventCodec.encode(event));
    }
}
