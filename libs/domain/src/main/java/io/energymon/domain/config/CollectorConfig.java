package io.energymon.domain.config;

/**
 * A collector instance (collector-service running in the plant), identified by the id it is started with
 * ({@code energymon.collector.collector-id}). It polls the devices assigned to it.
 */
public record CollectorConfig(String id, String name) {
}
