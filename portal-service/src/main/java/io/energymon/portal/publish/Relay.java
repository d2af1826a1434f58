package io.energymon.portal.publish;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.portal.config.PortalProperties;
import io.energymon.portal.masterdata.MasterDataStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes what master data committed: every enterprise whose revision is above its published revision gets its
 * current snapshot on {@code config.v1} (a tombstone once retired), and every outbox row (meter events) goes to its
 * topic. Claim, commit, call, record: the snapshot is read in a short read-only transaction, sent with no
 * transaction open, and only after the broker acknowledged is the revision recorded as published. A crash in
 * between re-sends, which consumers absorb (they ignore a revision they already hold). One instance relays at a
 * time, by a lease renewed in single statements.
 */
@Component
public class Relay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final JdbcClient jdbc;
    private final MasterDataStore store;
    private final KafkaTemplate<String, byte[]> kafka;
    private final PortalProperties props;
    private final TransactionTemplate snapshotTx;
    private final Counter configPublished;
    private final Counter outboxPublished;
    private final AtomicLong pendingEnterprises = new AtomicLong();
    private ScheduledExecutorService executor;

    public Relay(JdbcClient jdbc, MasterDataStore store, KafkaTemplate<String, byte[]> kafka, PortalProperties props,
                 PlatformTransactionManager tx, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.store = store;
        this.kafka = kafka;
        this.props = props;
        this.snapshotTx = new TransactionTemplate(tx);
        snapshotTx.setReadOnly(true);
        snapshotTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.configPublished = Counter.builder("portal_config_published_total")
                .description("enterprise configuration snapshots published on config.v1").register(registry);
        this.outboxPublished = Counter.builder("portal_outbox_published_total").register(registry);
        Gauge.builder("portal_config_pending_enterprises", pendingEnterprises, AtomicLong::get)
                .description("enterprises whose latest revision is not yet on config.v1").register(registry);
    }

    private record Pending(String tenantId, String enterpriseCode, long revision, boolean retired) {
    }

    private record OutboxRow(long id, String topic, String key, byte[] payload) {
    }

    /** One round; package-visible for tests. Returns how many records were published. */
    int relayOnce() {
        if (!holdLease()) {
            return 0;
        }
        return publishConfig() + publishOutbox();
    }

    private boolean holdLease() {
        return jdbc.sql("""
                        insert into relay_lease (name, holder, valid_until) values ('relay', ?, now() + interval '30 seconds')
                        on conflict (name) do update set holder = excluded.holder, valid_until = excluded.valid_until
                         where relay_lease.holder = excluded.holder or relay_lease.valid_until < now()
                        """)
                .param(props.instanceId()).update() == 1;
    }

    private int publishConfig() {
        List<Pending> pending = jdbc.sql("select tenant_id, enterprise_code, revision, retired_at is not null "
                        + "from enterprise where published_revision < revision order by updated_at limit 200")
                .query((rs, i) -> new Pending(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4)))
                .list();
        pendingEnterprises.set(pending.size());
        int n = 0;
        for (Pending p : pending) {
            String key = EnterpriseConfig.key(p.tenantId(), p.enterpriseCode());
            long revision = p.revision();
            byte[] value = null;
            if (!p.retired()) {
                EnterpriseConfig snapshot = snapshotTx.execute(s -> store.snapshot(p.tenantId(), p.enterpriseCode())
                        .orElse(null));
                if (snapshot == null) {
                    continue; // retired in the meantime: the next round sends the tombstone
                }
                revision = snapshot.revision();
                value = EventCodec.encode(snapshot);
            }
            send(props.configTopic(), key, value);
            jdbc.sql("update enterprise set published_revision = greatest(published_revision, ?) "
                            + "where tenant_id = ? and enterprise_code = ?")
                    .params(revision, p.tenantId(), p.enterpriseCode()).update();
            configPublished.increment();
            log.info("published configuration of {} revision {}{}", key, revision, p.retired() ? " (tombstone)" : "");
            n++;
        }
        return n;
    }

    private int publishOutbox() {
        List<OutboxRow> rows = jdbc.sql("select id, topic, record_key, payload from outbox where published_at is null "
                        + "order by id limit 500")
                .query((rs, i) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4))).list();
        for (OutboxRow r : rows) {
            send(r.topic(), r.key(), r.payload());
            jdbc.sql("update outbox set published_at = now() where id = ?").param(r.id()).update();
            outboxPublished.increment();
        }
        return rows.size();
    }

    private void send(String topic, String key, byte[] value) {
        try {
            kafka.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + key + " to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("relay").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                relayOnce();
            } catch (RuntimeException e) {
                log.warn("relay round failed, retrying: {}", e.getMessage(), e.getCause());
            }
        }, 0, props.relayInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
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
