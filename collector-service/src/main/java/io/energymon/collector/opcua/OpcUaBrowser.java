package io.energymon.collector.opcua;

import io.energymon.domain.config.DeviceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.springframework.stereotype.Component;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Commissioning: lists the children of one node of a device's OPC UA server (objects and variables, with the
 * current value of the variables), so that an operator finds the node ids to configure. Opens its own short session
 * with the device's settings, never the one the poller uses.
 */
@Component
public class OpcUaBrowser {
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(2);

    private final OpcUaConnector connector;

    public OpcUaBrowser(OpcUaConnector connector) {
        this.connector = connector;
    }

    /**
     * A child of the browsed node.
     *
     * @param nodeId      the node id to put in a point's address, e.g. {@code ns=2;s=Boiler1.SteamFlow}
     * @param nodeClass   {@code Object} or {@code Variable}
     * @param value       a variable's current value as text, or its bad status; null for objects
     */
    public record Entry(String nodeId, String browseName, String displayName, String nodeClass, String value) {
    }

    /**
     * The children of {@code nodeId} (default: the Objects folder, {@code i=85}).
     *
     * @throws OpcUaConnectException the server cannot be reached or refuses the session
     * @throws IllegalArgumentException the device is misconfigured or the node id is not one
     */
    public List<Entry> browse(DeviceConfig device, String nodeId) throws OpcUaConnectException {
        String problem = OpcUaConnector.deviceProblem(device);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        NodeId start = nodeId == null || nodeId.isBlank() ? NodeIds.ObjectsFolder : OpcUaValues.parseNodeId(nodeId);
        if (start == null) {
            throw new IllegalArgumentException("节点标识无效 / not a node id: " + nodeId);
        }
        OpcUaClient client = connector.connect(device, c -> { });
        try {
            BrowseResult result = client.browse(new BrowseDescription(start, BrowseDirection.Forward,
                    NodeIds.HierarchicalReferences, true,
                    uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                    uint(BrowseResultMask.All.getValue())));
            if (!result.getStatusCode().isGood()) {
                throw new IllegalArgumentException("浏览失败 / browsing " + nodeId + " failed: "
                        + OpcUaConnector.statusName(result.getStatusCode()));
            }
            List<ReferenceDescription> refs = result.getReferences() == null ? List.of()
                    : List.of(result.getReferences());
            List<NodeId> ids = new ArrayList<>();
            for (ReferenceDescription r : refs) {
                ids.add(r.getNodeId().toNodeId(client.getNamespaceTable()).orElse(NodeId.NULL_VALUE));
            }
            List<NodeId> variables = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                if (refs.get(i).getNodeClass() == NodeClass.Variable) {
                    variables.add(ids.get(i));
                }
            }
            List<DataValue> values = variables.isEmpty() ? List.of()
                    : client.readValues(0.0, TimestampsToReturn.Neither, variables);
            List<Entry> out = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                ReferenceDescription r = refs.get(i);
                String value = null;
                int v = r.getNodeClass() == NodeClass.Variable ? variables.indexOf(ids.get(i)) : -1;
                if (v >= 0) {
                    DataValue dv = values.get(v);
                    value = dv.getStatusCode() != null && !dv.getStatusCode().isGood()
                            ? OpcUaConnector.statusName(dv.getStatusCode())
                            : String.valueOf(dv.getValue().getValue());
                }
                out.add(new Entry(ids.get(i).toParseableString(), r.getBrowseName().toParseableString(),
                        r.getDisplayName().getText(), r.getNodeClass().name(), value));
            }
            return out;
        } catch (org.eclipse.milo.opcua.stack.core.UaException e) {
            throw new OpcUaConnectException("浏览失败 / browsing " + device.id() + " failed: "
                    + OpcUaConnector.describe(e), e);
        } finally {
            OpcUaConnector.disconnectQuietly(client, DISCONNECT_WAIT);
        }
    }
}
