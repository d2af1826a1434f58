package io.energymon.aggregator.outbox;

import io.energymon.aggregator.config.AggregatorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays outbox rows to Kafka in id order. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * aggregator instances can run; a row is marked published only after the broker acknowledged it (acks=all,
 * idempotent producer). A crash between the two re-sends the row: consumers tolerate that by versions.
 */
@Component
public class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AggregatorProperties props;
    private final Counter published;
    private ScheduledExecutorService executor;

    private record Row(long id, String topic, String key, byte[] payload) {
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, byte[]> kafka,
                       AggregatorProperties props, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.props = props;
        this.published = Counter.builder("aggregator_outbox_published_total").register(registry);
        registry.gauge("aggregator_outbox_pending_rows", this, r -> r.pendingRows());
    }

    /** Publishes one batch of pending rows; returns how many were published. */
    public int relayOnce() {
        Integer n = tx.execute(status -> {
            List<Row> rows = jdbc.sql("select id, topic, msg_key, payload from outbox where published_at is null "
                            + "order by id limit ? for update skip locked")
                    .param(props.outboxBatchSize())
                    .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
            for (Row r : rows) {
                sends.add(kafka.send(r.topic(), r.key(), r.payload()));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            jdbc.sql("update outbox set published_at = now() where id = any(?)").param(ids).update();
            return rows.size();
        });
        int count = n == null ? 0 : n;
        published.increment(count);
        return count;
    }

    private double pendingRows() {
        try {
            return jdbc.sql("select count(*) from outbox where published_at is null").query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("outbox-relay").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                while (relayOnce() == props.outboxBatchSize()) {
                    // keep draining while full batches come back
                }
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed, retrying: {}", e.toString());
            }
        }, 0, props.outboxPollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
