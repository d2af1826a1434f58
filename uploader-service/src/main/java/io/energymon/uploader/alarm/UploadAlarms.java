package io.energymon.uploader.alarm;

import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EventCodec;
import io.energymon.uploader.config.UploaderProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts consecutive failed requests per (platform, enterprise) in {@code delivery_health} and, after
 * {@code energymon.uploader.alarm-after-failures} of them, raises an {@code UPLOAD_FAILING} alarm on
 * {@code alarms.v1} (DB36 §6.4 f); the next accepted request clears it. Raised once per failing stretch across
 * replicas: the replica whose statement sets {@code alarm_id} publishes (a single committed statement, no
 * transaction open while Kafka answers); a publication that fails is undone so that the next failure (or success)
 * tries again.
 */
@Component
public class UploadAlarms {
    /** The alarm type of a platform that keeps failing for an enterprise. */
    public static final String TYPE = "UPLOAD_FAILING";
    public static final String SOURCE = "uploader";
    private static final Logger log = LoggerFactory.getLogger(UploadAlarms.class);

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final int threshold;
    private final Counter raised;
    private final Counter cleared;

    public UploadAlarms(JdbcClient jdbc, KafkaTemplate<String, byte[]> kafka, UploaderProperties props,
                        MeterRegistry registry) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.topic = props.alarmsTopic();
        this.threshold = props.alarmAfterFailures();
        this.raised = Counter.builder("uploader_alarms_total").tag("state", "raised")
                .description("upload alarms published on alarms.v1").register(registry);
        this.cleared = Counter.builder("uploader_alarms_total").tag("state", "cleared")
                .description("upload alarms published on alarms.v1").register(registry);
    }

    private record Health(int failures, UUID alarmId) {
    }

    /** A request to the platform failed (transport or refusal) for the enterprise. */
    public void failed(String platformId, String tenantId, String enterpriseCode, String error, Instant now) {
        Health h = jdbc.sql("""
                        insert into delivery_health (platform_id, tenant_id, enterprise_code, consecutive_failures,
                                                     last_error)
                        values (?, ?, ?, 1, ?)
                        on conflict (platform_id, tenant_id, enterprise_code) do update
                           set consecutive_failures = delivery_health.consecutive_failures + 1,
                               last_error = excluded.last_error, updated_at = now()
                        returning consecutive_failures, alarm_id
                        """)
                .params(platformId, tenantId, enterpriseCode, error)
                .query((rs, i) -> new Health(rs.getInt(1), rs.getObject(2, UUID.class))).single();
        if (h.failures() < threshold || h.alarmId() != null) {
            return;
        }
        UUID id = UUID.randomUUID();
        int mine = jdbc.sql("""
                        update delivery_health set alarm_id = ?
                         where platform_id = ? and tenant_id = ? and enterprise_code = ? and alarm_id is null
                        """)
                .params(id, platformId, tenantId, enterpriseCode).update();
        if (mine == 0) {
            return; // another replica raised it
        }
        String message = "连续 " + h.failures() + " 次上传到平台 " + platformId + " 失败：" + error + " / "
                + h.failures() + " consecutive uploads to platform " + platformId + " failed: " + error;
        if (publish(new AlarmEvent(id, id, tenantId, enterpriseCode, SOURCE, TYPE, platformId,
                AlarmEvent.State.RAISED, message, now))) {
            raised.increment();
            log.warn("alarm raised: {}", message);
        } else {
            jdbc.sql("update delivery_health set alarm_id = null where platform_id = ? and tenant_id = ? "
                            + "and enterprise_code = ? and alarm_id = ?")
                    .params(platformId, tenantId, enterpriseCode, id).update();
        }
    }

    /** A request to the platform was accepted for the enterprise: the count restarts, a raised alarm is cleared. */
    public void succeeded(String platformId, String tenantId, String enterpriseCode, Instant now) {
        List<UUID> was = jdbc.sql("""
                        with old as (select alarm_id from delivery_health
                                      where platform_id = ? and tenant_id = ? and enterprise_code = ?
                                        and (consecutive_failures > 0 or alarm_id is not null)
                                      for update)
                        update delivery_health d
                           set consecutive_failures = 0, last_error = null, alarm_id = null, updated_at = now()
                          from old
                         where d.platform_id = ? and d.tenant_id = ? and d.enterprise_code = ?
                        returning old.alarm_id
                        """)
                .params(platformId, tenantId, enterpriseCode, platformId, tenantId, enterpriseCode)
                .query((rs, i) -> rs.getObject(1, UUID.class)).list();
        UUID alarmId = was.isEmpty() ? null : was.getFirst();
        if (alarmId == null) {
            return;
        }
        String message = "上传到平台 " + platformId + " 已恢复 / uploads to platform " + platformId + " work again";
        if (publish(new AlarmEvent(UUID.randomUUID(), alarmId, tenantId, enterpriseCode, SOURCE, TYPE, platformId,
                AlarmEvent.State.CLEARED, message, now))) {
            cleared.increment();
            log.info("alarm cleared: {}", message);
        } else {
            jdbc.sql("update delivery_health set alarm_id = ? where platform_id = ? and tenant_id = ? "
                            + "and enterprise_code = ? and alarm_id is null")
                    .params(alarmId, platformId, tenantId, enterpriseCode).update();
        }
    }

    /** Publishes an alarm event on {@code alarms.v1}; false when Kafka did not take it within 10 s. */
    public boolean publish(AlarmEvent event) {
        try {
            kafka.send(topic, event.enterpriseCode(), EventCodec.encode(event)).get(10, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("alarm not published (interrupted): {}", event);
            return false;
        } catch (Exception e) {
            log.warn("alarm not published to {}: {}", topic, e.toString());
            return false;
        }
    }
}
