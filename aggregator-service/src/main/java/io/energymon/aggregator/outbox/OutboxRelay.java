package io.energymon.aggregator.outbox;

import io.energymon.aggregator.config.AggregatorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays outbox rows to Kafka in id order. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * aggregator instances can run; a row is marked published in the claiming transaction only after the broker
 * acknowledged it (acks=all, idempotent producer), and <b>deleted</b> once published longer ago than
 * {@code outbox-retention} (default one hour; checked at most once a minute), so the table does not grow without end.
 * A crash between send and mark re-sends the row: consumers tolerate that by versions.
 *
 * <p>A row the broker can never accept (a non-retriable send error: record too large, serialisation error, invalid
 * topic) is <b>parked</b> ({@code parked_at}, {@code park_reason}; counted {@code aggregator_outbox_parked_total}) and
 * the rows after it are published. Any other failure (broker unreachable, timeout) leaves the row pending: it is
 * retried in the next round; rows of the same round that were acknowledged are marked published (a later row may
 * then reach the broker before an earlier one of the same key: consumers keep the highest version).
 */
@Component
public class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AggregatorProperties props;
    private final Counter published;
    private final Counter parked;
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
        this.parked = Counter.builder("aggregator_outbox_parked_total")
                .description("outbox rows the broker can never accept, parked with the reason").register(registry);
        registry.gauge("aggregator_outbox_pending_rows", this, r -> r.pendingRows());
    }

    /**
     * Publishes one batch of pending rows; returns how many were claimed and settled (published or parked), so a
     * full batch means there may be more. Rows that failed for a retriable reason stay pending.
     */
    public int relayOnce() {
        Integer n = tx.execute(status -> {
            List<Row> rows = jdbc.sql("select id, topic, msg_key, payload from outbox "
                            + "where published_at is null and parked_at is null "
                            + "order by id limit ? for update skip locked")
                    .param(props.outboxBatchSize())
                    .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
            for (Row r : rows) {
                CompletableFuture<?> f;
                try {
                    f = kafka.send(r.topic(), r.key(), r.payload());
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                sends.add(f);
            }
            List<Long> done = new ArrayList<>();
            List<Long> parkIds = new ArrayList<>();
            List<String> parkReasons = new ArrayList<>();
            Throwable retriable = null;
            for (int i = 0; i < rows.size(); i++) {
                try {
                    sends.get(i).join();
                    done.add(rows.get(i).id());
                } catch (RuntimeException e) {
                    Throwable cause = nonRetriable(e);
                    if (cause != null) {
                        parkIds.add(rows.get(i).id());
                        parkReasons.add(cause.getClass().getSimpleName() + ": " + cause.getMessage());
                        log.error("outbox row {} (topic {}, key {}) can never be published, parked: {}",
                                rows.get(i).id(), rows.get(i).topic(), rows.get(i).key(), cause.toString());
                    } else if (retriable == null) {
                        retriable = e;
                    }
                }
            }
            if (!done.isEmpty()) {
                jdbc.sql("update outbox set published_at = now() where id = any(?)").param(done.toArray(Long[]::new))
                        .update();
            }
            if (!parkIds.isEmpty()) {
                jdbc.sql("""
                                update outbox o set parked_at = now(), park_reason = u.reason
                                  from unnest(?::bigint[], ?::text[]) as u(id, reason) where o.id = u.id
                                """)
                        .params(parkIds.toArray(Long[]::new), parkReasons.toArray(String[]::new)).update();
            }
            published.increment(done.size());
            parked.increment(parkIds.size());
            if (retriable != null) {
                log.warn("outbox relay: {} row(s) not acknowledged, retrying next round: {}",
                        rows.size() - done.size() - parkIds.size(), rootCause(retriable).toString());
            }
            return done.size() + parkIds.size();
        });
        return n == null ? 0 : n;
    }

    /** The cause when the send failed for a reason that retrying can never cure, else null. */
    static Throwable nonRetriable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RecordTooLargeException || c instanceof RecordBatchTooLargeException
                    || c instanceof SerializationException || c instanceof InvalidTopicException
                    || c instanceof InvalidRecordException) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private volatile long lastCleanUp;

    /**
     * Deletes rows published longer ago than {@code olderThan} (at most 10 000 per call); returns how many. Published
     * rows are kept for {@code outbox-retention} (default one hour) to see what was sent, then deleted.
     */
    public int deletePublished(Duration olderThan) {
        return jdbc.sql("""
                        delete from outbox where id in (select id from outbox
                                                        where published_at < now() - ?::interval limit 10000)
                        """)
                .param(olderThan.toMillis() + " milliseconds").update();
    }

    private void cleanUp() {
        long now = System.nanoTime();
        if (lastCleanUp == 0 || now - lastCleanUp > TimeUnit.MINUTES.toNanos(1)) {
            lastCleanUp = now;
            int n;
            while ((n = deletePublished(props.outboxRetention())) == 10_000) {
                log.debug("outbox: deleted {} published row(s)", n);
            }
        }
    }

    private double pendingRows() {
        try {
            return jdbc.sql("select count(*) from outbox where published_at is null and parked_at is null").query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("outbox-relay").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                cleanUp();
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
