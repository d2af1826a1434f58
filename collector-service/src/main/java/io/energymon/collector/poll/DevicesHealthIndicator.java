package io.energymon.collector.poll;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code devices}: always UP (a dead meter is reported as BAD readings, it does not make the
 * collector unhealthy, and it is not part of the readiness group), with the number of devices per supervision state
 * and the ids of the DEFECTIVE ones as details. The full list is {@code GET /actuator/devices}.
 */
@Component("devicesHealthIndicator")
public class DevicesHealthIndicator implements HealthIndicator {
    private final Poller poller;

    public DevicesHealthIndicator(Poller poller) {
        this.poller = poller;
    }

    @Override
    public Health health() {
        List<DeviceStatus> devices = poller.devices();
        Health.Builder b = Health.up();
        for (DeviceState s : DeviceState.values()) {
            b.withDetail(s.name().toLowerCase(Locale.ROOT),
                    devices.stream().filter(d -> d.state() == s).count());
        }
        return b.withDetail("defectiveDevices", devices.stream().filter(d -> d.state() == DeviceState.DEFECTIVE)
                .map(d -> d.enterpriseCode() + "/" + d.deviceId()).toList()).build();
    }
}
