package io.energymon.collector.opcua;

import io.energymon.collector.poll.PollPlan.DevicePlan;
import io.energymon.collector.poll.PollPlan.EnterprisePlan;
import io.energymon.collector.poll.PollPlanner;
import io.energymon.domain.config.Protocol;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/opcua/{enterpriseCode}/{deviceId}?node=ns=2;s=Boiler1}: browses the OPC UA server of a device
 * of this collector's plan (only those: the endpoint never connects to an address given in the request). Without
 * {@code node}, the Objects folder. Answers the children, or the reason the browse failed. Not exposed by default:
 * add {@code opcua} to {@code management.endpoints.web.exposure.include} while commissioning (it shows process values
 * and opens sessions to the devices).
 */
@Component
@Endpoint(id = "opcua")
public class OpcUaBrowseEndpoint {
    private final PollPlanner planner;
    private final OpcUaBrowser browser;

    public OpcUaBrowseEndpoint(PollPlanner planner, OpcUaBrowser browser) {
        this.planner = planner;
        this.browser = browser;
    }

    /** The answer: the children of the node, or the error. */
    public record Answer(String deviceId, String node, List<OpcUaBrowser.Entry> children, String error) {
    }

    @ReadOperation
    public Answer browse(@Selector String enterpriseCode, @Selector String deviceId, @Nullable String node) {
        DevicePlan device = null;
        for (EnterprisePlan e : planner.plan().enterprises().values()) {
            if (e.enterpriseCode().equals(enterpriseCode) && e.device(deviceId) != null) {
                device = e.device(deviceId);
                break;
            }
        }
        if (device == null || device.device().protocol() != Protocol.OPC_UA) {
            return new Answer(deviceId, node, List.of(), "设备不存在 / no OPC UA device " + deviceId + " of enterprise "
                    + enterpriseCode + " is polled by this collector");
        }
        try {
            return new Answer(deviceId, node, browser.browse(device.device(), node), null);
        } catch (OpcUaConnectException | IllegalArgumentException e) {
            return new Answer(deviceId, node, List.of(), e.getMessage());
        }
    }
}
