package io.energymon.portal.manualentry;

import io.energymon.domain.event.EntryPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A manual entry as the API shows it: one point's period, its current version and every version entered.
 *
 * @param ts       the period's start as an instant (local midnight in the enterprise's zone), as published
 * @param version  the current version
 * @param versions every version, oldest first
 */
public record ManualEntryView(String pointId, EntryPeriod period, LocalDate periodStart, Instant ts, int version,
                              List<Version> versions) {

    /**
     * One value entered.
     *
     * @param enteredBy        the username of whoever entered it ({@code enteredBySubject} the token's subject)
     * @param readingBatchId   the readings.v1 batch that carried the value; null when the value did not change
     *                         (only the comment or the evidence did), so no reading was published
     */
    public record Version(int version, BigDecimal value, String unit, String comment, String enteredBy,
                          String enteredBySubject, Instant enteredAt, UUID readingBatchId,
                          List<Attachment> attachments) {
    }

    /** Evidence: what the file is, never its content (fetched at {@code …/manual-entries/attachments/{id}}). */
    public record Attachment(UUID id, String fileName, String contentType, long sizeBytes, String sha256,
                             String uploadedBy, Instant uploadedAt) {
    }

    /**
     * What a submission did.
     *
     * @param outcome          CREATED (first version), CORRECTED (a new version) or UNCHANGED (identical to the
     *                         current version: nothing stored, nothing published)
     * @param readingPublished whether a reading goes out on readings.v1 (a new value or unit)
     */
    public record Submitted(Outcome outcome, boolean readingPublished, ManualEntryView entry) {
    }

    public enum Outcome { CREATED, CORRECTED, UNCHANGED }
}
