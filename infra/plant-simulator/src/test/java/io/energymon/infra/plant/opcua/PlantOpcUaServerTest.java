package io.energymon.infra.plant.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OPC UA plant simulator read with a plain Milo client: it offers the three endpoints, shows the process at its
 * clock's time, and checks user logins. And the process itself: the steam total is the integral of the flow, the
 * energy counter counts 1 500 kWh per hour.
 */
class PlantOpcUaServerTest {
    private static final Instant T = Instant.parse("2026-11-24T03:00:00Z");
    private static final SettableClock CLOCK = new SettableClock(T);
    private static PlantOpcUaServer server;

    @BeforeAll
    static void start() {
        server = PlantOpcUaServer.start("127.0.0.1", 0, ServerIdentity.generate("127.0.0.1"),
                Map.of("operator", "s3cret"), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static OpcUaClient connect(UsernameProvider identity) throws Exception {
        OpcUaClient client = OpcUaClient.create(server.endpointUrl(),
                endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.None.getUri())).findFirst(),
                t -> { }, c -> {
                    if (identity != null) {
                        c.setIdentityProvider(identity);
                    }
                });
        return client.connect();
    }

    @Test
    void offersNoSecurityAndBasic256Sha256SignAndSignAndEncrypt() throws Exception {
        List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(server.endpointUrl()).get();
        assertThat(endpoints).extracting(EndpointDescription::getSecurityPolicyUri, EndpointDescription::getSecurityMode)
                .containsExactlyInAnyOrder(tuple(SecurityPolicy.None.getUri(), MessageSecurityMode.None),
                        tuple(SecurityPolicy.Basic256Sha256.getUri(), MessageSecurityMode.Sign),
                        tuple(SecurityPolicy.Basic256Sha256.getUri(), MessageSecurityMode.SignAndEncrypt));
        assertThat(endpoints).allMatch(e -> e.getEndpointUrl().equals(server.endpointUrl()));
    }

    @Test
    void showsTheProcessAtTheTimeOfItsClock() throws Exception {
        OpcUaClient client = connect(new UsernameProvider("operator", "s3cret"));
        try {
            int ns = server.namespaceIndex();
            assertThat(ns).isEqualTo(2);
            List<NodeId> ids = List.of(new NodeId(ns, "Boiler1.SteamFlow"), new NodeId(ns, "Boiler1.SteamPressure"),
                    new NodeId(ns, "Generator1.ActiveEnergy"), new NodeId(ns, "Boiler1.FlowSensorB"));
            for (Instant t : List.of(T, T.plusSeconds(1234))) {
                CLOCK.set(t);
                List<DataValue> v = client.readValues(0.0, TimestampsToReturn.Neither, ids);
                assertThat(v.get(0).getValue().getValue()).isEqualTo(PlantProcess.steamFlow(t));
                assertThat(v.get(1).getValue().getValue()).isEqualTo(PlantProcess.steamPressure(t));
                assertThat(((UInteger) v.get(2).getValue().getValue()).longValue())
                        .isEqualTo(PlantProcess.electricEnergyCounter(t));
                assertThat(v.get(3).getStatusCode().value()).isEqualTo(StatusCodes.Bad_SensorFailure);
            }
        } finally {
            client.disconnect();
        }
    }

    @Test
    void refusesAWrongPassword() {
        assertThatThrownBy(() -> connect(new UsernameProvider("operator", "wrong")))
                .isInstanceOf(UaException.class)
                .satisfies(e -> assertThat(((UaException) e).getStatusCode().value())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied));
    }

    @Test
    void theSteamTotalIsTheIntegralOfTheFlowAndTheCounterCounts1500KilowattHoursAnHour() {
        Instant t = Instant.parse("2026-11-24T03:17:00Z");
        for (int minute = 0; minute < 120; minute += 7) {
            Instant a = t.plus(Duration.ofMinutes(minute));
            Instant b = a.plusSeconds(60);
            double tonnesPerHour = (PlantProcess.steamTotal(b) - PlantProcess.steamTotal(a)) * 60;
            assertThat(tonnesPerHour).isCloseTo(PlantProcess.steamFlow(a.plusSeconds(30)),
                    org.assertj.core.data.Offset.offset(0.07));
        }
        assertThat(PlantProcess.steamFlow(t)).isBetween(15.0, 25.0);
        assertThat(PlantProcess.steamPressure(t)).isBetween(1.2f, 1.3f);
        assertThat(PlantProcess.steamTemperature(t)).isBetween(240.0, 260.0);
        long hour = Math.floorMod(PlantProcess.electricEnergyCounter(t.plusSeconds(3600))
                - PlantProcess.electricEnergyCounter(t), 1L << 32);
        assertThat(hour).isEqualTo(150_000); // 1 500 kWh in 0.01 kWh
        assertThat(PlantProcess.electricEnergyCounter(t)).isBetween(0L, (1L << 32) - 1);
    }
}
