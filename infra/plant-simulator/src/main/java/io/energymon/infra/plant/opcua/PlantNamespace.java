package io.energymon.infra.plant.opcua;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * The plant's address space: folders {@code Boiler1} and {@code Generator1} under Objects, with variables whose string
 * node ids are {@code <folder>.<name>} in the namespace {@link #URI} (index 2 on this server). Values are computed
 * from the clock at every read or sampling ({@link PlantProcess}); a few variables exist to exercise a client's error
 * handling: a String, a Boolean and one whose status is always {@code Bad_SensorFailure}.
 */
final class PlantNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:energymon:plant-simulator";

    private final Clock clock;
    private final SubscriptionModel subscriptionModel;

    PlantNamespace(OpcUaServer server, Clock clock) {
        super(server, URI);
        this.clock = clock;
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    private void addNodes() {
        UaFolderNode boiler = folder("Boiler1");
        variable(boiler, "Boiler1.SteamFlow", "steam flow, t/h", NodeIds.Double,
                now -> Variant.ofDouble(PlantProcess.steamFlow(now.instant())));
        variable(boiler, "Boiler1.SteamPressure", "steam pressure, MPa", NodeIds.Float,
                now -> Variant.ofFloat(PlantProcess.steamPressure(now.instant())));
        variable(boiler, "Boiler1.SteamTemperature", "steam temperature, °C", NodeIds.Double,
                now -> Variant.ofDouble(PlantProcess.steamTemperature(now.instant())));
        variable(boiler, "Boiler1.SteamTotal", "cumulative steam, t", NodeIds.Double,
                now -> Variant.ofDouble(PlantProcess.steamTotal(now.instant())));
        variable(boiler, "Boiler1.Running", "burner running", NodeIds.Boolean, now -> Variant.ofBoolean(true));
        variable(boiler, "Boiler1.Mode", "operating mode (text)", NodeIds.String, now -> Variant.ofString("AUTO"));
        node(boiler, "Boiler1.FlowSensorB", "second flow sensor (failed)", NodeIds.Double,
                now -> new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_SensorFailure), DateTime.now()));
        UaFolderNode generator = folder("Generator1");
        variable(generator, "Generator1.ActiveEnergy", "active energy, 0.01 kWh, wraps at 2^32", NodeIds.UInt32,
                now -> Variant.ofUInt32(uint(PlantProcess.electricEnergyCounter(now.instant()))));
    }

    private UaFolderNode folder(String name) {
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(name), newQualifiedName(name),
                LocalizedText.english(name));
        getNodeManager().addNode(folder);
        folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        return folder;
    }

    private void variable(UaFolderNode folder, String id, String description, NodeId dataType,
                          Function<Clock, Variant> value) {
        node(folder, id, description, dataType, now -> new DataValue(value.apply(now), StatusCode.GOOD, DateTime.now()));
    }

    private void node(UaFolderNode folder, String id, String description, NodeId dataType,
                      Function<Clock, DataValue> value) {
        String name = id.substring(id.indexOf('.') + 1);
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDescription(LocalizedText.english(description))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .build();
        node.setValue(value.apply(clock));
        node.getFilterChain().addLast(AttributeFilters.getValue(ctx -> value.apply(clock)));
        getNodeManager().addNode(node);
        folder.addOrganizes(node);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptionModel.onMonitoringModeChanged(monitoredItems);
    }
}
