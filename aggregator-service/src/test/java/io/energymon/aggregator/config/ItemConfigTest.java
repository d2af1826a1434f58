package io.energymon.aggregator.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.aggregator.config.AggregatorProperties.EnterpriseConfig;
import io.energymon.aggregator.config.AggregatorProperties.ItemConfig;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration mistakes stop the service at start-up with a message that says what to fix. */
class ItemConfigTest {

    @Test
    void aWholePlantItemWithZeroNarrowSegmentsIsAccepted() {
        assertThatCode(() -> new ItemConfig("0000000002330011", "p", BigDecimal.ONE, 4, 1)).doesNotThrowAnyException();
        assertThatCode(() -> new ItemConfig("01-00-0000-023300-11", "p", BigDecimal.ONE, 4, 2)).doesNotThrowAnyException();
    }

    @Test
    void aCodeInconsistentWithItsScopeIsRejectedWithTheExpectedCode() {
        assertThatThrownBy(() -> new ItemConfig("0100000002330011", "p", BigDecimal.ONE, 4, 1))
                .hasMessageContaining("应为 0000000002330011").hasMessageContaining("expected 0000000002330011");
    }

    @Test
    void malformedCodesSourcesAndEnterprisesAreRejected() {
        assertThatThrownBy(() -> new ItemConfig("00000000023300", "p", BigDecimal.ONE, 4, 1))
                .hasMessageContaining("16 or 17 digits");
        assertThatThrownBy(() -> new ItemConfig("0000000002330011", "p", BigDecimal.ONE, 8, 1))
                .hasMessageContaining("1..7");
        assertThatThrownBy(() -> new EnterpriseConfig("t", "91360100MA35K8P234", ZoneId.of("Asia/Shanghai"), List.of()))
                .hasMessageContaining("USCC check digit wrong");
    }
}
