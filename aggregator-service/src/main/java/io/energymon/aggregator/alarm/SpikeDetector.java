package io.energymon.aggregator.alarm;

import io.energymon.aggregator.config.AggregatorProperties;
import io.energymon.aggregator.interval.Interval;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@link AlarmKind#CONSUMPTION_SPIKE}: an interval whose consumption per hour exceeds {@code spike-factor} times the
 * series' recent baseline, an exponential moving average of its usable intervals per hour (weight of about the last
 * day of quarter hours), once the baseline has {@code spike-min-samples} intervals. A spike does not move the
 * baseline. The baselines live in memory, per series, on the instance that ingests it (a series stays on its
 * partition): after a restart, or on the instance a partition moved to, they warm up again, during which nothing is
 * flagged. Thread-safe.
 */
@Component
public class SpikeDetector {
    private static final double ALPHA = 2.0 / (96 + 1);

    private final double factor;
    private final int minSamples;
    private final Map<Integer, Baseline> baselines = new ConcurrentHashMap<>();

    private record Baseline(double perHour, int samples) {
    }

    public SpikeDetector(AggregatorProperties props) {
        this.factor = props.spikeFactor();
        this.minSamples = props.spikeMinSamples();
    }

    /** Observes one usable interval of a series: a spike is a bad observation, another interval a good one. */
    public Observation observe(int seriesId, EnterpriseRef enterprise, String pointId, Interval in) {
        double hours = (in.end().toEpochMilli() - in.start().toEpochMilli()) / 3_600_000.0;
        double perHour = in.consumption().doubleValue() / hours;
        Baseline b = baselines.get(seriesId);
        if (b != null && b.samples() >= minSamples && b.perHour() > 0 && perHour > factor * b.perHour()) {
            String rate = BigDecimal.valueOf(perHour).stripTrailingZeros().toPlainString();
            String base = BigDecimal.valueOf(b.perHour()).round(new java.math.MathContext(4)).stripTrailingZeros()
                    .toPlainString();
            return Observation.bad(enterprise, AlarmKind.CONSUMPTION_SPIKE, pointId, in.end(),
                    in.start() + " 起每小时消耗 " + rate + "，超过近期基线 " + base + " 的 " + factor + " 倍",
                    "consumption of " + rate + " per hour from " + in.start() + " is above " + factor
                            + " times its recent baseline of " + base);
        }
        baselines.put(seriesId, b == null ? new Baseline(perHour, 1)
                : new Baseline(b.perHour() + ALPHA * (perHour - b.perHour()), b.samples() + 1));
        return Observation.good(enterprise, AlarmKind.CONSUMPTION_SPIKE, pointId, in.end());
    }
}
