package io.energymon.portal.meterevent;

import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.AuditEvent.Action;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.MeterEvent;
import io.energymon.domain.event.MeterEvent.MeterEventType;
import io.energymon.domain.event.MeterEvent.PointReadings;
import io.energymon.portal.audit.Auditor;
import io.energymon.portal.config.PortalProperties;
import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a meter's life event (replacement, reset, recalibration) with the final and initial readings of its
 * cumulative points, updates the meter's master data (new serial number, verification date), and publishes the
 * event on {@code meter-events.v1} through the outbox, and audits it ({@code METER_EVENT_RECORDED}), all in one
 * transaction.
 */
@Service
public class MeterEventService {
    private final JdbcClient jdbc;
    private final MasterDataService masterData;
    private final PortalProperties props;
    private final Auditor audit;

    public MeterEventService(JdbcClient jdbc, MasterDataService masterData, PortalProperties props, Auditor audit) {
        this.jdbc = jdbc;
        this.masterData = masterData;
        this.props = props;
        this.audit = audit;
    }

    @Transactional
    public MeterEvent record(String tenantId, String enterpriseCode, String meterCode, MeterEventRequest r) {
        Versioned<MeterConfig> meter = masterData.get(tenantId, enterpriseCode, Kind.METERS, meterCode);
        if (meter.retired()) {
            throw MasterDataException.NotFound.of(Kind.METERS, meterCode);
        }
        Map<String, PointConfig> counters = masterData.list(tenantId, enterpriseCode, Kind.POINTS, false).stream()
                .map(Versioned::data)
                .filter(p -> meterCode.equals(p.meterCode()) && p.kind() == PointKind.CUMULATIVE)
                .collect(Collectors.toMap(PointConfig::id, p -> p));
        validate(r, counters);
        MeterEvent event = new MeterEvent(UUID.randomUUID(), tenantId, enterpriseCode, meterCode, r.type(),
                r.occurredAt(), r.readings(), r.newSerialNumber(), r.note(), r.recordedBy(), Instant.now());
        byte[] payload = EventCodec.encode(event);
        jdbc.sql("insert into meter_event (event_id, tenant_id, enterprise_code, meter_code, type, occurred_at, body) "
                        + "values (?, ?, ?, ?, ?, ?, ?::jsonb)")
                .params(event.eventId(), tenantId, enterpriseCode, meterCode, r.type().name(),
                        r.occurredAt().atOffset(ZoneOffset.UTC), new String(payload, StandardCharsets.UTF_8))
                .update();
        jdbc.sql("insert into outbox (topic, record_key, payload) values (?, ?, ?)")
                .params(props.meterEventsTopic(), enterpriseCode, payload).update();
        audit.record(Action.METER_EVENT_RECORDED, tenantId, enterpriseCode, "meters", meterCode,
                Map.of("type", r.type().name(), "occurredAt", r.occurredAt().toString(),
                        "eventId", event.eventId().toString(), "points", event.readings().size()));
        MeterConfig m = meter.data();
        MeterConfig updated = switch (r.type()) {
            case REPLACED -> new MeterConfig(m.code(), m.name(), r.newSerialNumber(), m.model(), m.accuracyClass(),
                    r.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate(), m.verificationIntervalMonths(),
                    m.equipmentCode(), m.energyCode(), m.parentMeterCode());
            case RECALIBRATED -> new MeterConfig(m.code(), m.name(), m.serialNumber(), m.model(), m.accuracyClass(),
                    r.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate(), m.verificationIntervalMonths(),
                    m.equipmentCode(), m.energyCode(), m.parentMeterCode());
            case RESET -> m;
        };
        if (!updated.equals(m)) {
            masterData.update(tenantId, enterpriseCode, Kind.METERS, meterCode, updated, meter.version());
        }
        return event;
    }

    private static void validate(MeterEventRequest r, Map<String, PointConfig> counters) {
        List<Violation> out = new ArrayList<>();
        if (r.type() == null) {
            out.add(Violation.error("type", "required", "REPLACED, RESET or RECALIBRATED", "事件类型不能为空",
                    "type is required"));
        }
        if (r.occurredAt() == null) {
            out.add(Violation.error("occurredAt", "required", "an instant", "发生时间不能为空", "occurredAt is required"));
        } else if (r.occurredAt().isAfter(Instant.now().plusSeconds(300))) {
            out.add(Violation.error("occurredAt", "date.future", "not in the future", "发生时间不能晚于当前时间",
                    "occurredAt must not be in the future"));
        }
        if (r.type() == MeterEventType.REPLACED && (r.newSerialNumber() == null || r.newSerialNumber().isBlank())) {
            out.add(Violation.error("newSerialNumber", "required", "the new meter's serial number",
                    "换表时必须填写新表出厂编号", "a replacement needs the new meter's serial number"));
        }
        List<PointReadings> readings = r.readings() == null ? List.of() : r.readings();
        if (r.type() != MeterEventType.RECALIBRATED && !counters.isEmpty()) {
            Set<String> given = readings.stream().map(PointReadings::pointId).collect(Collectors.toSet());
            for (String id : counters.keySet()) {
                if (!given.contains(id)) {
                    out.add(Violation.error("readings", "meter-event.readings", "final and initial readings of " + id,
                            "缺少累积量采集点“" + id + "”的旧表止码和新表起码",
                            "final and initial readings of cumulative point '" + id + "' are missing"));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < readings.size(); i++) {
            PointReadings p = readings.get(i);
            String f = "readings[" + i + "]";
            if (!counters.containsKey(p.pointId())) {
                out.add(Violation.error(f + ".pointId", "reference", "a cumulative point of this meter",
                        "采集点“" + p.pointId() + "”不是本表的累积量采集点",
                        "point '" + p.pointId() + "' is not a cumulative point of this meter"));
            }
            if (!seen.add(p.pointId())) {
                out.add(Violation.error(f + ".pointId", "duplicate", "each point once", "采集点“" + p.pointId() + "”重复",
                        "point '" + p.pointId() + "' given twice"));
            }
            if (p.finalReading() == null || p.finalReading().signum() < 0) {
                out.add(Violation.error(f + ".finalReading", "range", ">= 0", "旧表止码应为非负数",
                        "finalReading must be a number >= 0"));
            }
            if (p.initialReading() == null || p.initialReading().signum() < 0) {
                out.add(Violation.error(f + ".initialReading", "range", ">= 0", "新表起码应为非负数",
                        "initialReading must be a number >= 0"));
            }
        }
        if (!out.isEmpty()) {
            throw new MasterDataException.Invalid(out);
        }
    }

    @Transactional(readOnly = true)
    public List<MeterEvent> list(String tenantId, String enterpriseCode, String meterCode) {
        masterData.get(tenantId, enterpriseCode, Kind.METERS, meterCode);
        return jdbc.sql("select body::text from meter_event where tenant_id = ? and enterprise_code = ? and meter_code = ? "
                        + "order by occurred_at, recorded_at")
                .params(tenantId, enterpriseCode, meterCode)
                .query((rs, i) -> EventCodec.decode(rs.getString(1).getBytes(StandardCharsets.UTF_8), MeterEvent.class))
                .list();
    }

}
