package io.energymon.portal.audit;

import io.energymon.domain.event.AuditEvent;
import io.energymon.domain.event.AuditEvent.Action;
import io.energymon.domain.event.AuditEvent.Actor;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import io.energymon.security.RequestOrigin;
import io.energymon.security.Role;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records the portal's own actions in {@code audit_event}, in the transaction of the change: the row commits with the
 * change or not at all, and no Kafka send is involved (the portal owns the store, so publishing its own events on
 * {@code audit.v1} only to read them back would add a window where a change is committed but not yet audited). The
 * actor is the caller of the current request ({@code system} outside a request), the origin its client address and
 * user agent.
 */
@Component
public class Auditor {
    private final AuditStore store;
    private final CurrentCaller callers;

    public Auditor(AuditStore store, CurrentCaller callers) {
        this.store = store;
        this.callers = callers;
    }

    /**
     * Records one action; call it inside the transaction of the change.
     *
     * @param detail a few facts (versions, counts); never secrets nor payloads
     */
    public void record(Action action, String tenantId, String enterpriseCode, String targetKind, String targetKey,
                       Map<String, Object> detail) {
        RequestOrigin origin = RequestOrigin.current();
        store.insert(java.util.List.of(new AuditEvent(UUID.randomUUID(), Instant.now(), tenantId, enterpriseCode,
                actor(), action.name(), new AuditEvent.Target(targetKind, targetKey), detail, origin.clientAddress(),
                origin.userAgent())));
    }

    private Actor actor() {
        Caller c;
        try {
            c = callers.get();
        } catch (IllegalStateException noRequest) {
            return Actor.SYSTEM;
        }
        return new Actor(c.subject(), c.username(), c.roles().stream().map(Role::claimValue).sorted().toList());
    }
}
