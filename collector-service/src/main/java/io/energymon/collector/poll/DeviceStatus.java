package io.energymon.collector.poll;

import java.time.Instant;

/**
 * One device of the poll plan as its supervision sees it (the {@code devices} actuator endpoint).
 *
 * @param points              points the collector reads from it
 * @param stateSince          when it entered {@code state}
 * @param consecutiveFailures failed slots in a row (0 when ONLINE)
 * @param nextAttempt         when it is asked again (null when ONLINE: every slot)
 * @param lastSuccess         last answered read, or null
 * @param lastFailure         last failed slot, or null
 * @param lastError           reason of the last failed slot, or null
 */
public record DeviceStatus(String tenantId, String enterpriseCode, String deviceId, String protocol, int points,
                           DeviceState state, Instant stateSince, int consecutiveFailures, Instant nextAttempt,
                           Instant lastSuccess, Instant lastFailure, String lastError) {
}
