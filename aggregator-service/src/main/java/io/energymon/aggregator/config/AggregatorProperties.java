package io.energymon.aggregator.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.aggregator.*}. Master data (enterprises, points, data items and their formulas) is not
 * configured here: it arrives over {@code config.v1} (see {@link ConfigFeedLifecycle}).
 *
 * @param outboxPollInterval     how often the outbox relay looks for unpublished rows
 * @param outboxBatchSize        rows relayed per round
 * @param outboxRetention        how long published outbox rows are kept before the relay deletes them
 * @param configTopic            the compacted topic carrying one configuration snapshot per enterprise
 * @param retentionMonths        months of readings and intervals kept; whole monthly partitions older than this are
 *                               dropped (never below 24, DESIGN §4)
 * @param partitionsAhead        monthly partitions created ahead of the current month
 * @param futureTolerance        how far after now a reading's timestamp may be; a later one is dead-lettered
 * @param maintenanceInterval    how often partitions are created ahead and expired ones dropped
 * @param compactAfter           readings of a UTC day are packed into one row per series and day
 *                               ({@code reading_day}) once the day ended at least this long ago; late readings of a
 *                               packed day are merged into it at the next round (at least 1 hour)
 * @param compactionInterval     how often the compaction round runs (the first one runs one interval after start)
 * @param compactionChunk        series packed per statement (and transaction) of a compaction round
 * @param maxReadingsPerTransaction readings stored per transaction: a poll of {@code readings.v1} is stored in runs
 *                               of consecutive records of at most this many readings (a larger record alone)
 * @param rollupInterval         how often marked day, month and year values are rolled up (a day value trails its
 *                               real-time values by at most this)
 * @param rollupBatch            marks rolled up per transaction
 * @param readingsTopic          the topic of raw readings ({@code readings.v1}; another name only for tests and
 *                               side-by-side installations); its dead-letter topic is {@code <name>.dlt}
 * @param realtimePeriod         the grid of real-time (statType 0) item values, §9.8.1's 15 minutes; data of points
 *                               polled as often or more often are summed into its periods (a shorter period only for
 *                               demonstrations and tests with short poll slots; it must divide a day)
 * @param alarmInterval          how often the alarms no incoming data raises are checked (silent points, meter
 *                               verification)
 * @param silentAfterSlots       a polled point without a usable reading in this many of its slots raises POINT_SILENT
 * @param verificationWarning    a meter whose verification is due within this period raises METER_VERIFICATION_DUE
 * @param missingCheckDelay      how long after local midnight the previous day's real-time values are counted
 *                               (MISSING_INTERVALS); before the platform's daily upload, after late data settled
 * @param spikeFactor            an interval consuming more per hour than this many times its series' recent baseline
 *                               raises CONSUMPTION_SPIKE
 * @param spikeMinSamples        intervals a series' baseline needs before spikes are flagged
 * @param qualityTimeliness      a real-time value computed within this time after its period ended is timely (data
 *                               quality)
 * @param manualEntryDeadlineDay a monthly manual item must have its month entered by the end of this local day of the
 *                               following month (1..28); after it, MANUAL_ENTRY_MISSING is raised
 * @param alarm                  {@code energymon.aggregator.alarm.*}: thresholds of alarms
 */
@ConfigurationProperties("energymon.aggregator")
public record AggregatorProperties(@DefaultValue("PT0.2S") Duration outboxPollInterval,
                                   @DefaultValue("500") int outboxBatchSize,
                                   @DefaultValue("config.v1") String configTopic,
                                   @DefaultValue("36") int retentionMonths,
                                   @DefaultValue("2") int partitionsAhead,
                                   @DefaultValue("P400D") Duration futureTolerance,
                                   @DefaultValue("P1D") Duration maintenanceInterval,
                                   @DefaultValue("PT1H") Duration outboxRetention,
                                   @DefaultValue("P2D") Duration compactAfter,
                                   @DefaultValue("PT1H") Duration compactionInterval,
                                   @DefaultValue("1000") int compactionChunk,
                                   @DefaultValue("20000") int maxReadingsPerTransaction,
                                   @DefaultValue("PT10S") Duration rollupInterval,
                                   @DefaultValue("5000") int rollupBatch,
                                   @DefaultValue("readings.v1") String readingsTopic,
                                   @DefaultValue("PT15M") Duration realtimePeriod,
                                   @DefaultValue("PT1M") Duration alarmInterval,
                                   @DefaultValue("4") int silentAfterSlots,
                                   @DefaultValue("P30D") java.time.Period verificationWarning,
                                   @DefaultValue("PT30M") Duration missingCheckDelay,
                                   @DefaultValue("5") double spikeFactor,
                                   @DefaultValue("8") int spikeMinSamples,
                                   @DefaultValue("PT1H") Duration qualityTimeliness,
                                   @DefaultValue("5") int manualEntryDeadlineDay,
                                   @DefaultValue Alarm alarm) {

    /**
     * Thresholds of alarms, bound from {@code energymon.aggregator.alarm.*}.
     *
     * @param meterBalanceTolerance a closed day on which a main meter's consumption and the sum of its sub-meters'
     *                              differ by more than this share of the main meter's raises METER_IMBALANCE (0.05:
     *                              5 %); above 0
     */
    public record Alarm(@DefaultValue("0.05") double meterBalanceTolerance) {
        public Alarm {
            if (!(meterBalanceTolerance > 0) || Double.isInfinite(meterBalanceTolerance)) {
                throw new IllegalArgumentException("energymon.aggregator.alarm.meter-balance-tolerance must be a "
                        + "positive share (e.g. 0.05 for 5 %), got " + meterBalanceTolerance);
            }
        }
    }

    public AggregatorProperties {
        if (retentionMonths < 24) {
            throw new IllegalArgumentException("energymon.aggregator.retention-months must be at least 24 (DESIGN §4), got "
                    + retentionMonths);
        }
        if (compactAfter.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("energymon.aggregator.compact-after must be at least PT1H, got "
                    + compactAfter);
        }
        if (rollupBatch < 1) {
            throw new IllegalArgumentException("energymon.aggregator.rollup-batch must be positive");
        }
        if (maxReadingsPerTransaction < 1) {
            throw new IllegalArgumentException("energymon.aggregator.max-readings-per-transaction must be positive");
        }
        if (compactionChunk < 1) {
            throw new IllegalArgumentException("energymon.aggregator.compaction-chunk must be positive");
        }
        if (realtimePeriod.toMillis() < 1000 || Duration.ofDays(1).toMillis() % realtimePeriod.toMillis() != 0) {
            throw new IllegalArgumentException("energymon.aggregator.realtime-period must be at least PT1S and divide a "
                    + "day, got " + realtimePeriod);
        }
        if (spikeFactor <= 1 || spikeMinSamples < 1) {
            throw new IllegalArgumentException("energymon.aggregator.spike-factor must be above 1 and spike-min-samples "
                    + "positive");
        }
        if (silentAfterSlots < 1) {
            throw new IllegalArgumentException("energymon.aggregator.silent-after-slots must be positive");
        }
        if (manualEntryDeadlineDay < 1 || manualEntryDeadlineDay > 28) {
            throw new IllegalArgumentException("energymon.aggregator.manual-entry-deadline-day must be a day of the month "
                    + "1..28, got " + manualEntryDeadlineDay);
        }
        if (partitionsAhead < 0) {
            throw new IllegalArgumentException("energymon.aggregator.partitions-ahead must not be negative");
        }
    }
}
