package io.energymon.portal.masterdata.licence;

import java.time.Instant;

/** A stored business licence file (营业执照) and what is known of it. */
public record BusinessLicence(Info info, byte[] content) {

    /** @param sha256 lower-case hex SHA-256 of the content, also carried in the enterprise profile */
    public record Info(String fileName, String contentType, long sizeBytes, String sha256, Instant uploadedAt) {
    }
}
