/**
 * The {@code config.v1} contract: one {@link io.energymon.domain.config.EnterpriseConfig} snapshot per enterprise,
 * produced by portal-service (the owner of master data) and consumed by collector, aggregator and uploader.
 */
package io.energymon.domain.config;
