package io.energymon.collector.opcua;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.enterprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.plant.opcua.PlantOpcUaServer;
import io.energymon.infra.plant.opcua.PlantProcess;
import io.energymon.infra.plant.opcua.ServerIdentity;
import io.energymon.infra.plant.opcua.SettableClock;
import io.energymon.infra.testing.SharedInfra;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector as deployed, configured over its config topic, reading the OPC UA plant simulator (a real Milo server
 * speaking OPC UA binary over TCP) into the real broker: POLL without security, SUBSCRIBE with Basic256Sha256
 * SignAndEncrypt and a user login, a refused login, node-level errors beside good points, and a server that goes away
 * and comes back on the same port.
 */
@SpringBootTest
class OpcUaIntegrationTest {
    private static final String COLLECTOR = "c-opcua-" + UUID.randomUUID();
    private static final Duration S2 = Duration.ofSeconds(2);
    private static final Instant T1 = Instant.parse("2026-11-24T03:00:07.250Z");
    private static final Instant T2 = Instant.parse("2026-11-24T05:41:33.900Z");
    private static final SettableClock CLOCK = new SettableClock(T1);
    private static PlantOpcUaServer plant;
    private static String topic;
    private static Path dir;

    @Autowired
    OpcUaBrowseEndpoint browse;

    private KafkaConsumer<String, byte[]> consumer;
    private final List<ReadingBatch> batches = new CopyOnWriteArrayList<>();
    private String tenant;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) throws Exception {
        plant = PlantOpcUaServer.start("127.0.0.1", 0, ServerIdentity.generate("127.0.0.1"),
                Map.of("operator", "s3cret-Pa55"), CLOCK);
        topic = TestConfigs.newConfigTopic("config-opcua");
        dir = Files.createTempDirectory("collector-opcua");
        // the operator trusts the plant's server certificate: its DER file in <pki>/trusted/certs
        Path trusted = Files.createDirectories(dir.resolve("pki").resolve("trusted").resolve("certs"));
        Files.write(trusted.resolve("plant-simulator.der"), plant.certificate().getEncoded());
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("plant-operator"), "s3cret-Pa55\n");
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("energymon.collector.collector-id", () -> COLLECTOR);
        r.add("energymon.collector.slot-offset", () -> "PT0.1S");
        r.add("energymon.collector.config-topic", () -> topic);
        r.add("energymon.collector.config-cache", () -> dir.resolve("collector-config.json").toString());
        r.add("energymon.collector.buffer-dir", () -> dir.resolve("buffer").toString());
        r.add("energymon.collector.opcua.pki-dir", () -> dir.resolve("pki").toString());
        r.add("energymon.collector.credentials-dir", () -> secrets.toString());
        r.add("energymon.collector.credentials.wrong-password", () -> "not-the-password");
        // once devices are supervised, a device failing on purpose here must be retried within seconds
        r.add("energymon.collector.polling.read-budget-fraction", () -> "1");
        r.add("energymon.collector.polling.backoff-initial", () -> "PT1S");
        r.add("energymon.collector.polling.backoff-max", () -> "PT2S");
    }

    @AfterAll
    static void stop() {
        plant.close();
        TestConfigs.deleteTree(dir);
    }

    @BeforeEach
    void newTenant() {
        tenant = "tenant-" + UUID.randomUUID();
        consumer = SharedInfra.newConsumer(Topics.READINGS);
    }

    @AfterEach
    void forget() {
        TestConfigs.publish(topic, enterprise(tenant, A, 99, List.of(), List.of()));
        consumer.close();
    }

    private static DeviceConfig device(String id, String endpoint, String user, String credentialRef, String policy,
                                       String mode, String acquisition) {
        return new DeviceConfig(id, COLLECTOR, Protocol.OPC_UA, null, null, null, endpoint, user, credentialRef,
                Duration.ofSeconds(2), null, null, null, null, null, policy, mode, acquisition);
    }

    private static PointConfig point(String id, String device, String nodeId, String scale, String offset) {
        return new PointConfig(id, id, device, null, new PointAddress(null, null, null, null, null, null, null, nodeId,
                null), PointKind.INSTANTANEOUS, "-", scale == null ? null : new BigDecimal(scale), S2, null, null,
                offset == null ? null : new BigDecimal(offset), null);
    }

    private void configure(long revision, List<DeviceConfig> devices, List<PointConfig> points) {
        TestConfigs.publish(topic, enterprise(tenant, A, revision, devices, points));
    }

    /** Readings of this test's tenant for the point, oldest first. */
    private List<Reading> readings(String pointId, Predicate<Instant> slot) {
        TestConfigs.drain(consumer, COLLECTOR, b -> {
            if (b.tenantId().equals(tenant)) {
                batches.add(b);
            }
        });
        return batches.stream().filter(b -> slot.test(b.slot())).flatMap(b -> b.readings().stream())
                .filter(r -> r.pointId().equals(pointId)).sorted(Comparator.comparing(Reading::ts)).toList();
    }

    private Reading awaitReading(String pointId, Instant after, Predicate<Reading> wanted) {
        Reading[] found = new Reading[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Reading> r = readings(pointId, s -> s.isAfter(after)).stream().filter(wanted).toList();
            assertThat(r).as(pointId + " after " + after).isNotEmpty();
            found[0] = r.getLast();
        });
        return found[0];
    }

    private static boolean good(Reading r) {
        return r.quality() == Quality.GOOD;
    }

    private static BigDecimal decimal(double v) {
        return new BigDecimal(Double.toString(v));
    }

    @Test
    void pollsWithoutSecurityAndReadsWhatTheServerShowsAtEachSlot() {
        String url = plant.endpointUrl();
        configure(1, List.of(device("dcs", url, null, null, null, null, null)), List.of(
                point("flow", "dcs", "ns=2;s=Boiler1.SteamFlow", null, null),
                point("pressure", "dcs", "ns=2;s=Boiler1.SteamPressure", null, null),
                point("temperature-k", "dcs", "ns=2;s=Boiler1.SteamTemperature", null, "273.15"),
                point("steam-total", "dcs", "ns=2;s=Boiler1.SteamTotal", null, null),
                point("energy", "dcs", "ns=2;s=Generator1.ActiveEnergy", "0.01", null),
                point("running", "dcs", "ns=2;s=Boiler1.Running", null, null)));

        for (Instant t : List.of(T1, T2)) {
            CLOCK.set(t);
            Instant changed = Instant.now();
            // a slot that starts after the change is read after it: it shows the process at t
            awaitReading("flow", changed, OpcUaIntegrationTest::good);
            Predicate<Instant> after = s -> s.isAfter(changed);
            assertValues(readings("flow", after), decimal(PlantProcess.steamFlow(t)));
            assertValues(readings("pressure", after), new BigDecimal(Float.toString(PlantProcess.steamPressure(t))));
            assertValues(readings("temperature-k", after),
                    decimal(PlantProcess.steamTemperature(t)).add(new BigDecimal("273.15")));
            assertValues(readings("steam-total", after), decimal(PlantProcess.steamTotal(t)));
            assertValues(readings("energy", after), BigDecimal.valueOf(PlantProcess.electricEnergyCounter(t), 2));
            assertValues(readings("running", after), BigDecimal.ONE);
        }
        assertThat(PlantProcess.steamFlow(T1)).isNotEqualTo(PlantProcess.steamFlow(T2));
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.slotLength()).isEqualTo(S2);
            assertThat(b.readings()).allMatch(r -> r.ts().equals(b.slot()));
        });
    }

    private static void assertValues(List<Reading> readings, BigDecimal expected) {
        assertThat(readings).isNotEmpty().allSatisfy(r -> {
            assertThat(r.quality()).as(r.pointId() + ": " + r.error()).isEqualTo(Quality.GOOD);
            assertThat(r.value()).as(r.pointId()).isEqualByComparingTo(expected);
        });
    }

    @Test
    void subscribesOverBasic256Sha256SignAndEncryptAsAUser() {
        CLOCK.set(T1);
        configure(1, List.of(device("scada", plant.endpointUrl(), "operator", "plant-operator", "Basic256Sha256",
                        "SignAndEncrypt", "SUBSCRIBE")),
                List.of(point("flow", "scada", "ns=2;s=Boiler1.SteamFlow", null, null),
                        point("energy", "scada", "ns=2;s=Generator1.ActiveEnergy", "0.01", null),
                        point("missing", "scada", "ns=2;s=Boiler1.NoSuchTag", null, null)));
        Instant start = Instant.now();

        awaitReading("flow", start, OpcUaIntegrationTest::good);
        Instant first = readings("flow", s -> true).stream().filter(OpcUaIntegrationTest::good).findFirst()
                .orElseThrow().ts();
        awaitReading("flow", first.plus(S2), OpcUaIntegrationTest::good); // and the slots after it too

        Predicate<Instant> since = s -> !s.isBefore(first);
        assertValues(readings("flow", since), decimal(PlantProcess.steamFlow(T1)));
        assertValues(readings("energy", since), BigDecimal.valueOf(PlantProcess.electricEnergyCounter(T1), 2));
        assertThat(readings("missing", since)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).contains("节点 / node ns=2;s=Boiler1.NoSuchTag", "Bad_NodeIdUnknown");
        });
        assertThat(dir.resolve("pki").resolve(ClientPki.KEYSTORE)).exists();
        assertThat(dir.resolve("pki").resolve(ClientPki.CERTIFICATE)).exists();
    }

    @Test
    void reportsARefusedLoginAndEachBadNodeWhileTheOtherPointsAreRead() {
        CLOCK.set(T2);
        String url = plant.endpointUrl();
        configure(1, List.of(device("locked", url, "operator", "wrong-password", null, null, null),
                        device("dcs", url, null, null, null, null, null)),
                List.of(point("locked-flow", "locked", "ns=2;s=Boiler1.SteamFlow", null, null),
                        point("flow", "dcs", "ns=2;s=Boiler1.SteamFlow", null, null),
                        point("unknown", "dcs", "ns=2;s=Boiler1.NoSuchTag", null, null),
                        point("text", "dcs", "ns=2;s=Boiler1.Mode", null, null),
                        point("failed-sensor", "dcs", "ns=2;s=Boiler1.FlowSensorB", null, null),
                        point("not-a-node-id", "dcs", "Boiler1.SteamFlow", null, null)));
        Instant start = Instant.now();

        Reading flow = awaitReading("flow", start, OpcUaIntegrationTest::good);
        assertThat(flow.value()).isEqualByComparingTo(decimal(PlantProcess.steamFlow(T2)));
        Predicate<Instant> same = s -> s.equals(flow.ts());
        assertThat(readings("unknown", same)).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).isEqualTo("设备 dcs (" + url + ") 节点 / node ns=2;s=Boiler1.NoSuchTag: "
                    + "节点状态异常 / node status Bad_NodeIdUnknown");
        });
        assertThat(readings("text", same)).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).contains("值不是数值 / value is a String, not a number: AUTO");
        });
        assertThat(readings("failed-sensor", same)).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).contains("node status Bad_SensorFailure");
        });
        assertThat(readings("not-a-node-id", same)).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).contains("point not-a-node-id misconfigured: nodeId Boiler1.SteamFlow is not a node id");
        });
        Reading locked = awaitReading("locked-flow", start,
                r -> r.error() != null && r.error().contains("登录失败 / login as operator refused"));
        assertThat(locked.error()).contains("设备 locked (" + url + ")", "Bad_UserAccessDenied");
        assertThat(readings("locked-flow", s -> true)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.value()).isNull();
            assertThat(r.error()).doesNotContain("not-the-password");
        });
    }

    @Test
    void reportsAStoppedServerAsUnreachableAndRecoversWhenItIsBack() {
        PlantOpcUaServer own = PlantOpcUaServer.start("127.0.0.1", 0, ServerIdentity.generate("127.0.0.1"), Map.of(),
                Clock.systemUTC());
        int port = own.port();
        ServerIdentity identity = own.identity();
        try {
            configure(1, List.of(device("poll", own.endpointUrl(), null, null, null, null, "POLL"),
                            device("sub", own.endpointUrl(), null, null, null, null, "SUBSCRIBE")),
                    List.of(point("polled-total", "poll", "ns=2;s=Boiler1.SteamTotal", null, null),
                            point("subscribed-total", "sub", "ns=2;s=Boiler1.SteamTotal", null, null)));
            Instant start = Instant.now();
            Reading beforePoll = awaitReading("polled-total", start, OpcUaIntegrationTest::good);
            Reading beforeSub = awaitReading("subscribed-total", start, OpcUaIntegrationTest::good);

            own.close();
            Instant stopped = Instant.now();
            for (String p : List.of("polled-total", "subscribed-total")) {
                awaitReading(p, stopped.plus(S2), r -> r.quality() == Quality.BAD && r.value() == null
                        && r.error().contains("不可达 / OPC UA server unreachable"));
            }
            Instant restarting = Instant.now();
            own = PlantOpcUaServer.start("127.0.0.1", port, identity, Map.of(), Clock.systemUTC());
            for (String p : List.of("polled-total", "subscribed-total")) {
                // every slot between the stop and the restart is BAD: nothing of the dead session is repeated
                assertThat(readings(p, s -> s.isAfter(stopped) && s.isBefore(restarting.minus(S2)))).isNotEmpty()
                        .allMatch(r -> r.quality() == Quality.BAD && r.error().contains("unreachable"));
            }
            Instant restarted = Instant.now();
            Reading afterPoll = awaitReading("polled-total", restarted, OpcUaIntegrationTest::good);
            Reading afterSub = awaitReading("subscribed-total", restarted, OpcUaIntegrationTest::good);
            // the steam total only grows: the values after the restart are new readings of the server
            assertThat(afterPoll.value()).isGreaterThan(beforePoll.value());
            assertThat(afterSub.value()).isGreaterThan(beforeSub.value());
        } finally {
            own.close();
        }
    }

    @Test
    void browsesTheAddressSpaceOfAConfiguredDevice() {
        CLOCK.set(T1);
        configure(1, List.of(device("dcs", plant.endpointUrl(), "operator", "plant-operator", "Basic256Sha256", "Sign",
                null)), List.of(point("flow", "dcs", "ns=2;s=Boiler1.SteamFlow", null, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> browse.browse(A, "dcs", null).error() == null);

        var objects = browse.browse(A, "dcs", null);
        assertThat(objects.children()).extracting(OpcUaBrowser.Entry::nodeId, OpcUaBrowser.Entry::nodeClass)
                .contains(org.assertj.core.groups.Tuple.tuple("ns=2;s=Boiler1", "Object"),
                        org.assertj.core.groups.Tuple.tuple("ns=2;s=Generator1", "Object"));
        var boiler = browse.browse(A, "dcs", "ns=2;s=Boiler1");
        assertThat(boiler.error()).isNull();
        assertThat(boiler.children()).filteredOn(e -> e.nodeId().equals("ns=2;s=Boiler1.SteamFlow")).singleElement()
                .satisfies(e -> {
                    assertThat(e.nodeClass()).isEqualTo("Variable");
                    assertThat(e.displayName()).isEqualTo("SteamFlow");
                    assertThat(e.value()).isEqualTo(Double.toString(PlantProcess.steamFlow(T1)));
                });
        assertThat(boiler.children()).filteredOn(e -> e.nodeId().equals("ns=2;s=Boiler1.FlowSensorB")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("Bad_SensorFailure"));
        assertThat(browse.browse(A, "no-such-device", null).error()).contains("no OPC UA device no-such-device");
        assertThat(browse.browse(A, "dcs", "ns=2;x=oops").error()).contains("not a node id: ns=2;x=oops");
    }
}
