package io.energymon.uploader.testing;

import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.testing.SharedInfra;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What an uploader integration test class owns: a development PKI for its enterprises, platform simulators that know
 * them (region {@link UploaderTestSupport#REGION}) and trust its CA, a producer, config and item-values topics of its
 * own and a credentials folder. Made once per class (lazily, from its {@code @DynamicPropertySource}) and closed in
 * its {@code @AfterAll}.
 */
public record PlatformFixture(DevPki pki, List<PlatformSimulator> sims, KafkaProducer<String, byte[]> producer,
                              String configTopic, String itemValuesTopic, Path credentials) implements AutoCloseable {

    /**
     * @param dir       the test class's temporary folder (PKI and credentials go below it)
     * @param name      names the topics, e.g. {@code delivery}
     * @param usccs     the enterprises the PKI issues certificates for and the platforms know
     * @param platforms how many simulators
     */
    public static PlatformFixture start(Path dir, String name, List<String> usccs, int platforms) {
        DevPki pki = DevPki.create(dir.resolve("pki"), usccs);
        Map<String, String> regions = new HashMap<>();
        usccs.forEach(u -> regions.put(u, UploaderTestSupport.REGION));
        List<PlatformSimulator> sims = new ArrayList<>();
        for (int i = 0; i < platforms; i++) {
            sims.add(PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, regions)));
        }
        return new PlatformFixture(pki, List.copyOf(sims), SharedInfra.newProducer(),
                UploaderTestSupport.newTopic("config-" + name, true),
                UploaderTestSupport.newTopic("item-values-" + name, false), dir.resolve("credentials"));
    }

    /** The (first) platform simulator. */
    public PlatformSimulator sim() {
        return sims.getFirst();
    }

    public PlatformSimulator sim(int index) {
        return sims.get(index);
    }

    /** Puts the enterprises' client certificates where the uploader expects them, under their tenant. */
    public PlatformFixture withCredentials(String tenant, String... usccs) {
        for (String uscc : usccs) {
            UploaderTestSupport.writeCredentials(pki, credentials, tenant, uscc);
        }
        return this;
    }

    /** The uploader on the shared infrastructure with this fixture's topics and credentials; no platform yet. */
    public void registerInfra(DynamicPropertyRegistry r, String databasePrefix) {
        UploaderTestSupport.registerInfra(r, databasePrefix, configTopic, itemValuesTopic, credentials);
    }

    /** {@link #registerInfra}, with the simulators as the uploader's platforms under the given ids, in order. */
    public void register(DynamicPropertyRegistry r, String databasePrefix, String... platformIds) {
        registerInfra(r, databasePrefix);
        for (int i = 0; i < platformIds.length; i++) {
            UploaderTestSupport.registerPlatform(r, i, platformIds[i], sims.get(i), pki);
        }
    }

    @Override
    public void close() {
        producer.close();
        sims.forEach(PlatformSimulator::close);
    }
}
