package io.energymon.uploader.outbox;

import io.energymon.uploader.config.ReplicaId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
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

/**
 * Relays the outbox to Kafka: claim, commit, send, record. A round claims due rows in one committed statement
 * ({@code FOR UPDATE SKIP LOCKED}, a lease and a claim token: another replica skips them while the lease holds), sends
 * them with no transaction open, and records the outcome in single statements only where its token still stands:
 * acknowledged rows are published; a failed send is retried with back-off ({@code first-backoff}, doubling, at most
 * {@code max-backoff}); a row the broker can never accept (too large, not serialisable, invalid topic) is parked with
 * the reason. A replica that crashes between send and record leaves its claim to run out: the row is sent again with
 * the same event id, which the consumer stores once. When the broker does not answer at all, the rest of the round
 * is not tried (each send would wait for it again) and goes back to the queue without counting an attempt.
 */
@Component
public class OutboxRelay implements SmartLifecycle {
    /** How long a stop waits for the round in progress before interrupting it (and again after). */
    private static final long STOP_GRACE_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int DELETE_CHUNK = 10_000;

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties props;
    private final String replica;
    private final Counter published;
    private final Counter failures;
    private final Counter parked;
    private final AtomicLong pendingRows = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private volatile long lastCleanUp;
    private ScheduledExecutorService executor;

    /** A claimed row. */
    public record Row(long id, String topic, String key, UUID eventId, byte[] payload, int attempts) {
    }

    /** The rows one round claimed, under its token. */
    public record Claim(UUID token, List<Row> rows) {
    }

    /**
     * What became of a claim's rows.
     *
     * @param published acknowledged by the broker
     * @param failed    not acknowledged (retried with back-off): id and error
     * @param parked    never acceptable by the broker: id and reason
     * @param unsent    not tried (the broker did not answer the rows before them): due again at once
     */
    public record Outcome(List<Long> published, Map<Long, String> failed, Map<Long, String> parked,
                          List<Long> unsent) {
    }

    public OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, byte[]> kafka, OutboxProperties props,
                       ReplicaId replica, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.props = props;
        this.replica = replica.value();
        this.published = Counter.builder("uploader_outbox_published_total")
                .description("outbox events acknowledged by the broker").register(registry);
        this.failures = Counter.builder("uploader_outbox_send_failures_total")
                .description("outbox sends that failed (retried with back-off)").register(registry);
        this.parked = Counter.builder("uploader_outbox_parked_total")
                .description("outbox events the broker can never accept, parked with the reason").register(registry);
        Gauge.builder("uploader_outbox_pending_rows", pendingRows, AtomicLong::get)
                .description("outbox events not yet published (nor parked)").register(registry);
        Gauge.builder("uploader_outbox_oldest_pending_age_seconds", oldestPendingSeconds, AtomicLong::get)
                .description("age of the oldest outbox event not yet published, 0 when none").register(registry);
    }

    /** One round: claim, send, record. Returns how many rows were claimed (a full batch: there may be more). */
    public int relayOnce() {
        Claim claim = claim();
        if (!claim.rows().isEmpty()) {
            record(claim, send(claim));
        }
        return claim.rows().size();
    }

    /** Claims up to {@code batch-size} due rows in one committed statement. */
    public Claim claim() {
        UUID token = UUID.randomUUID();
        List<Row> rows = new ArrayList<>(jdbc.sql("""
                        update outbox o set claim_token = ?, claimed_by = ?, lease_until = now() + ?::interval
                          from (select id from outbox
                                 where published_at is null and parked_at is null and next_attempt_at <= now()
                                   and (lease_until is null or lease_until < now())
                                 order by id limit ? for update skip locked) c
                         where o.id = c.id
                        returning o.id, o.topic, o.msg_key, o.event_id, o.payload, o.attempts
                        """)
                .params(token, replica, props.lease().toMillis() + " milliseconds", props.batchSize())
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getBytes(5), rs.getInt(6)))
                .list());
        rows.sort(Comparator.comparingLong(Row::id));
        return new Claim(token, List.copyOf(rows));
    }

    /** Sends a claim's rows and waits (at most {@code send-timeout}) for the broker; no transaction is open. */
    public Outcome send(Claim claim) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Row r : claim.rows()) {
            CompletableFuture<?> f;
            try {
                f = kafka.send(new ProducerRecord<>(r.topic(), r.key(), r.payload()));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            sends.add(f);
            if (f.isCompletedExceptionally() && nonRetriable(f.exceptionNow()) == null) {
                break; // no broker: the rows after it would each wait for it again
            }
        }
        List<Long> ok = new ArrayList<>();
        Map<Long, String> failed = new LinkedHashMap<>();
        Map<Long, String> parkedRows = new LinkedHashMap<>();
        List<Long> unsent = new ArrayList<>();
        long deadline = System.nanoTime() + props.sendTimeout().toNanos();
        for (int i = 0; i < claim.rows().size(); i++) {
            Row r = claim.rows().get(i);
            if (i >= sends.size()) {
                unsent.add(r.id());
                continue;
            }
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                ok.add(r.id());
            } catch (ExecutionException e) {
                Throwable never = nonRetriable(e.getCause());
                if (never != null) {
                    parkedRows.put(r.id(), never.toString());
                } else {
                    failed.put(r.id(), rootCause(e.getCause()).toString());
                }
            } catch (TimeoutException e) {
                failed.put(r.id(), "no acknowledgement within " + props.sendTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unsent.add(r.id());
            }
        }
        return new Outcome(ok, failed, parkedRows, unsent);
    }

    /** Records a claim's outcome, where the claim still stands (its lease did not run out and get taken over). */
    public void record(Claim claim, Outcome outcome) {
        Map<Long, Row> byId = new LinkedHashMap<>();
        claim.rows().forEach(r -> byId.put(r.id(), r));
        if (!outcome.published().isEmpty()) {
            jdbc.sql("""
                            update outbox set published_at = now(), last_error = null, claim_token = null,
                                              lease_until = null
                             where id = any(?) and claim_token = ?
                            """)
                    .params(outcome.published().toArray(Long[]::new), claim.token()).update();
            published.increment(outcome.published().size());
        }
        if (!outcome.failed().isEmpty()) {
            jdbc.sql("""
                            update outbox o
                               set attempts = o.attempts + 1, last_error = u.error, claim_token = null,
                                   lease_until = null,
                                   next_attempt_at = now() + make_interval(secs => least(?::float8,
                                                                 ?::float8 * power(2, least(o.attempts, 30))))
                              from unnest(?::bigint[], ?::text[]) as u(id, error)
                             where o.id = u.id and o.claim_token = ?
                            """)
                    .params(props.maxBackoff().toMillis() / 1000.0, props.firstBackoff().toMillis() / 1000.0,
                            outcome.failed().keySet().toArray(Long[]::new),
                            outcome.failed().values().toArray(String[]::new), claim.token())
                    .update();
            failures.increment(outcome.failed().size());
            outcome.failed().forEach((id, error) -> {
                Row r = byId.get(id);
                log.warn("outbox: event {} to {} (key '{}') not acknowledged, attempt {}, retrying with back-off: {}",
                        r.eventId(), r.topic(), r.key(), r.attempts() + 1, error);
            });
        }
        if (!outcome.parked().isEmpty()) {
            jdbc.sql("""
                            update outbox o set parked_at = now(), park_reason = u.reason, claim_token = null,
                                                lease_until = null
                              from unnest(?::bigint[], ?::text[]) as u(id, reason)
                             where o.id = u.id and o.claim_token = ?
                            """)
                    .params(outcome.parked().keySet().toArray(Long[]::new),
                            outcome.parked().values().toArray(String[]::new), claim.token())
                    .update();
            parked.increment(outcome.parked().size());
            outcome.parked().forEach((id, reason) -> log.error("outbox: event {} to {} can never be published, "
                    + "parked: {}", byId.get(id).eventId(), byId.get(id).topic(), reason));
        }
        if (!outcome.unsent().isEmpty()) {
            jdbc.sql("update outbox set claim_token = null, lease_until = null where id = any(?) and claim_token = ?")
                    .params(outcome.unsent().toArray(Long[]::new), claim.token()).update();
        }
    }

    /** The cause when the send failed for a reason that retrying can never cure, else null. */
    static Throwable nonRetriable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RecordTooLargeException || c instanceof RecordBatchTooLargeException
                    || c instanceof SerializationException || c instanceof InvalidTopicException
                    || c instanceof InvalidRecordException) {
                return c;
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

    /** Refreshes the gauges and, at most once a minute, deletes rows published longer ago than the retention. */
    private void housekeeping() {
        jdbc.sql("""
                        select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)::bigint from outbox
                         where published_at is null and parked_at is null
                        """)
                .query(rs -> {
                    pendingRows.set(rs.getLong(1));
                    oldestPendingSeconds.set(rs.getLong(2));
                });
        long now = System.nanoTime();
        if (lastCleanUp == 0 || now - lastCleanUp > TimeUnit.MINUTES.toNanos(1)) {
            lastCleanUp = now;
            while (jdbc.sql("delete from outbox where id in (select id from outbox where published_at < now() - "
                            + "?::interval limit " + DELETE_CHUNK + ")")
                    .param(props.retention().toMillis() + " milliseconds").update() == DELETE_CHUNK) {
                log.debug("outbox: deleted {} published row(s)", DELETE_CHUNK);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("outbox-relay").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                while (relayOnce() == props.batchSize()) {
                    // keep draining while full batches come back
                }
                housekeeping();
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed, retrying: {}", e.toString());
            }
        }, 0, props.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets a round in progress finish for a few seconds, then interrupts it: a shutdown is never held for a send or a
     * database that does not answer (the database or broker may be stopping too). Nothing is lost: claimed rows whose
     * outcome was not recorded are claimed again once their lease ran out, and sent again with the same event id.
     */
    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                    if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                        log.warn("outbox relay did not stop within {} s; its claimed rows are sent again after their "
                                + "lease", 2 * STOP_GRACE_SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
