package io.energymon.aggregator.config;

/**
 * Published once, when the configuration has been read to the end of {@code config.v1} for the first time: from then
 * on a reading finds its enterprise's items if the enterprise is configured at all.
 */
public record ConfigLoadedEvent(int enterprises, int items) {
}
