package io.energymon.portal.manualentry;

import io.energymon.domain.event.EntryPeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A value entered by hand for a whole local period of a manual point (§6.3.4 a).
 *
 * @param pointId       a manual point of the enterprise (no device, not derived, source 5)
 * @param period        DAY, WEEK (ISO week: starts on a Monday) or MONTH (starts on the 1st)
 * @param periodStart   the period's first local day in the enterprise's zone
 * @param value         the quantity of the whole period, in the point's unit
 * @param unit          the point's unit, repeated as a check that the value was entered in it
 * @param comment       optional, at most 500 characters
 * @param attachmentIds evidence (invoices, reports) uploaded before to {@code …/manual-entries/attachments}
 */
public record ManualEntryRequest(String pointId, EntryPeriod period, LocalDate periodStart, BigDecimal value,
                                 String unit, String comment, List<UUID> attachmentIds) {
}
