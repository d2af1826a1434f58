package io.energymon.uploader.basedata;

import io.energymon.codes.itemcode.DataItemCodeValidator;
import io.energymon.codes.itemcode.LayoutProfile;
import io.energymon.codes.itemcode.Scope;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.uploader.alarm.UploadAlarms;
import io.energymon.uploader.directory.Enterprise;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Validates the configured data items of an enterprise ({@code config.v1}) against a platform's current code lists
 * ({@link DataItemCodeValidator}: scope rules, data class, and each segment against its list) and keeps
 * {@code item_code_invalid} in step: an item the lists reject gets a row, so that its queued values are not sent
 * with a code the platform does not know (the claim skips them; they stay {@code PENDING}, the reason in
 * {@code last_error}), and one {@value #TYPE} alarm on {@code alarms.v1}; an item valid again (a newer list, or a
 * corrected configuration) loses its row, the alarm is cleared and its values go out at the next round.
 *
 * <p>Runs when the enterprise's configuration revision or the platform's dicVersion differs from those last checked
 * by this instance (so after a restart once, harmlessly: the rows already there raise nothing new). Replicas raise an
 * alarm once between them: the one whose insert creates the row publishes it; a publication that fails removes the
 * row again, and the next round tries again.
 */
@Component
public class ItemCodeCheck {
    /** The alarm type of a configured item whose code the platform's code lists reject. */
    public static final String TYPE = "ITEM_CODE_INVALID";
    private static final Logger log = LoggerFactory.getLogger(ItemCodeCheck.class);

    private final JdbcClient jdbc;
    private final UploadAlarms alarms;
    private final Clock clock;
    private final Counter invalid;
    /** (platform, tenant/USCC) -> "revision/dicVersion" last checked. */
    private final Map<String, String> checked = new ConcurrentHashMap<>();

    public ItemCodeCheck(JdbcClient jdbc, UploadAlarms alarms, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.alarms = alarms;
        this.clock = clock;
        this.invalid = Counter.builder("uploader_item_codes_invalid_total")
                .description("configured data items found invalid against a platform's code lists").register(registry);
    }

    /** Checks the enterprise's items against the platform's lists unless this revision and version were checked. */
    public void check(String platformId, Enterprise e, BaseDataService.Current base) {
        String key = platformId + "|" + e.key();
        String mark = e.revision() + "/" + base.versions().dicVersion();
        if (mark.equals(checked.get(key))) {
            return;
        }
        if (reconcile(platformId, e, base, findings(e, base))) {
            checked.put(key, mark);
        }
    }

    /** The items the lists reject, with the reason (bilingual). */
    static Map<String, String> findings(Enterprise e, BaseDataService.Current base) {
        DataItemCodeValidator validator = new DataItemCodeValidator(base.lists());
        Optional<LayoutProfile> layout = layout(e.layoutProfile());
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Integer> item : e.scopes().entrySet()) {
            String code = item.getKey();
            if (layout.isEmpty()) {
                out.put(code, "编码布局“" + e.layoutProfile() + "”未知（应为 NHJC16 或 DB36_17） / unknown layout profile '"
                        + e.layoutProfile() + "' (expected NHJC16 or DB36_17)");
                continue;
            }
            Optional<Scope> scope = Scope.ofCode(item.getValue());
            if (scope.isEmpty()) {
                out.put(code, "统计范围“" + item.getValue() + "”应为1至4 / scope " + item.getValue() + " must be 1..4");
                continue;
            }
            ValidationResult r = validator.validate(code, layout.get(), scope.get());
            if (!r.isValid()) {
                out.put(code, r.errors().stream().map(Violation::message).collect(Collectors.joining("; ")));
            }
        }
        return out;
    }

    private static Optional<LayoutProfile> layout(String name) {
        try {
            return Optional.of(LayoutProfile.valueOf(name));
        } catch (IllegalArgumentException | NullPointerException ex) {
            return Optional.empty();
        }
    }

    /** @return true when every alarm due was published */
    private boolean reconcile(String platformId, Enterprise e, BaseDataService.Current base,
                              Map<String, String> findings) {
        Map<String, String> existing = new HashMap<>(); // data code -> reason
        jdbc.sql("select data_code, reason from item_code_invalid "
                        + "where platform_id = ? and tenant_id = ? and enterprise_code = ?")
                .params(platformId, e.tenantId(), e.enterpriseCode())
                .query(rs -> {
                    existing.put(rs.getString(1), rs.getString(2));
                });
        Instant now = clock.instant();
        String dicVersion = base.versions().dicVersion();
        boolean allPublished = true;
        for (Map.Entry<String, String> f : findings.entrySet()) {
            String code = f.getKey();
            String reason = "编码不被平台代码表（版本 " + dicVersion + "）接受，暂不上传 / code rejected by the platform's code "
                    + "lists (dicVersion " + dicVersion + "), held back: " + f.getValue();
            String was = existing.get(code);
            if (was != null) {
                if (!was.equals(reason)) {
                    jdbc.sql("update item_code_invalid set reason = ?, dic_version = ? where platform_id = ? "
                                    + "and tenant_id = ? and enterprise_code = ? and data_code = ?")
                            .params(reason, dicVersion, platformId, e.tenantId(), e.enterpriseCode(), code).update();
                }
            } else {
                allPublished &= raise(platformId, e, code, dicVersion, reason, now);
            }
            notePending(platformId, e, code, reason);
        }
        for (String code : existing.keySet()) {
            if (!findings.containsKey(code)) {
                clear(platformId, e, code, dicVersion, now);
            }
        }
        return allPublished;
    }

    private boolean raise(String platformId, Enterprise e, String code, String dicVersion, String reason,
                          Instant now) {
        UUID id = UUID.randomUUID();
        int mine = jdbc.sql("""
                        insert into item_code_invalid (platform_id, tenant_id, enterprise_code, data_code, dic_version,
                                                       reason, alarm_id, detected_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(platformId, e.tenantId(), e.enterpriseCode(), code, dicVersion, reason, id,
                        Timestamp.from(now))
                .update();
        if (mine == 0) {
            return true; // another replica holds it
        }
        invalid.increment();
        String message = "数据项 " + code + " 的编码不被平台 " + platformId + " 的代码表（版本 " + dicVersion + "）接受，其数据暂不上传 / "
                + "data item " + code + " is rejected by the code lists of platform " + platformId + " (dicVersion "
                + dicVersion + "); its values are held back: " + reason;
        if (alarms.publish(new AlarmEvent(id, id, e.tenantId(), e.enterpriseCode(), UploadAlarms.SOURCE, TYPE,
                subject(platformId, code), AlarmEvent.State.RAISED, message, now))) {
            log.warn("alarm raised: {}", message);
            return true;
        }
        jdbc.sql("delete from item_code_invalid where platform_id = ? and tenant_id = ? and enterprise_code = ? "
                        + "and data_code = ? and alarm_id = ?")
                .params(platformId, e.tenantId(), e.enterpriseCode(), code, id).update();
        return false;
    }

    private void clear(String platformId, Enterprise e, String code, String dicVersion, Instant now) {
        Optional<UUID> alarmId = jdbc.sql("""
                        delete from item_code_invalid
                         where platform_id = ? and tenant_id = ? and enterprise_code = ? and data_code = ?
                        returning alarm_id
                        """)
                .params(platformId, e.tenantId(), e.enterpriseCode(), code)
                .query((rs, i) -> rs.getObject(1, UUID.class)).optional();
        if (alarmId.isEmpty()) {
            return; // another replica cleared it
        }
        jdbc.sql("update upload_item set last_error = null, updated_at = now() where platform_id = ? and tenant_id = ? "
                        + "and enterprise_code = ? and data_code = ? and status = 'PENDING' "
                        + "and last_error like '编码不被平台代码表%'")
                .params(platformId, e.tenantId(), e.enterpriseCode(), code).update();
        String message = "数据项 " + code + " 的编码已被平台 " + platformId + " 的代码表（版本 " + dicVersion + "）接受 / data item "
                + code + " is accepted by the code lists of platform " + platformId + " again (dicVersion "
                + dicVersion + ")";
        if (!alarms.publish(new AlarmEvent(UUID.randomUUID(), alarmId.get(), e.tenantId(), e.enterpriseCode(),
                UploadAlarms.SOURCE, TYPE, subject(platformId, code), AlarmEvent.State.CLEARED, message, now))) {
            log.warn("clearing of alarm {} not published: {}", alarmId.get(), message);
        } else {
            log.info("alarm cleared: {}", message);
        }
    }

    /** Notes the reason on the item's queued values, where the portal shows it. */
    private void notePending(String platformId, Enterprise e, String code, String reason) {
        jdbc.sql("update upload_item set last_error = ?, updated_at = now() where platform_id = ? and tenant_id = ? "
                        + "and enterprise_code = ? and data_code = ? and status = 'PENDING' "
                        + "and last_error is distinct from ?")
                .params(reason, platformId, e.tenantId(), e.enterpriseCode(), code, reason).update();
    }

    /** What the alarm is about within the enterprise: the platform and the item. */
    static String subject(String platformId, String dataCode) {
        return platformId + "/" + dataCode;
    }
}
