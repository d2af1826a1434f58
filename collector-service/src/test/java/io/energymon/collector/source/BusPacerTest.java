package io.energymon.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing between requests on one bus, with a clock and a sleeper the test controls. */
class BusPacerTest {
    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private BusPacer pacer(Duration gap) {
        return new BusPacer(gap, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void theNextRequestWaitsForWhatIsLeftOfTheGapSinceTheEndOfThePreviousOne() {
        BusPacer pacer = pacer(Duration.ofMillis(50));
        assertThat(pacer.paced(() -> "first")).isEqualTo("first"); // nothing before it: no wait
        assertThat(sleeps).isEmpty();
        now += Duration.ofMillis(20).toNanos(); // the caller spends 20 ms elsewhere
        pacer.paced(() -> {
            now += Duration.ofMillis(100).toNanos(); // a slow request
            return null;
        });
        assertThat(sleeps).containsExactly(Duration.ofMillis(30).toNanos());
        now += Duration.ofMillis(60).toNanos(); // longer than the gap since the slow request ended: no wait
        pacer.awaitTurn();
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aFailedRequestAlsoCountsAsTheEndOfARequest() {
        BusPacer pacer = pacer(Duration.ofMillis(40));
        try {
            pacer.paced(() -> {
                throw new java.io.IOException("timeout");
            });
        } catch (java.io.IOException expected) {
            // the request failed
        }
        pacer.awaitTurn();
        assertThat(sleeps).containsExactly(Duration.ofMillis(40).toNanos());
    }

    @Test
    void noPacingNeverWaits() {
        BusPacer pacer = pacer(Duration.ZERO);
        pacer.requestDone();
        pacer.awaitTurn();
        pacer.requestDone();
        pacer.awaitTurn();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void theGapIsTheDevicesPacingElseTheSerialDefaultOnSerialLinesElseNone() {
        assertThat(BusPacer.gapOf(device(Protocol.DLT645_TCP, Duration.ofMillis(80)))).isEqualTo(Duration.ofMillis(80));
        assertThat(BusPacer.gapOf(device(Protocol.MODBUS_TCP, null))).isZero();
        assertThat(BusPacer.gapOf(device(Protocol.DLT645_TCP, null))).isZero();
        assertThat(BusPacer.gapOf(device(Protocol.MODBUS_RTU_OVER_TCP, null))).isEqualTo(Duration.ofMillis(20));
        assertThat(BusPacer.gapOf(device(Protocol.CJT188_SERIAL, null))).isEqualTo(Duration.ofMillis(20));
        assertThat(new BusPacer(Duration.ofMillis(-5)).gap()).isZero();
        assertThat(new BusPacer(Duration.ofMinutes(1)).gap()).isEqualTo(BusPacer.MAX);
    }

    private static DeviceConfig device(Protocol protocol, Duration pacing) {
        return new DeviceConfig("d", "c", protocol, "127.0.0.1", 1, null, null, null, null, null, null, null, pacing,
                null, null, null, null, null);
    }
}
