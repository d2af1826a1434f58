package io.energymon.uploader.outbox;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an event into the outbox inside the caller's transaction (required: the event commits with the change it
 * announces, or not at all); {@link OutboxRelay} sends it after the commit.
 */
@Component
public class OutboxWriter {
    private final JdbcClient jdbc;

    public OutboxWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param eventId the event's own id (written twice, it is stored once)
     * @param payload the encoded event, as it goes on the topic
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void write(String topic, String key, UUID eventId, byte[] payload) {
        jdbc.sql("insert into outbox (topic, msg_key, event_id, payload) values (?, ?, ?, ?) "
                        + "on conflict (event_id) do nothing")
                .params(topic, key, eventId, payload).update();
    }
}
