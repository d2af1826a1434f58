package io.energymon.collector.poll;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.energy;
import static io.energymon.collector.TestConfigs.enterprise;
import static io.energymon.collector.TestConfigs.modbus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.config.PollingProperties;
import io.energymon.collector.publish.ReadingPublisher;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A dead device among live ones leaves the live ones' slots complete (issue 9): three Modbus TCP plant simulators and
 * one device that accepts the TCP connection and never answers (each request burns the device timeout, which is
 * longer than the slot), polled by the running poller on a 2-second slot into a real Kafka broker. Every slot of
 * every live device arrives, GOOD; the dead device's point arrives in every slot as BAD with a reason (no answer
 * within the budget, busy, retrying, defective), never as a value; it goes DEFECTIVE, and when a simulator starts
 * behind its port it is ONLINE again and read GOOD.
 */
class DeadDeviceIntegrationTest {
    private static final Duration SLOT = Duration.ofSeconds(2);
    /** Longer than the slot: one request to the dead device outlasts a slot. */
    private static final Duration DEAD_TIMEOUT = Duration.ofMillis(2500);
    private static final List<String> LIVE = List.of("live1", "live2", "live3");

    /**
     * The dead device's TCP endpoint: at first it accepts connections and never answers (every request burns the
     * device timeout); once {@link #revive} is called it forwards every new connection, byte for byte, to a plant
     * simulator, so the device "comes back" on the same port (which stays ours: nothing else can take it meanwhile).
     */
    private static final class DeadThenAlive implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile int target = -1;

        DeadThenAlive() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("dead-device-" + server.getLocalPort()).start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    int to = target;
                    if (to < 0) {
                        pump(client.getInputStream(), OutputStream.nullOutputStream(), client); // swallow requests
                    } else {
                        Socket device = new Socket(InetAddress.getLoopbackAddress(), to);
                        sockets.add(device);
                        pump(client.getInputStream(), device.getOutputStream(), device);
                        pump(device.getInputStream(), client.getOutputStream(), client);
                    }
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }

        private static void pump(InputStream in, OutputStream out, Socket closeAtEnd) {
            Thread.ofPlatform().daemon().start(() -> {
                try (closeAtEnd) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // connection closed
                }
            });
        }

        /** From now on connections reach the simulator on {@code port}; the silent ones are cut. */
        void revive(int port) {
            target = port;
            closeSockets();
        }

        private void closeSockets() {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // already closed
                }
            }
            sockets.clear();
        }

        @Override
        public void close() throws IOException {
            server.close();
            closeSockets();
        }
    }

    @Test
    void aDeadDeviceAmongLiveOnesLeavesTheLiveOnesSlotsCompleteAndRecoversWhenItComesBack() throws IOException {
        String collectorId = "c-dead-" + UUID.randomUUID();
        var props = new CollectorProperties(collectorId, Duration.ofMillis(200), "unused", "", null,
                DataSize.ofMegabytes(1));
        // budget 1.6 s of a 2 s slot; defective after 3 failed slots; back-off 2 s doubling to 4 s (the probe period)
        var polling = new PollingProperties(0.8, Duration.ofMinutes(5), 3, Duration.ofSeconds(2), Duration.ofSeconds(4));
        var registry = new SimpleMeterRegistry();
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
        List<ModbusMeterSimulator> plants = new ArrayList<>();
        DeadThenAlive deadDevice = new DeadThenAlive();
        int deadPort = deadDevice.port();
        PollPlanner planner = new PollPlanner(props, registry);
        Poller poller = new Poller(props, polling, planner, new ReadingPublisher(kafka)::publish, registry);
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(Topics.READINGS)) {
            List<DeviceConfig> devices = new ArrayList<>();
            List<PointConfig> points = new ArrayList<>();
            for (int i = 0; i < LIVE.size(); i++) {
                ModbusMeterSimulator plant = ModbusMeterSimulator.start("127.0.0.1", 0);
                plants.add(plant);
                plant.addMeter(1, 100).setEnergyKwh(new BigDecimal(100 + i));
                String id = LIVE.get(i);
                devices.add(modbus(id, collectorId, plant.port(), 1, Duration.ofSeconds(1)));
                points.add(energy(id + ".energy", id, 100, SLOT));
            }
            devices.add(modbus("dead", collectorId, deadPort, 1, DEAD_TIMEOUT));
            points.add(energy("dead.energy", "dead", 100, SLOT));
            EnterpriseConfig config = enterprise("tenant-a", A, 1, devices, points);
            planner.onChange(Map.of(config.key(), config), Set.of(config.key()));
            poller.start();

            List<ReadingBatch> batches = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                TestConfigs.drain(consumer, collectorId, batches::add);
                assertThat(state(poller, "dead")).isEqualTo(DeviceState.DEFECTIVE);
            });
            DeviceStatusEndpoint.Report report = new DeviceStatusEndpoint(poller).devices();
            assertThat(report.states()).containsEntry(DeviceState.ONLINE, 3L).containsEntry(DeviceState.DEFECTIVE, 1L);
            assertThat(report.devices()).filteredOn(d -> d.deviceId().equals("dead")).singleElement()
                    .satisfies(d -> {
                        assertThat(d.consecutiveFailures()).isGreaterThanOrEqualTo(3);
                        assertThat(d.lastSuccess()).isNull();
                        assertThat(d.lastError()).contains("dead", "within its read budget");
                    });
            assertThat(gauge(registry, "collector_device_state", "dead")).isEqualTo(2.0);
            assertThat(registry.get("collector_device_read_errors_total").tag("device", "dead").counter().count())
                    .isGreaterThanOrEqualTo(3);

            // the device comes back: its port now leads to a simulator
            ModbusMeterSimulator revived = ModbusMeterSimulator.start("127.0.0.1", 0);
            plants.add(revived);
            revived.addMeter(1, 100).setEnergyKwh(new BigDecimal("42.00"));
            deadDevice.revive(revived.port());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                TestConfigs.drain(consumer, collectorId, batches::add);
                assertThat(batches.stream().flatMap(b -> b.readings().stream())
                        .filter(r -> r.pointId().equals("dead.energy") && r.quality() == Quality.GOOD)).isNotEmpty();
            });
            assertThat(state(poller, "dead")).isEqualTo(DeviceState.ONLINE);
            poller.stop();
            TestConfigs.drain(consumer, collectorId, batches::add);

            // every slot from the first to the one in which the dead device was read again, in one batch each
            TreeMap<Instant, ReadingBatch> bySlot = new TreeMap<>();
            for (ReadingBatch b : batches) {
                assertThat(b.slotLength()).isEqualTo(SLOT);
                assertThat(bySlot.put(b.slot(), b)).as("one batch per slot, %s", b.slot()).isNull();
            }
            Instant recovered = bySlot.values().stream()
                    .filter(b -> b.readings().stream().anyMatch(r -> r.pointId().equals("dead.energy")
                            && r.quality() == Quality.GOOD)).map(ReadingBatch::slot).findFirst().orElseThrow();
            Instant first = bySlot.firstKey();
            int slots = 0;
            List<String> deadReasons = new ArrayList<>();
            for (Instant t = first; !t.isAfter(recovered); t = t.plus(SLOT)) {
                Instant s = t;
                ReadingBatch b = bySlot.get(s);
                assertThat(b).as("batch of slot %s", s).isNotNull();
                assertThat(b.readings()).extracting(Reading::pointId).containsExactlyInAnyOrder(
                        "live1.energy", "live2.energy", "live3.energy", "dead.energy");
                assertThat(b.readings()).allMatch(r -> r.ts().equals(s));
                for (int i = 0; i < LIVE.size(); i++) {
                    String id = LIVE.get(i) + ".energy";
                    Reading r = b.readings().stream().filter(x -> x.pointId().equals(id)).findFirst().orElseThrow();
                    assertThat(r.quality()).as("%s in slot %s: %s", id, s, r.error()).isEqualTo(Quality.GOOD);
                    assertThat(r.value()).isEqualByComparingTo(new BigDecimal(100 + i));
                }
                Reading dead = b.readings().stream().filter(x -> x.pointId().equals("dead.energy")).findFirst()
                        .orElseThrow();
                if (s.isBefore(recovered)) {
                    assertThat(dead.quality()).isEqualTo(Quality.BAD);
                    assertThat(dead.value()).isNull();
                    assertThat(dead.error()).contains("dead");
                    deadReasons.add(dead.error());
                } else {
                    assertThat(dead.value()).isEqualByComparingTo("42.00");
                }
                slots++;
            }
            assertThat(slots).isGreaterThanOrEqualTo(6);
            assertThat(deadReasons).anyMatch(r -> r.contains("within its read budget"))
                    .anyMatch(r -> r.contains("device dead defective since"));
            assertThat(gauge(registry, "collector_device_state", "dead")).isZero();
            assertThat(gauge(registry, "collector_device_last_success_seconds", "live1")).isPositive();
        } finally {
            poller.stop();
            planner.plan().sources().forEach(PollPlanner::closeQuietly);
            deadDevice.close();
            plants.forEach(ModbusMeterSimulator::close);
            kafka.destroy();
        }
    }

    private static DeviceState state(Poller poller, String deviceId) {
        return poller.devices().stream().filter(d -> d.deviceId().equals(deviceId)).findFirst().orElseThrow().state();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String deviceId) {
        return registry.get(name).tag("device", deviceId).gauge().value();
    }
}
