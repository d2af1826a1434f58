package io.energymon.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.credentials.CredentialsProperties;
import io.energymon.collector.credentials.Credentials;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import io.energymon.infra.plant.opcua.PlantOpcUaServer;
import io.energymon.infra.plant.opcua.PlantProcess;
import io.energymon.infra.plant.opcua.ServerIdentity;
import io.energymon.infra.plant.opcua.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust of a server's certificate, as an operator does it: an unknown server is refused (BAD with the reason,
 * its certificate kept in {@code rejected/certs}); moved to {@code trusted/certs} it is accepted at a later slot
 * without restart; the commissioning switch accepts it at once; a device asking for a mode the server does not offer
 * is told what the server offers.
 */
class OpcUaCertificateTrustTest {
    private static final Duration SLOT = Duration.ofMinutes(1);
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static PlantOpcUaServer plant;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPlant() {
        plant = PlantOpcUaServer.start("127.0.0.1", 0, ServerIdentity.generate("127.0.0.1"), Map.of(),
                new SettableClock(NOW));
    }

    @AfterAll
    static void stopPlant() {
        plant.close();
    }

    private static DeviceConfig device(String policy, String mode) {
        return new DeviceConfig("dcs", "c1", Protocol.OPC_UA, null, null, null, plant.endpointUrl(), null, null,
                Duration.ofSeconds(2), null, null, null, null, null, policy, mode, null);
    }

    private static final PointConfig FLOW = new PointConfig("flow", "flow", "dcs", null, new PointAddress(null, null,
            null, null, null, null, null, "ns=2;s=Boiler1.SteamFlow", null), PointKind.INSTANTANEOUS, "t/h", null, SLOT,
            null, null);

    private OpcUaConnector connector(Path pki, boolean acceptUnknown) {
        return new OpcUaConnector(new OpcUaProperties(pki, acceptUnknown, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new Credentials(new CredentialsProperties(null, null)), "c1");
    }

    private static Reading readOnce(OpcUaSource source, int slot) {
        List<Reading> r = source.read(NOW.plus(SLOT.multipliedBy(slot)), SLOT);
        assertThat(r).hasSize(1);
        return r.getFirst();
    }

    @Test
    void refusesAnUnknownServerUntilTheOperatorTrustsItsCertificate() throws Exception {
        Path pki = dir.resolve("pki");
        try (OpcUaSource source = new OpcUaSource(device("Basic256Sha256", "Sign"), List.of(FLOW),
                connector(pki, false))) {
            Reading refused = readOnce(source, 0);
            assertThat(refused.quality()).isEqualTo(Quality.BAD);
            assertThat(refused.error()).contains("证书校验失败 / certificate check failed",
                    pki.resolve("rejected").resolve("certs").toString());

            Path rejected = pki.resolve("rejected").resolve("certs");
            List<Path> files;
            try (var list = Files.list(rejected)) {
                files = list.toList();
            }
            assertThat(files).singleElement().satisfies(f -> assertThat(Files.readAllBytes(f))
                    .isEqualTo(plant.certificate().getEncoded()));
            Files.move(files.getFirst(), pki.resolve("trusted").resolve("certs").resolve("plant.der"));

            int[] slot = {1};
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Reading r = readOnce(source, slot[0]++);
                assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
                assertThat(r.value()).isEqualByComparingTo(Double.toString(PlantProcess.steamFlow(NOW)));
            });
        }
    }

    @Test
    void acceptsAnUnknownServerOnlyWithTheCommissioningSwitch() {
        try (OpcUaSource source = new OpcUaSource(device("Basic256Sha256", "SignAndEncrypt"), List.of(FLOW),
                connector(dir.resolve("pki"), true))) {
            Reading r = readOnce(source, 0);
            assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
            assertThat(r.value()).isEqualByComparingTo(Double.toString(PlantProcess.steamFlow(NOW)));
        }
    }

    @Test
    void saysWhichEndpointsTheServerOffersWhenNoneMatches() {
        try (OpcUaSource source = new OpcUaSource(device("Basic256Sha256", "None"), List.of(FLOW),
                connector(dir.resolve("pki"), true))) {
            assertThat(readOnce(source, 0).error()).isEqualTo("设备 dcs 配置错误 / device dcs misconfigured: "
                    + "securityMode None does not go with securityPolicy Basic256Sha256 (None goes with None only)");
        }
        try (OpcUaSource source = new OpcUaSource(device("Aes128", null), List.of(FLOW),
                connector(dir.resolve("pki"), true))) {
            assertThat(readOnce(source, 0).error()).endsWith("securityPolicy must be None or Basic256Sha256, got Aes128");
        }
    }
}
