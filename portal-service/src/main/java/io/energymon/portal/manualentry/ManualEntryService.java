package io.energymon.portal.manualentry;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.AuditEvent.Action;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.portal.audit.Auditor;
import io.energymon.portal.manualentry.ManualEntryView.Outcome;
import io.energymon.portal.manualentry.ManualEntryView.Submitted;
import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Versioned;
import io.energymon.security.Caller;
import io.energymon.security.CurrentCaller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manual entries (§6.3.4, §9.6.2): a person enters the quantity of a whole local day, week or month of a manual point
 * (product output, output value, a measured calorific value, a meter read by hand) with its evidence. One transaction
 * validates it against master data, stores it as the next version of its (point, period, start) — history kept —,
 * audits it ({@code MANUAL_ENTRY}, values before and after, attachments by id and hash), and writes the reading to
 * the outbox: the relay publishes it on {@code readings.v1} after the commit as a source-5 period reading of
 * collector {@code portal}, which the aggregator turns into the day and month values of the manual items (a correction
 * into their next versions, re-uploaded). A submission identical to the current version changes nothing; one that
 * changes only the comment or the evidence is a new version without a new reading.
 */
@Service
public class ManualEntryService {
    /** The collector id of the readings the portal publishes. */
    public static final String COLLECTOR_ID = "portal";
    static final Duration SLOT = Duration.ofMinutes(15);
    static final int MAX_LISTED = 1000;

    private final JdbcClient jdbc;
    private final EntryStore store;
    private final Attachments attachments;
    private final MasterDataService masterData;
    private final Auditor audit;
    private final CurrentCaller callers;
    private final ManualEntryProperties props;
    private final Clock clock = Clock.systemUTC();

    public ManualEntryService(JdbcClient jdbc, EntryStore store, Attachments attachments, MasterDataService masterData,
                              Auditor audit, CurrentCaller callers, ManualEntryProperties props) {
        this.jdbc = jdbc;
        this.store = store;
        this.attachments = attachments;
        this.masterData = masterData;
        this.audit = audit;
        this.callers = callers;
        this.props = props;
    }

    @Transactional
    public Submitted submit(String tenantId, String enterpriseCode, ManualEntryRequest r) {
        ZoneId zone = Attachments.activeEnterprise(masterData, tenantId, enterpriseCode).zone();
        Map<String, PointConfig> points = masterData.list(tenantId, enterpriseCode, Kind.POINTS, false).stream()
                .map(Versioned::data).collect(Collectors.toMap(PointConfig::id, Function.identity()));
        List<UUID> ids = r.attachmentIds() == null ? List.of() : r.attachmentIds();
        Map<UUID, ManualEntryView.Attachment> found = attachments.infos(tenantId, enterpriseCode,
                        ids.stream().filter(Objects::nonNull).distinct().toList())
                .stream().collect(Collectors.toMap(ManualEntryView.Attachment::id, Function.identity()));
        List<Violation> violations = EntryRules.check(r, points, LocalDate.now(clock.withZone(zone)),
                props.oldestPeriodMonths(), found.keySet());
        if (!violations.isEmpty()) {
            throw new MasterDataException.Invalid(violations);
        }
        String comment = r.comment() == null || r.comment().isBlank() ? null : r.comment().strip();
        EntryStore.Current wanted = new EntryStore.Current(r.value(), r.unit().strip(), comment,
                ids.stream().sorted().toList());
        EntryStore.Locked entry = store.lock(tenantId, enterpriseCode, r.pointId(), r.period(), r.periodStart());
        Optional<EntryStore.Current> current = store.current(entry);
        if (current.isPresent() && same(current.get(), wanted)) {
            return new Submitted(Outcome.UNCHANGED, false, view(tenantId, enterpriseCode, zone, entry.entryId()));
        }
        boolean newValue = current.isEmpty() || current.get().value().compareTo(wanted.value()) != 0
                || !current.get().unit().equals(wanted.unit());
        Instant ts = r.periodStart().atStartOfDay(zone).toInstant();
        UUID batchId = null;
        if (newValue) {
            batchId = publish(tenantId, enterpriseCode, Reading.entry(r.pointId(), r.period(), ts, r.value(), 5));
        }
        Caller caller = callers.get();
        int version = entry.version() + 1;
        store.addVersion(entry, version, wanted, caller.subject(), Attachments.username(caller), batchId);
        audit.record(Action.MANUAL_ENTRY, tenantId, enterpriseCode, "manual-entry",
                r.pointId() + "@" + r.period() + "/" + r.periodStart(),
                detail(current, wanted, entry.version(), version, ts, batchId, found));
        return new Submitted(current.isEmpty() ? Outcome.CREATED : Outcome.CORRECTED, newValue,
                view(tenantId, enterpriseCode, zone, entry.entryId()));
    }

    /**
     * The enterprise's entries whose period starts in [{@code from}, {@code to}) (either may be null), of one point or
     * all, latest period first, at most {@value #MAX_LISTED}.
     */
    @Transactional(readOnly = true)
    public List<ManualEntryView> list(String tenantId, String enterpriseCode, LocalDate from, LocalDate to,
                                      String pointId) {
        EnterpriseProfile e = masterData.enterprise(tenantId, enterpriseCode).data();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new MasterDataException.Invalid(List.of(Violation.error("to", "range", "after from",
                    "结束日期" + to + "应晚于开始日期" + from, "to (" + to + ") must be after from (" + from + ")")));
        }
        return views(e.zone(), store.entries(tenantId, enterpriseCode, null, pointId, from, to, MAX_LISTED));
    }

    /** The reading in the outbox, sent by the relay after the commit (never a Kafka send inside the transaction). */
    private UUID publish(String tenantId, String enterpriseCode, Reading reading) {
        Instant now = clock.instant();
        Instant slot = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), SLOT.toMillis()));
        ReadingBatch batch = new ReadingBatch(UUID.randomUUID(), tenantId, enterpriseCode, COLLECTOR_ID, slot, SLOT,
                List.of(reading));
        jdbc.sql("insert into outbox (topic, record_key, payload) values (?, ?, ?)")
                .params(props.readingsTopic(), enterpriseCode, EventCodec.encode(batch)).update();
        return batch.batchId();
    }

    private ManualEntryView view(String tenantId, String enterpriseCode, ZoneId zone, long entryId) {
        return views(zone, store.entries(tenantId, enterpriseCode, entryId, null, null, null, 1)).getFirst();
    }

    private List<ManualEntryView> views(ZoneId zone, List<EntryStore.Row> rows) {
        Map<Long, List<ManualEntryView.Version>> versions = store.versions(rows);
        return rows.stream().map(e -> new ManualEntryView(e.pointId(), e.period(), e.periodStart(),
                e.periodStart().atStartOfDay(zone).toInstant(), e.version(),
                versions.getOrDefault(e.entryId(), List.of()))).toList();
    }

    private static boolean same(EntryStore.Current a, EntryStore.Current b) {
        return a.value().compareTo(b.value()) == 0 && a.unit().equals(b.unit())
                && Objects.equals(a.comment(), b.comment())
                && Set.copyOf(a.attachmentIds()).equals(Set.copyOf(b.attachmentIds()));
    }

    /** The audit's facts: values and versions before and after, the evidence by name and hash (never content). */
    private static Map<String, Object> detail(Optional<EntryStore.Current> before, EntryStore.Current after,
                                              int versionBefore, int versionAfter, Instant ts, UUID batchId,
                                              Map<UUID, ManualEntryView.Attachment> files) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("versionBefore", versionBefore);
        d.put("versionAfter", versionAfter);
        before.ifPresent(b -> {
            d.put("valueBefore", b.value().toPlainString());
            d.put("unitBefore", b.unit());
            d.put("attachmentsBefore", b.attachmentIds().stream().map(UUID::toString).toList());
        });
        d.put("valueAfter", after.value().toPlainString());
        d.put("unitAfter", after.unit());
        d.put("ts", ts.toString());
        d.put("attachmentsAfter", after.attachmentIds().stream().map(id -> Map.of("id", id.toString(),
                "fileName", files.get(id).fileName(), "sha256", files.get(id).sha256())).toList());
        if (batchId != null) {
            d.put("readingBatchId", batchId.toString());
        }
        return d;
    }
}
