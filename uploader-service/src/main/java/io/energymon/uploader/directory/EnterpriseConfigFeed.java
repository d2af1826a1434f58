package io.energymon.uploader.directory;

import io.energymon.configclient.ConfigFeed;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.directory.EnterpriseDirectory.Change;
import io.energymon.uploader.queue.ParkingLot;
import io.energymon.uploader.queue.UploadQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows {@code config.v1} ({@link ConfigFeed}) and keeps the {@link EnterpriseDirectory} current, so that a new
 * enterprise, a new or paused target, or a retired enterprise takes effect within a poll, without a restart.
 *
 * <p>On every change: the directory is replaced at once (on the feed's thread); then, on this bean's own thread, a
 * target naming a platform that is not configured in {@code energymon.uploader.platforms} is logged as an error and
 * recorded in the attempt history (once per change of the enterprise's targets), pending queue rows of (item,
 * statType) pairs the enterprise's configuration does not report (any more) are withdrawn
 * ({@link UploadQueue#withdrawNotReported}: on every start too, so a change made while the uploader was down counts),
 * and the parked item values of enterprises that now have a target are moved into the queue. A periodic sweep moves
 * whatever a failed move left; the delivery itself never sends an item its enterprise does not report. Dialect
 * clients notice a new revision themselves ({@code PlatformClients}).
 */
@Component
public class EnterpriseConfigFeed implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EnterpriseConfigFeed.class);

    private final UploaderProperties props;
    private final KafkaProperties kafka;
    private final EnterpriseDirectory directory;
    private final ParkingLot parking;
    private final UploadQueue queue;
    private final AttemptLog attempts;
    private final Set<String> platformIds;
    private final AtomicInteger unknownTargets = new AtomicInteger();
    private volatile ConfigFeed feed;
    private volatile Instant lastChange;
    private final CompletableFuture<Void> caughtUpAndApplied = new CompletableFuture<>();
    private ScheduledExecutorService executor;

    public EnterpriseConfigFeed(UploaderProperties props, KafkaProperties kafka, EnterpriseDirectory directory,
                                ParkingLot parking, UploadQueue queue, AttemptLog attempts, MeterRegistry registry) {
        this.props = props;
        this.kafka = kafka;
        this.directory = directory;
        this.parking = parking;
        this.queue = queue;
        this.attempts = attempts;
        this.platformIds = props.platforms().stream().map(PlatformConfig::id).collect(Collectors.toUnmodifiableSet());
        Gauge.builder("uploader_config_enterprises", directory, EnterpriseDirectory::size)
                .description("enterprises known from config.v1").register(registry);
        Gauge.builder("uploader_config_unknown_platform_targets", unknownTargets, AtomicInteger::get)
                .description("upload targets in config.v1 naming a platform not configured in this uploader")
                .register(registry);
        FunctionCounter.builder("uploader_malformed_events_total", this, EnterpriseConfigFeed::malformedCount)
                .tag("topic", props.configTopic()).register(registry);
    }

    /** True once the topic was read to its end: the directory holds the configuration of the whole topic. */
    public boolean caughtUp() {
        ConfigFeed f = feed;
        return f != null && f.caughtUp();
    }

    public String topic() {
        return props.configTopic();
    }

    /** When the directory last changed, or null. */
    public Instant lastChange() {
        return lastChange;
    }

    /** Targets naming a platform that is not configured here. */
    public int unknownPlatformTargets() {
        return unknownTargets.get();
    }

    private double malformedCount() {
        ConfigFeed f = feed;
        return f == null ? 0 : f.malformedCount();
    }

    /**
     * Runs the action (on this bean's thread) once the topic was read to its end for the first time and the parked
     * values of the enterprises read were moved: the moment a first delivery round makes sense.
     */
    public void onceCaughtUp(Runnable action) {
        caughtUpAndApplied.thenRun(action);
    }

    private void onChange(Map<String, EnterpriseConfig> all, Set<String> changedKeys) {
        List<Change> changes = directory.apply(all, changedKeys);
        if (!changes.isEmpty()) {
            lastChange = Instant.now();
        }
        boolean caughtUp = caughtUp();
        try {
            executor.execute(() -> {
                if (!changes.isEmpty()) {
                    applied(changes);
                }
                if (caughtUp) {
                    caughtUpAndApplied.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("configuration change after shutdown not applied to the park", e);
        }
    }

    /**
     * Follow-up of a change of the directory: report unknown platforms, withdraw queued values no longer reported,
     * move parked values.
     */
    private void applied(List<Change> changes) {
        List<Enterprise> withTargets = new ArrayList<>();
        List<Enterprise> statTypesChanged = new ArrayList<>();
        for (Change c : changes) {
            Enterprise e = c.after();
            if (e == null) {
                log.info("enterprise {} retired from {}: forgotten", c.key(), props.configTopic());
                continue;
            }
            if (c.before() == null || !c.before().statTypes().equals(e.statTypes())) {
                statTypesChanged.add(e);
            }
            MDC.put("tenantId", e.tenantId());
            MDC.put("enterpriseCode", e.enterpriseCode());
            try {
                boolean targetsChanged = c.before() == null || !c.before().targets().equals(e.targets());
                if (c.before() != null && targetsChanged) {
                    log.info("configuration of {} revision {}: targets now {}", e.key(), e.revision(), e.targets());
                } else {
                    log.debug("configuration of {} revision {}: targets {}", e.key(), e.revision(), e.targets());
                }
                if (targetsChanged) {
                    reportUnknownPlatforms(e);
                }
            } finally {
                MDC.remove("tenantId");
                MDC.remove("enterpriseCode");
            }
            if (e.hasTargets()) {
                withTargets.add(e);
            }
        }
        log.info("{} change(s) of {} applied; {} enterprise(s) known", changes.size(), props.configTopic(),
                directory.size());
        unknownTargets.set((int) directory.all().stream().flatMap(e -> e.targets().stream())
                .filter(t -> !platformIds.contains(t.platformId())).count());
        try {
            queue.withdrawNotReported(statTypesChanged);
        } catch (RuntimeException ex) {
            log.warn("withdrawing queued item values no longer reported failed (the delivery still never sends "
                    + "them): {}", ex.toString());
        }
        try {
            parking.unpark(withTargets);
        } catch (RuntimeException ex) {
            log.warn("moving parked item values failed, the sweep will retry in {}: {}", props.parkSweepInterval(),
                    ex.toString());
        }
    }

    private void reportUnknownPlatforms(Enterprise e) {
        for (Enterprise.Target t : e.targets()) {
            if (platformIds.contains(t.platformId())) {
                continue;
            }
            String message = "上传平台 “" + t.platformId() + "” 未在上传服务中配置（energymon.uploader.platforms），"
                    + "该平台的数据暂存于队列 / upload target '" + t.platformId() + "' (config.v1 revision "
                    + e.revision() + ") is not a platform configured in uploader-service "
                    + "(energymon.uploader.platforms: " + platformIds + "); its values stay queued";
            log.error("{}", message);
            try {
                attempts.record(new AttemptLog.Attempt(t.platformId(), e.tenantId(), e.enterpriseCode(), "config", 0,
                        false, null, null, message, null, null));
            } catch (RuntimeException ex) {
                log.warn("cannot record the unknown platform of {}: {}", e.key(), ex.toString());
            }
        }
    }

    /** Moves parked values of enterprises that have targets; the safety net of the immediate move. */
    void sweep() {
        try {
            List<Enterprise> known = parking.parkedEnterprises().stream()
                    .map(r -> directory.find(r.tenantId(), r.enterpriseCode()).orElse(null))
                    .filter(Objects::nonNull)
                    .filter(Enterprise::hasTargets)
                    .toList();
            parking.unpark(known);
            parking.refreshStats();
        } catch (RuntimeException ex) {
            log.warn("sweep of parked item values failed: {}", ex.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (feed != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("config-apply").daemon().unstarted(r));
        long sweepMillis = props.parkSweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        executor.execute(() -> {
            try {
                parking.refreshStats();
            } catch (RuntimeException ex) {
                log.warn("cannot read the park: {}", ex.toString());
            }
        });
        ConfigFeed f = new ConfigFeed(new ConfigFeed.Options(String.join(",", kafka.getBootstrapServers()),
                props.configTopic(), null, null, Duration.ofSeconds(2), "uploader-config-" + UUID.randomUUID(),
                kafka.buildConsumerProperties()), this::onChange);
        feed = f;
        f.start();
        log.info("following {} for enterprises and upload targets", props.configTopic());
    }

    @Override
    public synchronized void stop() {
        ConfigFeed f = feed;
        if (f != null) {
            f.close();
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        feed = null;
    }

    @Override
    public boolean isRunning() {
        return feed != null;
    }
}
