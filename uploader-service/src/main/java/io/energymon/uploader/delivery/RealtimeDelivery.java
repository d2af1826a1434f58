package io.energymon.uploader.delivery;

import io.energymon.uploader.alarm.UploadAlarms;
import io.energymon.uploader.basedata.BaseDataService;
import io.energymon.uploader.basedata.ItemCodeCheck;
import io.energymon.uploader.config.ReplicaId;
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
import io.energymon.uploader.registration.RegistrationLost;
import io.energymon.uploader.registration.RegistrationService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * Sends due items of every enterprise of the {@link EnterpriseDirectory} to every enabled target it reports to
 * (一端多传); a paused target keeps its queue until it is enabled again. Real-time items (statType 0) at every round;
 * day, month and year values of closed periods once the platform's upload time of the day has passed (the daily
 * batch, {@link #closedBefore}).
 *
 * <p>Nothing is held while a platform answers: a short transaction claims due rows ({@code FOR UPDATE SKIP LOCKED})
 * and marks them in flight with a claim token and a lease ({@code energymon.uploader.lease}), and commits; the
 * request is sent with no transaction open; a new short transaction records the outcome where the token still stands
 * ({@link UploadQueue#markSent}, {@link UploadQueue#markFailed}). So replicas sharing the database share the work and
 * never send an item at the same time, the Kafka listener upserting a newer version never waits for a flight (the
 * newer version stays pending and is sent after), and a replica that dies mid-request leaves rows whose lease runs
 * out and that another replica sends.
 *
 * <p>Each round first makes sure the platform's base data are those of the versions its last version check
 * reported ({@link BaseDataService}: downloaded again after a change) and that the enterprise's configured items were
 * validated against them ({@link ItemCodeCheck}); values of an item whose code the lists reject are not claimed.
 * Before sending, a claimed item is checked: one whose period the configuration no longer reports is withdrawn,
 * one whose statDate does not fit its statType ({@link StatDateRule}) is refused locally (status {@code FAILED}, the
 * bilingual reason in the attempt history) and not sent. A packet the platform rejects is re-sent element by element
 * (each under a renewed lease), so one bad element never holds back the others. A refusal saying the platform no
 * longer knows the registration ({@link RegistrationLost}) triggers one new registration per round and target, then
 * the packet is sent once more. Failures back off (doubling from {@code first-backoff}, at most {@code max-backoff}
 * ≤ 2 h, on the injected {@link Clock}), and {@link UploadAlarms} raises an alarm after consecutive failures. An
 * enterprise whose client certificate cannot be used fails alone: the failure is recorded in the attempt history
 * (naming the file expected) and the others are delivered.
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
    private final BaseDataService baseData;
    private final ItemCodeCheck itemCodes;
    private final UploadQueue queue;
    private final AttemptLog attempts;
    private final UploadAlarms alarms;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReplicaId replica;
    private final Counter sent;
    private final Counter failed;
    private final Counter refused;
    private final Timer latency;
    private ScheduledExecutorService executor;

    public RealtimeDelivery(UploaderProperties props, EnterpriseDirectory directory, EnterpriseConfigFeed configFeed,
                            PlatformClients clients, RegistrationService registrations, BaseDataService baseData,
                            ItemCodeCheck itemCodes, UploadQueue queue, AttemptLog attempts, UploadAlarms alarms,
                            TransactionTemplate tx, MeterRegistry registry, Clock clock, ReplicaId replica) {
        this.props = props;
        this.directory = directory;
        this.configFeed = configFeed;
        this.platforms = props.platforms().stream().collect(Collectors.toMap(PlatformConfig::id, Function.identity()));
        this.clients = clients;
        this.registrations = registrations;
        this.baseData = baseData;
        this.itemCodes = itemCodes;
        this.queue = queue;
        this.attempts = attempts;
        this.alarms = alarms;
        this.tx = tx;
        this.clock = clock;
        this.replica = replica;
        this.sent = Counter.builder("uploader_items_sent_total").register(registry);
        this.failed = Counter.builder("uploader_items_failed_total").register(registry);
        this.refused = Counter.builder("uploader_items_refused_total")
                .description("items refused locally before sending (statDate not fitting the statType)")
                .register(registry);
        this.latency = Timer.builder("uploader_request_duration").tag("operation", "uploadData").register(registry);
    }

    /**
     * One delivery round over every enterprise and enabled target. A target naming a platform that is not configured
     * is skipped (reported when the configuration arrived); its values stay queued.
     */
    public void deliverAll() {
        baseData.refresh();
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

    /** One target of one enterprise during one round: its client, its registration, whether it was renewed. */
    private static final class Session {
        final PlatformConfig platform;
        final Enterprise e;
        final PlatformDialect dialect;
        Registration reg;
        boolean reRegistered;

        Session(PlatformConfig platform, Enterprise e, PlatformDialect dialect, Registration reg) {
            this.platform = platform;
            this.e = e;
            this.dialect = dialect;
            this.reg = reg;
        }
    }

    /** What one claim took: its token, how many rows, and those to send. */
    private record Claim(UUID token, int claimed, List<Item> toSend) {
    }

    private void deliver(PlatformConfig platform, Enterprise e) {
        PlatformDialect dialect;
        try {
            dialect = clients.dialect(platform, e);
        } catch (CredentialsException ex) {
            credentialsUnusable(platform, e, ex);
            return;
        }
        Session s = new Session(platform, e, dialect, registrations.ensureRegistered(platform, e, dialect));
        baseData.ensureCurrent(platform, e, dialect, s.reg).ifPresent(base -> itemCodes.check(platform.id(), e, base));
        for (int statType = 0; statType <= 3; statType++) {
            LocalDateTime before = statType == 0 ? null : closedBefore(statType, s.reg);
            if (statType > 0 && before == null) {
                continue; // day, month and year values wait for the platform's upload time
            }
            int type = statType;
            while (true) {
                Claim c = tx.execute(status -> claim(s, type, before));
                if (c == null || c.claimed() == 0) {
                    break;
                }
                if (!c.toSend().isEmpty()) {
                    deliverClaimed(s, c);
                }
                if (c.claimed() < props.batchSize()) {
                    break;
                }
            }
        }
    }

    /** The upload time when the platform's registration answer assigned none: after midnight, the day closed. */
    static final LocalTime DEFAULT_UPLOAD_TIME = LocalTime.of(1, 0);

    /**
     * The daily batch (§10.4, §6.4): day values (statType 1) of closed days, month values (2) of closed months and
     * year values (3) of closed years are sent once the platform's {@code uploadTime} of the day has passed (in the
     * platform's zone), then at every round for the rest of the day, so a re-version (补传) goes out the same day.
     * Returns the start of the first period not closed yet, or null while today's upload time has not come.
     */
    LocalDateTime closedBefore(int statType, Registration reg) {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PLATFORM_ZONE);
        LocalTime uploadTime = reg == null || reg.uploadTime() == null ? DEFAULT_UPLOAD_TIME : reg.uploadTime();
        if (now.toLocalTime().isBefore(uploadTime)) {
            return null;
        }
        LocalDate today = now.toLocalDate();
        return switch (statType) {
            case 1 -> today.atStartOfDay();
            case 2 -> today.withDayOfMonth(1).atStartOfDay();
            case 3 -> today.withDayOfYear(1).atStartOfDay();
            default -> throw new IllegalArgumentException("not a period stat type: " + statType);
        };
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

    /**
     * Claims a batch (runs in a short transaction that commits before anything is sent), withdraws the items the
     * configuration stopped reporting and refuses those whose statDate does not fit their statType.
     */
    private Claim claim(Session s, int statType, LocalDateTime statDateBefore) {
        PlatformConfig platform = s.platform;
        Enterprise e = s.e;
        UUID token = UUID.randomUUID();
        List<Item> items = queue.claimDue(platform.id(), e.tenantId(), e.enterpriseCode(), statType, statDateBefore,
                props.batchSize(), token, replica.value(), clock.instant(), props.lease());
        List<Item> notReported = new ArrayList<>();
        List<Item> toSend = new ArrayList<>();
        for (Item i : items) {
            if (!e.reports(i.dataCode(), i.statType())) {
                notReported.add(i);
                continue;
            }
            Optional<String> violation = StatDateRule.violation(i.dataCode(), i.statType(), i.statDate(),
                    props.realtimePeriod());
            if (violation.isPresent()) {
                queue.markRefused(platform.id(), e.tenantId(), e.enterpriseCode(), i, token, violation.get());
                attempts.record(new AttemptLog.Attempt(platform.id(), e.tenantId(), e.enterpriseCode(), "checkLocally",
                        1, false, null, null, violation.get(), 0L, null));
                refused.increment();
                log.warn("{}", violation.get());
            } else {
                toSend.add(i);
            }
        }
        if (!notReported.isEmpty()) {
            // the configuration may have stopped reporting an item's period after it was queued (its withdrawal runs
            // on the configuration's thread): such an item is withdrawn here, never sent
            queue.markNotReported(platform.id(), e, notReported);
            log.info("{} queued item(s) withdrawn instead of sent to {}: configuration revision {} does not report "
                    + "them", notReported.size(), platform.id(), e.revision());
        }
        return new Claim(token, items.size(), toSend);
    }

    private void deliverClaimed(Session s, Claim c) {
        if (send(s, c.token(), c.toSend()) == Outcome.REJECTED && c.toSend().size() > 1) {
            // a platform rejects the whole packet for one bad element: send each element alone, so that the good
            // ones are not held back by it and the bad one carries its own error and back-off; each under a renewed
            // lease, and only while this round still holds it
            for (Item item : c.toSend()) {
                Set<UploadQueue.Held> held = queue.renew(s.platform.id(), s.e.tenantId(), s.e.enterpriseCode(),
                        c.token(), clock.instant(), props.lease());
                if (held.isEmpty()) {
                    log.warn("claim of {} item(s) ran out while sending them one by one; another round has them",
                            c.toSend().size());
                    return;
                }
                if (held.contains(UploadQueue.Held.of(item))) {
                    send(s, c.token(), List.of(item));
                }
            }
        }
    }

    private enum Outcome { ACCEPTED, REJECTED, FAILED }

    /** A request's result: the platform's answer, or the failure that prevented one. */
    private record Attempted(UploadOutcome answer, RuntimeException failure, long millis) {
        boolean registrationLost() {
            return answer != null && RegistrationLost.indicatedBy(answer);
        }
    }

    /**
     * Sends items in one request and records the outcome (a rejected packet of several items is recorded as an
     * attempt, its items are left claimed for splitting). A refusal saying the registration is lost registers again
     * (once per round) and sends once more.
     */
    private Outcome send(Session s, UUID token, List<Item> items) {
        Attempted a = attempt(s, items);
        if (a.registrationLost() && !s.reRegistered) {
            recordAttempt(s, items, a);
            s.reRegistered = true;
            try {
                s.reg = registrations.reRegister(s.platform, s.e, s.dialect, s.reg);
            } catch (RuntimeException ex) {
                return record(s, token, items, new Attempted(null, ex, 0), false);
            }
            a = attempt(s, items);
        }
        return record(s, token, items, a, true);
    }

    private Attempted attempt(Session s, List<Item> items) {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PLATFORM_ZONE).withNano(0);
        List<DataRecord> records = items.stream()
                .map(i -> new DataRecord(i.dataCode(), i.value(), i.inputType(), i.statType(), i.statDate(), now,
                        i.scope(), i.valid()))
                .toList();
        long t0 = System.nanoTime();
        try {
            UploadOutcome out = s.dialect.uploadData(s.reg, records);
            latency.record(out.latency());
            return new Attempted(out, null, out.latency().toMillis());
        } catch (RuntimeException ex) {
            // transport failures, and anything else that kept the request from an answer: retried after back-off
            return new Attempted(null, ex, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void recordAttempt(Session s, List<Item> items, Attempted a) {
        attempts.record(attemptOf(s, items, a));
    }

    private AttemptLog.Attempt attemptOf(Session s, List<Item> items, Attempted a) {
        UploadOutcome out = a.answer();
        if (out == null) {
            return new AttemptLog.Attempt(s.platform.id(), s.e.tenantId(), s.e.enterpriseCode(), "uploadData",
                    items.size(), false, null, null, a.failure().getMessage(), a.millis(), null);
        }
        return new AttemptLog.Attempt(s.platform.id(), s.e.tenantId(), s.e.enterpriseCode(), "uploadData",
                items.size(), out.accepted(), out.httpStatus(), out.responseCode(), out.responseMessage(),
                out.latency().toMillis(), out.requestBody());
    }

    /** Records the outcome in a new short transaction, where this round's claim still stands. */
    private Outcome record(Session s, UUID token, List<Item> items, Attempted a, boolean logAttempt) {
        String platformId = s.platform.id();
        String tenantId = s.e.tenantId();
        String code = s.e.enterpriseCode();
        Instant now = clock.instant();
        UploadOutcome out = a.answer();
        if (out != null && out.accepted()) {
            tx.executeWithoutResult(st -> {
                attempts.record(attemptOf(s, items, a));
                queue.markSent(platformId, tenantId, code, items, token, now);
            });
            sent.increment(items.size());
            alarms.succeeded(platformId, tenantId, code, now);
            return Outcome.ACCEPTED;
        }
        String error;
        Outcome outcome;
        if (out == null) {
            error = (a.failure() instanceof PlatformTransportException ? "transport: " : "failed: ")
                    + a.failure().getMessage();
            outcome = Outcome.FAILED;
        } else {
            error = "rejected: " + out.responseCode() + " " + out.responseMessage();
            // a lost registration is not one element's fault: splitting the packet would not help
            outcome = items.size() > 1 && !a.registrationLost() ? Outcome.REJECTED : Outcome.FAILED;
        }
        tx.executeWithoutResult(st -> {
            if (logAttempt) {
                attempts.record(attemptOf(s, items, a));
            }
            if (outcome == Outcome.FAILED) {
                queue.markFailed(platformId, tenantId, code, items, token, error, now, props.firstBackoff(),
                        props.maxBackoff());
            }
        });
        if (outcome == Outcome.FAILED) {
            failed.increment(items.size());
        }
        log.warn("upload of {} item(s) to {} failed: {}", items.size(), platformId, error);
        alarms.failed(platformId, tenantId, code, error, now);
        return outcome;
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
