package io.energymon.collector.poll;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.enterprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.TestConfigs;
import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.dlt645.Dlt645Source;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSettings;
import io.energymon.collector.publish.ReadingPublisher;
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
import io.energymon.infra.plant.Dlt645MeterSimulator;
import io.energymon.infra.plant.SimulatedBusMeter;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.assertj.core.groups.Tuple;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * DL/T 645-2007 replies spread over several frames (后续帧) and the back-fill of an outage's day boundaries from the
 * meter's daily frozen values, against the simulator's meters (real frames over TCP): the frozen energy blocks are
 * 20 bytes and the simulator is set to at most 12 data bytes per frame, so every frozen value is read with a
 * follow-up request too. 00:00 Asia/Shanghai is 16:00 UTC the day before.
 */
class MeterBusBackfillIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration MIN15 = Duration.ofMinutes(15);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String METER = "000000000001";

    private Dlt645MeterSimulator dlt;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        dlt = Dlt645MeterSimulator.start("127.0.0.1", 0);
        dlt.setMaxDataPerFrame(12);
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        dlt.close();
    }

    private static DeviceConfig gateway(String collectorId, int port) {
        return new DeviceConfig("dlt", collectorId, Protocol.DLT645_TCP, "127.0.0.1", port, null, null, null, null,
                TIMEOUT);
    }

    private static PointConfig point(String id, String di, PointKind kind, String scale, String offset) {
        return new PointConfig(id, id, "dlt", null, new PointAddress(null, null, null, null, METER, di, null, null,
                null), kind, "kWh", scale == null ? null : new BigDecimal(scale), MIN15, null, null,
                offset == null ? null : new BigDecimal(offset), null);
    }

    private double requests(String outcome) {
        var c = registry.find(MeterBusMetrics.REQUESTS).tags("protocol", "dlt645", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private double backfilled() {
        var c = registry.find(MeterBusMetrics.BACKFILLED).tags("protocol", "dlt645").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aBlockSpreadOverThreeFramesIsAssembledAndScaledWithOffset() {
        SimulatedBusMeter m = dlt.addMeter2007(METER);
        m.counter().setEnergyKwh(new BigDecimal("1206.42"));
        // 0001FF00 is 20 bytes: frames of 12, then 8 data bytes; the point counts Wh minus a 100 Wh offset
        PointConfig p = point("block", "0001FF00", PointKind.CUMULATIVE, "1000", "-100");
        try (Dlt645Source source = new Dlt645Source(gateway("c", dlt.port()), List.of(p), new MeterBusMetrics(registry),
                MeterBusSettings.DEFAULT)) {
            assertThat(source.read(Instant.parse("2026-11-23T04:15:00Z"), MIN15)).singleElement().satisfies(r -> {
                assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
                assertThat(r.value()).isEqualByComparingTo("1206320"); // 1206.42 × 1000 − 100
            });
            dlt.setMaxDataPerFrame(3); // 7 frames: still one request, counted once
            assertThat(source.read(Instant.parse("2026-11-23T04:30:00Z"), MIN15)).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("1206320"));
        }
        assertThat(requests("ok")).isEqualTo(2);
    }

    @Test
    void theFrozenValueOfAMissedMidnightArrivesInKafkaOnceWithItsInstant() {
        String collectorId = "c-backfill-" + UUID.randomUUID();
        var props = new CollectorProperties(collectorId, Duration.ofSeconds(1), "unused", "", null,
                DataSize.ofMegabytes(1));
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", SharedInfra.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class,
                "acks", "all", "enable.idempotence", true)));
        PollPlanner planner = new PollPlanner(props, registry);
        Poller poller = new Poller(props, planner, new ReadingPublisher(kafka)::publish, registry);
        try (KafkaConsumer<String, byte[]> consumer = SharedInfra.newConsumer(Topics.READINGS)) {
            int port = dlt.port();
            SimulatedBusMeter m = dlt.addMeter2007(METER);
            m.counter().setEnergyKwh(new BigDecimal("100.00"));
            EnterpriseConfig cfg = enterprise("tenant-a", A, 1, List.of(gateway(collectorId, port)),
                    List.of(point("energy", "00010000", PointKind.CUMULATIVE, null, null),
                            point("volts", "02010100", PointKind.INSTANTANEOUS, null, null)));
            planner.onChange(Map.of(cfg.key(), cfg), Set.of(cfg.key()));
            List<Reading> seen = new ArrayList<>();

            poller.poll(Instant.parse("2026-11-23T15:45:00Z"));
            awaitReadings(consumer, collectorId, seen, 2);
            // the gateway goes away over the meter's midnight
            dlt.close();
            poller.poll(Instant.parse("2026-11-23T16:00:00Z"));
            awaitReadings(consumer, collectorId, seen, 4);
            // meanwhile the meter froze 120.00 kWh at 00:00 of 24 Nov (its clock, Beijing time) and counted on
            dlt = Dlt645MeterSimulator.start("127.0.0.1", port);
            dlt.setMaxDataPerFrame(12);
            SimulatedBusMeter back = dlt.addMeter2007(METER);
            back.counter().setEnergyKwh(new BigDecimal("90.00"));
            back.freezeDaily(LocalDateTime.parse("2026-11-23T00:00")); // the day before: already published
            back.counter().setEnergyKwh(new BigDecimal("120.00"));
            back.freezeDaily(LocalDateTime.parse("2026-11-24T00:00"));
            back.counter().setEnergyKwh(new BigDecimal("130.00"));

            // the gateway listens again (bound before start returns): the next poll reads the meter and back-fills
            poller.poll(Instant.parse("2026-11-23T16:15:00Z"));
            awaitReadings(consumer, collectorId, seen, 7);
            poller.poll(Instant.parse("2026-11-23T16:30:00Z")); // one more slot: no second back-fill
            awaitReadings(consumer, collectorId, seen, 9);

            List<Reading> energy = seen.stream().filter(r -> r.pointId().equals("energy")).toList();
            assertThat(energy).extracting(Reading::ts, r -> r.value() == null ? null : r.value().toPlainString())
                    .containsExactlyInAnyOrder(
                            tuple("2026-11-23T15:45:00Z", "100"),
                            tuple("2026-11-23T16:00:00Z", null), // BAD while the gateway was away
                            tuple("2026-11-23T16:15:00Z", "130"),
                            tuple("2026-11-23T16:00:00Z", "120"), // the frozen value of 00:00 Beijing time
                            tuple("2026-11-23T16:30:00Z", "130"));
            // voltages are not cumulative: never back-filled
            assertThat(seen).filteredOn(r -> r.pointId().equals("volts")).extracting(Reading::ts).containsExactly(
                    Instant.parse("2026-11-23T15:45:00Z"), Instant.parse("2026-11-23T16:00:00Z"),
                    Instant.parse("2026-11-23T16:15:00Z"), Instant.parse("2026-11-23T16:30:00Z"));
            assertThat(backfilled()).isEqualTo(1);
        } finally {
            poller.stop();
            planner.plan().sources().forEach(PollPlanner::closeQuietly);
            kafka.destroy();
        }
    }

    private static Tuple tuple(String ts, String value) {
        return Tuple.tuple(Instant.parse(ts), value);
    }

    private static void awaitReadings(KafkaConsumer<String, byte[]> consumer, String collectorId, List<Reading> seen,
                                      int count) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestConfigs.drain(consumer, collectorId, (ReadingBatch b) -> seen.addAll(b.readings()));
            assertThat(seen).hasSizeGreaterThanOrEqualTo(count);
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TestConfigs.drain(consumer, collectorId, (ReadingBatch b) -> seen.addAll(b.readings()));
            assertThat(seen).hasSize(count); // and nothing more
        });
    }

    @Test
    void aGapAcrossARestartIsBackFilledFromTheStateFileBoundedByMaxDays(@TempDir Path dir) {
        Path state = dir.resolve("t").resolve("dlt.properties");
        MeterBusSettings settings = new MeterBusSettings(SHANGHAI, 2, state);
        SimulatedBusMeter m = dlt.addMeter2007(METER);
        m.counter().setEnergyKwh(new BigDecimal("10.00"));
        PointConfig p = point("energy", "0001FF00", PointKind.CUMULATIVE, "1", "0.5");
        DeviceConfig d = gateway("c", dlt.port());
        Instant before = Instant.parse("2026-11-20T15:45:00Z");
        try (Dlt645Source first = new Dlt645Source(d, List.of(p), new MeterBusMetrics(registry), settings)) {
            assertThat(first.read(before, MIN15)).hasSize(1);
        }
        assertThat(state).exists();
        // the collector is down for three midnights (21, 22, 23 Nov local; 16:00 UTC the day before)
        m.counter().setEnergyKwh(new BigDecimal("11.00"));
        m.freezeDaily(LocalDateTime.parse("2026-11-21T00:00"));
        m.counter().setEnergyKwh(new BigDecimal("12.00"));
        m.freezeDaily(LocalDateTime.parse("2026-11-22T00:00"));
        m.counter().setEnergyKwh(new BigDecimal("13.00"));
        m.freezeDaily(LocalDateTime.parse("2026-11-23T00:00"));
        m.counter().setEnergyKwh(new BigDecimal("14.00"));
        Instant now = Instant.parse("2026-11-23T04:15:00Z");
        try (Dlt645Source restarted = new Dlt645Source(d, List.of(p), new MeterBusMetrics(registry), settings)) {
            List<Reading> r = restarted.read(now, MIN15);
            // the current value and the two most recent frozen days (max 2), scale 1 and offset 0.5 applied
            assertThat(r).extracting(Reading::ts, x -> x.value().toPlainString()).containsExactlyInAnyOrder(
                    Tuple.tuple(now, "14.5"),
                    Tuple.tuple(Instant.parse("2026-11-21T16:00:00Z"), "12.5"),
                    Tuple.tuple(Instant.parse("2026-11-22T16:00:00Z"), "13.5"));
            assertThat(restarted.read(now.plus(MIN15), MIN15)).singleElement()
                    .satisfies(x -> assertThat(x.ts()).isEqualTo(now.plus(MIN15)));
        }
        assertThat(backfilled()).isEqualTo(2);
        // the state file holds the last slot read, as epoch milliseconds
        assertThat(readState(state)).contains("=" + now.plus(MIN15).toEpochMilli());
    }

    private static String readState(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
