package io.energymon.aggregator.alarm;

import io.energymon.domain.tenancy.EnterpriseRef;
import java.time.Instant;

/**
 * One look at a watched condition: bad or good, when, and for a bad one what was seen.
 *
 * @param subject  what it is about within the enterprise (point id, data code, meter code)
 * @param at       when the observed data was (an interval's end, a value's period, the time of the check)
 * @param detailZh what was seen, in Chinese (for the message of a raise), null for a good observation
 * @param detailEn the same in English
 */
public record Observation(EnterpriseRef enterprise, AlarmKind kind, String subject, boolean bad, Instant at,
                          String detailZh, String detailEn) {

    public static Observation bad(EnterpriseRef e, AlarmKind kind, String subject, Instant at, String detailZh,
                                  String detailEn) {
        return new Observation(e, kind, subject, true, at, detailZh, detailEn);
    }

    public static Observation good(EnterpriseRef e, AlarmKind kind, String subject, Instant at) {
        return new Observation(e, kind, subject, false, at, null, null);
    }

    Key key() {
        return new Key(enterprise.tenantId(), enterprise.enterpriseCode(), kind.name(), subject);
    }

    record Key(String tenantId, String enterpriseCode, String type, String subject) {
    }
}
