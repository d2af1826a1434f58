package io.energymon.uploader.delivery;

import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.EnterpriseConfig;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due real-time items (statType 0) of every enterprise to every platform it reports to. Items are claimed
 * with {@code FOR UPDATE SKIP LOCKED} in the transaction that records the outcome, so two uploader instances never
 * send the same item at once, and a crash mid-request leaves the items pending (the platform keeps the newest value
 * of a re-sent item, so a repeat is harmless). A packet the platform rejects is re-sent element by element, so one
 * bad element does not hold back the others.
 */
@Component
public class RealtimeDelivery implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RealtimeDelivery.class);
    private static final ZoneId PLATFORM_ZONE = ZoneId.of("Asia/Shanghai");

    private final UploaderProperties props;
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

    public RealtimeDelivery(UploaderProperties props, PlatformClients clients, RegistrationService registrations,
                            UploadQueue queue, AttemptLog attempts, TransactionTemplate tx, MeterRegistry registry) {
        this.props = props;
        this.platforms = props.platforms().stream().collect(Collectors.toMap(PlatformConfig::id, Function.identity()));
        this.clients = clients;
        this.registrations = registrations;
        this.queue = queue;
        this.attempts = attempts;
        this.tx = tx;
        this.sent = Counter.builder("uploader_items_sent_total").register(registry);
        this.failed = Counter.builder("uploader_items_failed_total").register(registry);
        this.latency = Timer.builder("uploader_request_duration").tag("operation", "uploadData").register(registry);
        for (EnterpriseConfig e : props.enterprises()) {
            for (String p : e.platforms()) {
                if (!platforms.containsKey(p)) {
                    throw new IllegalArgumentException("enterprise " + e.enterpriseCode() + " names unknown platform '" + p + "'");
                }
            }
        }
    }

    /** One delivery round over every enterprise and platform. */
    public void deliverAll() {
        for (EnterpriseConfig e : props.enterprises()) {
            for (String platformId : e.platforms()) {
                MDC.put("tenantId", e.tenantId());
                MDC.put("enterpriseCode", e.enterpriseCode());
                try {
                    deliver(platforms.get(platformId), e);
                } catch (RuntimeException ex) {
                    log.warn("delivery to {} failed: {}", platformId, ex.getMessage());
                } finally {
                    MDC.remove("tenantId");
                    MDC.remove("enterpriseCode");
                }
            }
        }
    }

    private void deliver(PlatformConfig platform, EnterpriseConfig e) {
        PlatformDialect dialect = clients.dialect(platform, e);
        Registration reg = registrations.ensureRegistered(platform, e, dialect);
        int n;
        do {
            Integer done = tx.execute(status -> sendBatch(platform, e, dialect, reg));
            n = done == null ? 0 : done;
        } while (n == props.batchSize());
    }

    private int sendBatch(PlatformConfig platform, EnterpriseConfig e, PlatformDialect dialect, Registration reg) {
        List<Item> items = queue.claimDue(platform.id(), e.tenantId(), e.enterpriseCode(), 0, props.batchSize());
        if (items.isEmpty()) {
            return 0;
        }
        if (send(platform, e, dialect, reg, items) == Outcome.REJECTED && items.size() > 1) {
            // a platform rejects the whole packet for one bad element: send each element alone, so that the good
            // ones are not held back by it and the bad one carries its own error and back-off
            for (Item item : items) {
                send(platform, e, dialect, reg, List.of(item));
            }
        }
        return items.size();
    }

    private enum Outcome { ACCEPTED, REJECTED, TRANSPORT_FAILED }

    /** Sends items in one request and records the outcome; a rejected packet of several items is left for splitting. */
    private Outcome send(PlatformConfig platform, EnterpriseConfig e, PlatformDialect dialect, Registration reg,
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

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("delivery").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                deliverAll();
            } catch (Throwable t) {
                log.error("delivery round failed", t);
            }
        }, 0, props.deliveryInterval().toMillis(), TimeUnit.MILLISECONDS);
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
