package io.energymon.uploader.delivery;

import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.credentials.CredentialsException;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseConfigFeed;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.queue.UploadQueue;
import io.energymon.uploader.queue.UploadQueue.Item;
import io.energymon.uploader.registration.RegistrationService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due real-time items (statType 0) of every enterprise of the {@link EnterpriseDirectory} to every enabled
 * target it reports to (一端多传); a paused target keeps its queue until it is enabled again. Items are claimed
 * with {@code FOR UPDATE SKIP LOCKED} in the transaction that records the outcome, so two uploader instances never
 * send the same item at once, and a crash mid-request leaves the items pending (the platform keeps the newest value
 * of a re-sent item, so a repeat is harmless). A packet the platform rejects is re-sent element by element, so one
 * bad element does not hold back the others. An enterprise whose client certificate cannot be used fails alone: the
 * failure is recorded in the attempt history (naming the file expected) and the others are delivered.
 */
@Component
public class RealtimeDelivery implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RealtimeDelivery.class);
    private static final ZoneId PLATFORM_ZONE = ZoneId.of("Asia/Shanghai");

    private final UploaderProperties props;
    private final EnterpriseDirectory directory;
    private final EnterpriseConfigFeed configFeed;
    private final AtomicLong rounds = new AtomicLong();
    private final Map<String, PlatformConfig> platforms;
    private final PlatformClients clients;
    private final RegistrationService registrations;
    private final UploadQueue queue;
    private final AttemptLog attempts;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.system(PLATFORM_ZONE);
    private final Counter sent;
    private final Counter failed;
    private final Timer latency;
    private ScheduledExecutorService executor;

    public RealtimeDelivery(UploaderProperties props, EnterpriseDirectory directory, EnterpriseConfigFeed configFeed,
                            PlatformClients clients, RegistrationService registrations, UploadQueue queue,
                            AttemptLog attempts, TransactionTemplate tx, MeterRegistry registry) {
        this.props = props;
        this.directory = directory;
        this.configFeed = configFeed;
        this.platforms = props.platforms().stream().collect(Collectors.toMap(PlatformConfig::id, Function.identity()));
        this.clients = clients;
        this.registrations = registrations;
        this.queue = queue;
        this.attempts = attempts;
        this.tx = tx;
        this.sent = Counter.builder("uploader_items_sent_total").register(registry);
        this.failed = Counter.builder("uploader_items_failed_total").register(registry);
        this.latency = Timer.builder("uploader_request_duration").tag("operation", "uploadData").register(registry);
    }

    /**
     * One delivery round over every enterprise and enabled target. A target naming a platform that is not configured
     * is skipped (reported when the configuration arrived); its values stay queued.
     */
    public void deliverAll() {
        Set<String> live = new HashSet<>();
        for (Enterprise e : directory.all()) {
            for (Enterprise.Target target : e.targets()) {
                PlatformConfig platform = platforms.get(target.platformId());
                if (platform == null) {
                    continue;
                }
                live.add(PlatformClients.key(platform.id(), e));
                if (!target.enabled()) {
                    continue;
                }
                MDC.put("tenantId", e.tenantId());
                MDC.put("enterpriseCode", e.enterpriseCode());
                try {
                    deliver(platform, e);
                } catch (RuntimeException ex) {
                    log.warn("delivery to {} failed: {}", platform.id(), ex.getMessage());
                } finally {
                    MDC.remove("tenantId");
                    MDC.remove("enterpriseCode");
                }
            }
        }
        clients.retainOnly(live);
    }

    private void deliver(PlatformConfig platform, Enterprise e) {
        PlatformDialect dialect;
        try {
            dialect = clients.dialect(platform, e);
        } catch (CredentialsException ex) {
            credentialsUnusable(platform, e, ex);
            return;
        }
        Registration reg = registrations.ensureRegistered(platform, e, dialect);
        int n;
        do {
            Integer done = tx.execute(status -> sendBatch(platform, e, dialect, reg));
            n = done == null ? 0 : done;
        } while (n == props.batchSize());
    }

    /**
     * The enterprise's certificate cannot be used: nothing can be sent for it. Recorded in the attempt history (when
     * something was to be sent or it is not registered yet) and noted on its due items, without back-off: the next
     * round tries again, and a certificate put in place meanwhile is used at once.
     */
    private void credentialsUnusable(PlatformConfig platform, Enterprise e, CredentialsException ex) {
        log.warn("cannot deliver to {}: {}", platform.id(), ex.getMessage());
        tx.executeWithoutResult(status -> {
            long due = queue.countDue(platform.id(), e.tenantId(), e.enterpriseCode(), 0);
            boolean registered = registrations.isRegistered(platform.id(), e.tenantId(), e.enterpriseCode());
            if (due == 0 && registered) {
                return;
            }
            attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(),
                    registered ? "uploadData" : "register", (int) due, false, null, null, ex.getMessage(), 0L, null));
            queue.noteNotSent(platform.id(), e.tenantId(), e.enterpriseCode(), 0, ex.getMessage());
        });
    }

    private int sendBatch(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration reg) {
        List<Item> items = queue.claimDue(platform.id(), e.tenantId(), e.enterpriseCode(), 0, props.batchSize());
        if (items.isEmpty()) {
            return 0;
        }
        // the configuration may have stopped reporting an item's period after it was queued (its withdrawal runs on
        // the configuration's thread): such an item is withdrawn here, never sent
        List<Item> notReported = items.stream().filter(i -> !e.reports(i.dataCode(), i.statType())).toList();
        List<Item> toSend = notReported.isEmpty() ? items
                : items.stream().filter(i -> e.reports(i.dataCode(), i.statType())).toList();
        if (!notReported.isEmpty()) {
            queue.markNotReported(platform.id(), e, notReported);
            log.info("{} queued item(s) withdrawn instead of sent to {}: configuration revision {} does not report "
                    + "them", notReported.size(), platform.id(), e.revision());
        }
        if (!toSend.isEmpty() && send(platform, e, dialect, reg, toSend) == Outcome.REJECTED && toSend.size() > 1) {
            // a platform rejects the whole packet for one bad element: send each element alone, so that the good
            // ones are not held back by it and the bad one carries its own error and back-off
            for (Item item : toSend) {
                send(platform, e, dialect, reg, List.of(item));
            }
        }
        return items.size();
    }

    private enum Outcome { ACCEPTED, REJECTED, TRANSPORT_FAILED }

    /** Sends items in one request and records the outcome; a rejected packet of several items is left for splitting. */
    private Outcome send(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration reg,
                         List<Item> items) {
        LocalDateTime now = LocalDateTime.now(clock).withNano(0);
        List<DataRecord> records = items.stream()
                .map(i -> new DataRecord(i.dataCode(), i.value(), i.inputType(), i.statType(), i.statDate(), now,
                        i.scope(), i.valid()))
                .toList();
        long t0 = System.nanoTime();
        try {
            UploadOutcome out = dialect.uploadData(reg, records);
            latency.record(out.latency());
            attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "uploadData",
                    items.size(), out.accepted(), out.httpStatus(), out.responseCode(), out.responseMessage(),
                    out.latency().toMillis(), out.requestBody()));
            if (out.accepted()) {
                queue.markSent(platform.id(), e.tenantId(), e.enterpriseCode(), items);
                sent.increment(items.size());
                return Outcome.ACCEPTED;
            }
            log.warn("platform {} rejected {} items: {} {}", platform.id(), items.size(), out.responseCode(),
                    out.responseMessage());
            if (items.size() == 1) {
                queue.markFailed(platform.id(), e.tenantId(), e.enterpriseCode(), items,
                        "rejected: " + out.responseCode() + " " + out.responseMessage(), props.firstBackoff(),
                        props.maxBackoff());
                failed.increment();
            }
            return Outcome.REJECTED;
        } catch (PlatformTransportException ex) {
            attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "uploadData",
                    items.size(), false, null, null, ex.getMessage(), (System.nanoTime() - t0) / 1_000_000, null));
            queue.markFailed(platform.id(), e.tenantId(), e.enterpriseCode(), items, "transport: " + ex.getMessage(),
                    props.firstBackoff(), props.maxBackoff());
            failed.increment(items.size());
            log.warn("upload of {} items to {} failed: {}", items.size(), platform.id(), ex.getMessage());
            return Outcome.TRANSPORT_FAILED;
        }
    }

    /**
     * Starts the rounds: the first one as soon as the configuration was read to the end of {@code config.v1} (so a
     * restart does not wait a whole interval), then every {@code delivery-interval}.
     */
    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("delivery").daemon().unstarted(r));
        ScheduledExecutorService ex = executor;
        configFeed.onceCaughtUp(() -> {
            try {
                ex.execute(this::round);
            } catch (RejectedExecutionException rejected) {
                log.debug("stopped before the configuration was read", rejected);
            }
        });
        long interval = props.deliveryInterval().toMillis();
        executor.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            deliverAll();
        } catch (Throwable t) {
            log.error("delivery round failed", t);
        } finally {
            rounds.incrementAndGet();
        }
    }

    /** Scheduled rounds completed since start (the first runs once the configuration was read). */
    public long completedRounds() {
        return rounds.get();
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
