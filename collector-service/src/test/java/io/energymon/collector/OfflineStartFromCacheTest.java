package io.energymon.collector;

import static io.energymon.collector.TestConfigs.A;
import static io.energymon.collector.TestConfigs.energy;
import static io.energymon.collector.TestConfigs.enterprise;
import static io.energymon.collector.TestConfigs.modbus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.collector.config.ConfigFeedLifecycle;
import io.energymon.collector.poll.PollPlanner;
import io.energymon.configclient.ConfigFeed;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.testing.TestIdentityProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A collector restarted while Kafka is unreachable starts from the configuration it kept on disk: it is ready and
 * reads the plant's meter although it cannot publish (the offline buffer is a later issue), and a dead broker does
 * not stall the poll loop.
 */
class OfflineStartFromCacheTest {
    @TempDir
    Path dir;

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(CollectorServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static Counter counter(ConfigurableApplicationContext ctx, String name, String... tags) {
        return ctx.getBean(MeterRegistry.class).get(name).tags(tags).counter();
    }

    @Test
    void aCollectorRestartedWhileKafkaIsDownPollsFromItsDiskCache() throws Exception {
        String collector = "c-offline-" + UUID.randomUUID();
        String topic = TestConfigs.newConfigTopic("config-offline");
        Path cache = dir.resolve("state/collector-config.json");
        try (ModbusMeterSimulator plant = ModbusMeterSimulator.start("127.0.0.1", 0)) {
            plant.addMeter(5, 0).setEnergyKwh(new BigDecimal("500.05"));
            TestConfigs.publish(topic, enterprise("tenant-a", A, 7,
                    List.of(modbus("m5", collector, plant.port(), 5, null)),
                    List.of(energy("m5.energy", "m5", 0, Duration.ofSeconds(1)))));
            List<String> common = List.of("--server.port=0", "--energymon.collector.collector-id=" + collector,
                    "--energymon.collector.slot-offset=PT0.1S", "--energymon.collector.config-topic=" + topic,
                    "--energymon.collector.config-cache=" + cache,
                    "--energymon.collector.buffer-dir=" + cache.resolveSibling("buffer"));

            // first run, with the broker: reads config.v1, keeps it on disk, polls
            List<String> online = new ArrayList<>(common);
            online.add("--spring.kafka.bootstrap-servers=" + SharedInfra.kafka().bootstrapServers());
            try (ConfigurableApplicationContext ctx = start(online)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(cache)
                        && EventCodec.decode(Files.readAllBytes(cache), EnterpriseConfig[].class).length == 1);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> counter(ctx, "collector_readings_total", "quality", "good").count() >= 1);
            }
            assertThat(EventCodec.decode(Files.readAllBytes(cache), EnterpriseConfig[].class))
                    .extracting(EnterpriseConfig::revision).containsExactly(7L);

            // restart while the broker is unreachable; publishing fails fast (max.block.ms) instead of stalling polls
            List<String> offline = new ArrayList<>(common);
            offline.addAll(List.of("--spring.kafka.bootstrap-servers=127.0.0.1:" + FreePorts.pick(),
                    "--spring.kafka.producer.properties.max.block.ms=500",
                    "--spring.kafka.producer.properties.request.timeout.ms=1000",
                    "--spring.kafka.producer.properties.delivery.timeout.ms=1500"));
            try (ConfigurableApplicationContext ctx = start(offline)) {
                ConfigFeed feed = ctx.getBean(ConfigFeedLifecycle.class).feed();
                assertThat(feed.origin()).isEqualTo(ConfigFeed.Origin.CACHE);
                assertThat(feed.caughtUp()).isFalse();
                assertThat(ctx.getBean(PollPlanner.class).plan().pointCount()).isEqualTo(1);

                Counter good = counter(ctx, "collector_readings_total", "quality", "good");
                Counter failures = counter(ctx, "collector_publish_failures_total");
                await().atMost(Duration.ofSeconds(60)).until(() -> good.count() >= 3 && failures.count() >= 2);
                assertThat(counter(ctx, "collector_readings_total", "quality", "bad").count()).isZero();

                String port = ctx.getEnvironment().getProperty("local.server.port");
                HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + TestIdentityProvider.shared().service())
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("collector_config_points{application=\"collector-service\"} 1.0",
                        "collector_config_cache_in_use{application=\"collector-service\"} 1.0",
                        "collector_config_revision{application=\"collector-service\",enterprise=\"" + A
                                + "\",tenant=\"tenant-a\"} 7.0",
                        "collector_readings_total{application=\"collector-service\",quality=\"good\"}",
                        "collector_publish_failures_total", "collector_poll_duration_seconds_count");
            }
        }
    }
}
