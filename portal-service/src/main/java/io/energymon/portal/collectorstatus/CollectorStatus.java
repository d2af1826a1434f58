package io.energymon.portal.collectorstatus;

import java.util.List;
import java.util.Map;

/**
 * The status of an enterprise's devices as its collectors report it: only the devices of this tenant and enterprise,
 * the counts per supervision state over them, and every collector that did not answer.
 *
 * @param states      devices per state ({@code ONLINE}, {@code RETRYING}, {@code DEFECTIVE}) among {@code devices}
 * @param devices     the enterprise's devices, per collector that answered
 * @param unreachable the collectors that did not answer (their devices are unknown)
 */
public record CollectorStatus(String tenantId, String enterpriseCode, Map<String, Integer> states,
                              List<Device> devices, List<Unreachable> unreachable) {

    /** A device as its collector supervises it (times ISO-8601 instants as the collector wrote them). */
    public record Device(String collectorId, String deviceId, String protocol, int points, String state,
                         String stateSince, int consecutiveFailures, String nextAttempt, String lastSuccess,
                         String lastFailure, String lastError) {
    }

    /** A collector that did not answer: its URL and why (bilingual). */
    public record Unreachable(String collector, String reason) {
    }
}
