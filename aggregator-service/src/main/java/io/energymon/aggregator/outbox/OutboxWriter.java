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

    /** Writes the events in order, as one JDBC batch. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void writeAll(String topic, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into outbox (topic, msg_key, payload) values (?, ?, ?)", messages, 500, (ps, m) -> {
            ps.setString(1, topic);
            ps.setString(2, m.key());
            ps.setBytes(3, EventCodec.encode(m.event()));
        });
    }
}
