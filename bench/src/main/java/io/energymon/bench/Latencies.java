package io.energymon.bench;

import java.util.Arrays;

/** Percentiles of measured durations (nearest rank), in milliseconds. */
public record Latencies(int count, double p50, double p95, double p99, double max) {

    public static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    @Override
    public String toString() {
        return String.format("p50 %7.1f ms   p95 %7.1f ms   p99 %7.1f ms   max %7.1f ms   (n = %d)", p50, p95, p99, max,
                count);
    }
}
