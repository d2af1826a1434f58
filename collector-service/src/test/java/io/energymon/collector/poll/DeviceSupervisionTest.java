package io.energymon.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.collector.config.PollingProperties;
import io.energymon.collector.source.SlotRead;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervision state machine of one device, driven along a slot timeline the test moves. */
class DeviceSupervisionTest {
    private static final Instant T0 = Instant.parse("2026-11-24T04:00:00Z");
    /** Defective after 3 failed slots, back-off 10 s doubling up to 60 s. */
    private static final PollingProperties POLICY = new PollingProperties(0.8, Duration.ofMinutes(5), 3,
            Duration.ofSeconds(10), Duration.ofSeconds(60));

    /** The slot timeline: the test moves it. */
    private Instant now = T0;

    private void advance(Duration d) {
        now = now.plus(d);
    }

    private final DeviceSupervision supervision = new DeviceSupervision("meter-1", POLICY);

    @Test
    void aNewDeviceIsOnlineAndAskedEverySlot() {
        assertThat(supervision.state()).isEqualTo(DeviceState.ONLINE);
        assertThat(supervision.admit(now)).isNull();
        supervision.answered(now);
        advance(Duration.ofSeconds(1));
        assertThat(supervision.admit(now)).isNull();
        assertThat(supervision.snapshot().lastSuccess()).isEqualTo(T0);
    }

    @Test
    void failedSlotsBackOffExponentiallyThenMakeTheDeviceDefectiveAndAnAnswerBringsItBack() {
        supervision.failed(now, "connection refused");
        assertThat(supervision.state()).isEqualTo(DeviceState.RETRYING);
        assertThat(supervision.snapshot().nextAttempt()).isEqualTo(T0.plusSeconds(10));
        advance(Duration.ofSeconds(9));
        assertThat(supervision.admit(now)).contains("device meter-1 failing (1 failed slot(s))",
                "retrying at " + T0.plusSeconds(10), "last error: connection refused");
        advance(Duration.ofSeconds(1)); // T0 + 10 s: the back-off has passed
        assertThat(supervision.admit(now)).isNull();

        supervision.failed(now, "connection refused");
        assertThat(supervision.state()).isEqualTo(DeviceState.RETRYING);
        assertThat(supervision.snapshot().nextAttempt()).isEqualTo(T0.plusSeconds(10 + 20)); // doubled
        advance(Duration.ofSeconds(19));
        assertThat(supervision.admit(now)).isNotNull();
        advance(Duration.ofSeconds(1));
        assertThat(supervision.admit(now)).isNull();

        supervision.failed(now, "no answer within PT0.8S");
        DeviceSupervision.Snapshot defective = supervision.snapshot();
        assertThat(defective.state()).isEqualTo(DeviceState.DEFECTIVE);
        assertThat(defective.stateSince()).isEqualTo(T0.plusSeconds(30));
        assertThat(defective.consecutiveFailures()).isEqualTo(3);
        assertThat(defective.nextAttempt()).isEqualTo(T0.plusSeconds(30 + 60)); // probed once per backoff-max
        advance(Duration.ofSeconds(59));
        assertThat(supervision.admit(now)).contains("设备 meter-1 故障", "device meter-1 defective since "
                + T0.plusSeconds(30), "3 failed slots", "last error: no answer within PT0.8S");
        advance(Duration.ofSeconds(1));
        assertThat(supervision.admit(now)).isNull(); // the probe

        supervision.failed(now, "no answer within PT0.8S"); // the probe failed: still defective, next probe a cap later
        assertThat(supervision.state()).isEqualTo(DeviceState.DEFECTIVE);
        assertThat(supervision.snapshot().stateSince()).isEqualTo(T0.plusSeconds(30));
        assertThat(supervision.snapshot().nextAttempt()).isEqualTo(T0.plusSeconds(90 + 60));
        advance(Duration.ofSeconds(60));
        assertThat(supervision.admit(now)).isNull();

        supervision.answered(now);
        DeviceSupervision.Snapshot online = supervision.snapshot();
        assertThat(online.state()).isEqualTo(DeviceState.ONLINE);
        assertThat(online.consecutiveFailures()).isZero();
        assertThat(online.nextAttempt()).isNull();
        assertThat(online.lastSuccess()).isEqualTo(T0.plusSeconds(150));
        assertThat(online.lastError()).isEqualTo("no answer within PT0.8S"); // kept for the status view
        assertThat(supervision.admit(now)).isNull();

        supervision.failed(now, "timeout"); // a new run of failures starts from the initial back-off
        assertThat(supervision.state()).isEqualTo(DeviceState.RETRYING);
        assertThat(supervision.snapshot().nextAttempt()).isEqualTo(T0.plusSeconds(150 + 10));
    }

    @Test
    void anAnswerBetweenFailuresResetsTheCount() {
        supervision.failed(now, "timeout");
        supervision.failed(now, "timeout");
        advance(Duration.ofMinutes(1));
        supervision.answered(now);
        supervision.failed(now, "timeout");
        supervision.failed(now, "timeout");
        assertThat(supervision.state()).isEqualTo(DeviceState.RETRYING);
        assertThat(supervision.snapshot().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void aNewConfigurationOfTheDeviceMakesItOnlineAgain() {
        for (int i = 0; i < 3; i++) {
            supervision.failed(now, "connection refused");
        }
        assertThat(supervision.state()).isEqualTo(DeviceState.DEFECTIVE);
        supervision.reset(now);
        assertThat(supervision.state()).isEqualTo(DeviceState.ONLINE);
        assertThat(supervision.admit(now)).isNull();
        supervision.failed(now, "connection refused");
        assertThat(supervision.state()).isEqualTo(DeviceState.RETRYING);
    }

    @Test
    void theBackOffDoublesUpToItsCapAndIsTheCapOnceDefective() {
        PollingProperties p = new PollingProperties(0.5, Duration.ofMinutes(5), 5, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        assertThat(List.of(1, 2, 3, 4, 5, 6)).map(p::backoff).containsExactly(Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        assertThat(p.readBudget(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.readBudget(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> new PollingProperties(1.5, Duration.ofMinutes(5), 3, Duration.ofSeconds(5),
                Duration.ofSeconds(30))).hasMessageContaining("read-budget-fraction must be in (0, 1]");
        assertThatThrownBy(() -> new PollingProperties(0.8, Duration.ofMinutes(5), 3, Duration.ofSeconds(50),
                Duration.ofSeconds(30))).hasMessageContaining("backoff-max PT30S must not be shorter");
    }

    @Test
    void onlyDeviceFailuresCountAsFailedSlots() {
        Reading good = Reading.good("a", T0, BigDecimal.ONE, 4);
        Reading misconfigured = Reading.bad("b", T0, 4, "点位 b 配置错误 / point b misconfigured: no Modbus register");
        Reading timeout = Reading.bad("c", T0, 4, "device m (h:502 unit 1) register 3: SocketTimeoutException");
        assertThat(SlotRead.classify(List.of(misconfigured, good, timeout)).outcome())
                .isEqualTo(SlotRead.Outcome.ANSWERED);
        assertThat(SlotRead.classify(List.of(misconfigured)).outcome()).isEqualTo(SlotRead.Outcome.NOT_ASKED);
        assertThat(SlotRead.classify(List.of()).outcome()).isEqualTo(SlotRead.Outcome.NOT_ASKED);
        SlotRead failed = SlotRead.classify(List.of(misconfigured, timeout));
        assertThat(failed.outcome()).isEqualTo(SlotRead.Outcome.FAILED);
        assertThat(failed.failure()).isEqualTo(timeout.error());
    }
}
