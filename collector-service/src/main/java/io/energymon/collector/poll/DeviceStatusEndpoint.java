package io.energymon.collector.poll;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * Actuator endpoint {@code devices} ({@code GET /actuator/devices}): the collector's status per device, with its
 * supervision state, last success and last error, and the counts per state. Read-only; exposed on the management
 * port next to health and prometheus.
 */
@Component
@Endpoint(id = "devices")
public class DeviceStatusEndpoint {
    private final Poller poller;

    public DeviceStatusEndpoint(Poller poller) {
        this.poller = poller;
    }

    /** The status of the collector's devices. */
    public record Report(String collectorId, Map<DeviceState, Long> states, List<DeviceStatus> devices) {
    }

    @ReadOperation
    public Report devices() {
        List<DeviceStatus> devices = poller.devices();
        Map<DeviceState, Long> states = new EnumMap<>(DeviceState.class);
        for (DeviceState s : DeviceState.values()) {
            states.put(s, devices.stream().filter(d -> d.state() == s).count());
        }
        return new Report(poller.collectorId(), states, devices);
    }
}
