package io.energymon.portal.manualentry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bound from {@code energymon.portal.manual-entry.*}.
 *
 * @param readingsTopic      where entries are published as period readings (source 5) for the aggregator
 * @param maxAttachmentSize  largest evidence file accepted (default 10MB; the servlet's multipart limit is above it,
 *                           so a larger file gets this check's bilingual answer)
 * @param oldestPeriodMonths how many months back a period may start (default 24); must stay within the aggregator's
 *                           {@code retention-months} (36), which dead-letters readings older than its retention
 */
@ConfigurationProperties("energymon.portal.manual-entry")
public record ManualEntryProperties(@DefaultValue("readings.v1") String readingsTopic,
                                    @DefaultValue("10MB") DataSize maxAttachmentSize,
                                    @DefaultValue("24") int oldestPeriodMonths) {
}
