package io.energymon.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.infra.kafka.KafkaBroker;
import io.energymon.infra.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class SharedInfraTest {

    @Test
    void concurrentCallersGetOneServerAndDistinctDatabases() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<EmbeddedPostgresServer>> servers = pool.invokeAll(List.<Callable<EmbeddedPostgresServer>>of(
                    SharedInfra::postgres, SharedInfra::postgres, SharedInfra::postgres, SharedInfra::postgres));
            Set<EmbeddedPostgresServer> distinct = servers.stream().map(SharedInfraTest::get).collect(Collectors.toSet());
            assertThat(distinct).hasSize(1);

            List<Future<String>> urls = pool.invokeAll(List.<Callable<String>>of(
                    () -> SharedInfra.newDatabase("Collector-Service"), () -> SharedInfra.newDatabase("collector"),
                    () -> SharedInfra.newDatabase("9lives"), () -> SharedInfra.newDatabase("collector")));
            List<String> jdbcUrls = urls.stream().map(SharedInfraTest::get).toList();
            assertThat(jdbcUrls).doesNotHaveDuplicates();
            String prefix = "jdbc:postgresql://localhost:" + SharedInfra.postgres().port() + "/";
            assertThat(jdbcUrls.get(0)).startsWith(prefix + "collector_service_");
            assertThat(jdbcUrls.get(2)).startsWith(prefix + "db_9lives_");
            EmbeddedPostgresServer pg = SharedInfra.postgres();
            for (String url : jdbcUrls) {
                try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT current_database()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(url).endsWith("/" + rs.getString(1));
                }
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void kafkaIsStartedOnceAndServes() throws Exception {
        KafkaBroker first = SharedInfra.kafka();
        assertThat(SharedInfra.kafka()).isSameAs(first);
        try (Admin admin = Admin.create(java.util.Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
