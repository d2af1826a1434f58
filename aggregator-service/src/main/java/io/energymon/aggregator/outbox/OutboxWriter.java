package io.energymon.aggregator.outbox;

import io.energymon.domain.event.EventCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes an event into the outbox inside the caller's transaction; {@link OutboxRelay} publishes it after commit. */
@Component
public class OutboxWriter {
    private final JdbcClient jdbc;

    public OutboxWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void write(String topic, String key, Object event) {
        jdbc.sql("insert into outbox (topic, msg_key, payload) values (?, ?, ?)")
                .params(topic, key, EventCodec.encode(event))
                .update();
    }
}
