package io.energymon.aggregator.outbox;

import io.energymon.domain.event.EventCodec;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes events into the outbox inside the caller's transaction; {@link OutboxRelay} publishes them after commit. */
@Component
public class OutboxWriter {
    private final JdbcTemplate jdbc;

    /** One event and its Kafka key. */
    public record Message(String key, Object event) {
    }

    public OutboxWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void write(String topic, String key, Object event) {
        writeAll(topic, List.of(new Message(key, event)));
    }

    /** Writes the events in order (ids ascending), in one statement. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void writeAll(String topic, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        String[] keys = messages.stream().map(Message::key).toArray(String[]::new);
        byte[][] payloads = messages.stream().map(m -> EventCodec.encode(m.event())).toArray(byte[][]::new);
        jdbc.execute((java.sql.Connection c) -> {
            try (var ps = c.prepareStatement("""
                    insert into outbox (topic, msg_key, payload)
                    select ?, k, p from unnest(?::text[], ?::bytea[]) with ordinality as u(k, p, n) order by n""")) {
                ps.setString(1, topic);
                ps.setArray(2, c.createArrayOf("text", keys));
                ps.setArray(3, c.createArrayOf("bytea", payloads));
                return ps.executeUpdate();
            }
        });
    }
}
