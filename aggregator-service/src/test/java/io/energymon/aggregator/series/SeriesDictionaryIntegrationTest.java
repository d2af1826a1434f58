package io.energymon.aggregator.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.aggregator.config.TestConfigs;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/** The series dictionary: compact ids, created set-based, stable across instances (restarts) and kept per tenant. */
@SpringBootTest
@ActiveProfiles("test")
class SeriesDictionaryIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();

    @Autowired
    SeriesDictionary series;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txm;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_series", CONFIG_TOPIC);
    }

    @Test
    void unknownKeysGetDistinctIdsInOneGoAndKeepThem() {
        List<SeriesKey> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add(new SeriesKey(new EnterpriseRef("tenant-dict", A), "p" + i));
        }
        Map<SeriesKey, Integer> ids = series.resolve(keys);
        assertThat(ids).hasSize(50);
        assertThat(new HashSet<>(ids.values())).hasSize(50);

        // another instance (a restart): same ids from the table, none created twice
        var restarted = new SeriesDictionary(jdbc, txm, new SimpleMeterRegistry());
        assertThat(restarted.resolve(keys)).isEqualTo(ids);
        assertThat(jdbc.sql("select count(*) from series where tenant_id = 'tenant-dict'").query(Long.class).single())
                .isEqualTo(50);
    }

    @Test
    void theSamePointOfTheSameEnterpriseUnderTwoTenantsIsTwoSeries() {
        var a = new SeriesKey(new EnterpriseRef("tenant-one", A), "p");
        var b = new SeriesKey(new EnterpriseRef("tenant-two", A), "p");
        Map<SeriesKey, Integer> ids = series.resolve(List.of(a, b, a));
        assertThat(ids.get(a)).isNotEqualTo(ids.get(b));
        assertThat(series.resolve(b)).isEqualTo(ids.get(b));
    }
}
